package dev.aimengine.operator.common.reconcile;

import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.api.v1alpha1.AIMServiceStatus;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which updates of a controller's own objects start a reconcile. */
class IgnoreStatusOnlyUpdatesTest {
    static final KubernetesSerialization YAML = new KubernetesSerialization();
    final IgnoreStatusOnlyUpdates<AIMService> filter = new IgnoreStatusOnlyUpdates<>();

    static AIMService service() {
        return YAML.unmarshal("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMService
                metadata:
                  name: chat
                  namespace: ns
                  generation: 3
                  resourceVersion: "100"
                  labels: {team: a}
                  finalizers: [aim.eai.amd.com/template-cache-cleanup]
                spec: {model: {name: qwen}}
                status: {status: Starting}
                """, AIMService.class);
    }

    boolean accepted(Consumer<AIMService> change) {
        AIMService before = service();
        AIMService after = service();
        change.accept(after);
        return filter.accept(after, before);
    }

    @Test
    void theControllersOwnStatusWriteDoesNotStartAnotherReconcile() {
        assertFalse(accepted(s -> {
            s.getMetadata().setResourceVersion("101");
            s.setStatus(new AIMServiceStatus());
            s.getStatus().status = "Running";
        }));
    }

    @Test
    void specLabelsAnnotationsFinalizersOwnersAndDeletionDo() {
        assertTrue(accepted(s -> s.getMetadata().setGeneration(4L)), "spec edited");
        assertTrue(accepted(s -> s.getMetadata().setLabels(Map.of("team", "b"))), "label changed");
        assertTrue(accepted(s -> s.getMetadata().setAnnotations(Map.of("aim.eai.amd.com/reconciliation-paused", "true"))),
                "paused");
        assertTrue(accepted(s -> s.getMetadata().setFinalizers(List.of())), "finalizer removed");
        assertTrue(accepted(s -> s.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder()
                .withName("x").withUid("u").withKind("K").withApiVersion("v1").build()))), "owner added");
        assertTrue(accepted(s -> s.getMetadata().setDeletionTimestamp("2026-12-04T10:00:00Z")), "being deleted");
    }

    @Test
    void resumingAPausedServiceDoes() {
        AIMService paused = service();
        paused.getMetadata().setAnnotations(Map.of("aim.eai.amd.com/reconciliation-paused", "true"));
        AIMService resumed = service();
        resumed.getMetadata().setAnnotations(null);
        assertTrue(filter.accept(resumed, paused));
    }

    @Test
    void emptyAndAbsentMetadataAreTheSame() {
        assertFalse(accepted(s -> {
            s.getMetadata().setAnnotations(Map.of());
            s.getMetadata().setOwnerReferences(List.of());
        }));
    }

    @Test
    void withoutAGenerationEverythingGoesThrough() {
        AIMService before = service();
        AIMService after = service();
        before.getMetadata().setGeneration(null);
        after.getMetadata().setGeneration(null);
        assertTrue(filter.accept(after, before));
    }
}
