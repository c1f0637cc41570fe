package dev.aimengine.operator.mock;

import dev.aimengine.operator.api.v1alpha1.AIMArtifact;
import dev.aimengine.operator.api.v1alpha1.AIMClusterModel;
import dev.aimengine.operator.api.v1alpha1.AIMClusterServiceTemplate;
import dev.aimengine.operator.api.v1alpha1.AIMConditionedStatus;
import dev.aimengine.operator.api.v1alpha1.AIMModel;
import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplate;
import dev.aimengine.operator.api.v1alpha1.AIMTemplateCache;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tier 2: every controller's loop on the fabric8 CRUD mock server — a paused object is left alone, an unpaused one
 * gets a status with {@code observedGeneration}, and the kinds with cleanup carry their finalizer.
 */
@QuarkusTest
@WithKubernetesTestServer
class ControllerLoopMockTest {

    @Inject
    KubernetesClient client;

    static Stream<Arguments> kinds() {
        return Stream.of(
                Arguments.of(AIMModel.class, "spec: {image: 'img:1', discovery: {extractMetadata: false, createServiceTemplates: false}}", null),
                Arguments.of(AIMClusterModel.class, "spec: {image: 'img:1', discovery: {extractMetadata: false, createServiceTemplates: false}}", null),
                Arguments.of(AIMServiceTemplate.class, "spec: {modelName: m}", null),
                Arguments.of(AIMClusterServiceTemplate.class, "spec: {modelName: m}", null),
                Arguments.of(AIMTemplateCache.class, "spec: {templateName: t, templateScope: Namespace}",
                        "aim.eai.amd.com/artifactcleanup"),
                Arguments.of(AIMArtifact.class, "spec: {sourceUri: 'hf://org/model', size: 1Gi}", null),
                Arguments.of(dev.aimengine.operator.api.v1alpha1.AIMClusterModelSource.class,
                        "spec: {filters: [{image: 'registry.example/org/model:1'}]}", null),
                Arguments.of(AIMService.class, "spec: {model: {name: m}}", "aim.eai.amd.com/template-cache-cleanup"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    <T extends CustomResource<?, ? extends AIMConditionedStatus>> void pausedIsLeftAloneUnpausedGetsAStatus(
            Class<T> kind, String spec, String finalizer) {
        boolean cluster = kind.getSimpleName().startsWith("AIMCluster");
        String paused = "paused-" + UUID.randomUUID().toString().substring(0, 6);
        String live = "live-" + UUID.randomUUID().toString().substring(0, 6);
        create(kind, paused, spec, true, cluster);
        T created = create(kind, live, spec, false, cluster);

        await().ignoreExceptions().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            T o = get(kind, live, cluster);
            assertNotNull(o.getStatus(), kind.getSimpleName() + " gets a status");
            assertEquals(o.getMetadata().getGeneration(), o.getStatus().observedGeneration);
            assertTrue(o.getStatus().conditions.stream().anyMatch(c -> "Ready".equals(c.getType())));
            if (finalizer != null) {
                assertTrue(o.getMetadata().getFinalizers().contains(finalizer), "finalizer " + finalizer);
            }
        });
        // the paused one saw the same events, and the reconciler left it without a status
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertNull(get(kind, paused, cluster).getStatus()));
        assertNotNull(created);
    }

    private <T extends CustomResource<?, ?>> T create(Class<T> kind, String name, String spec, boolean paused,
            boolean cluster) {
        T object = client.getKubernetesSerialization().unmarshal("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: %s
                metadata: {name: %s, annotations: {%s}}
                %s
                """.formatted(kind.getSimpleName(), name,
                paused ? "aim.eai.amd.com/reconciliation-paused: \"true\"" : "", spec), kind);
        return cluster ? client.resource(object).create() : client.resource(object).inNamespace("default").create();
    }

    private <T extends CustomResource<?, ?>> T get(Class<T> kind, String name, boolean cluster) {
        return cluster ? client.resources(kind).withName(name).get()
                : client.resources(kind).inNamespace("default").withName(name).get();
    }

}
