package dev.aimengine.operator.artifact;

import dev.aimengine.operator.api.v1alpha1.AIMArtifact;
import dev.aimengine.operator.api.v1alpha1.AIMArtifactStatus;
import dev.aimengine.operator.common.health.LogReader;
import dev.aimengine.operator.common.reconcile.Decision;
import dev.aimengine.operator.common.status.AIMStatus;
import dev.aimengine.operator.common.status.StatusEngine;
import dev.aimengine.operator.common.status.StatusOutcome;
import dev.aimengine.operator.runtimeconfig.RuntimeConfigResolution;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What one artifact reconcile decides: objects in the right order of readiness, status, and when to look again. */
class ArtifactPlannerTest {
    static final KubernetesSerialization YAML = new KubernetesSerialization();
    static final RuntimeConfigResolution NO_CONFIG = RuntimeConfigResolution.of(null, null, null);

    static AIMArtifact artifact(String spec, String status) {
        return YAML.unmarshal("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMArtifact
                metadata: {name: art, namespace: ns, uid: a1}
                spec: %s
                status: %s
                """.formatted(spec, status), AIMArtifact.class);
    }

    static Decision<AIMArtifactStatus> plan(AIMArtifact a, boolean roleBinding, Job checkSize, String output,
            PersistentVolumeClaim pvc, Job download) {
        return ArtifactPlanner.plan(new ArtifactPlanner.Input(a, NO_CONFIG, roleBinding, checkSize, List.of(), output,
                pvc, download, List.of(), List.of(), LogReader.NONE));
    }

    static <T> List<T> of(List<?> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static StatusOutcome outcome(Decision<AIMArtifactStatus> d) {
        return StatusEngine.evaluate(List.of(), d.components(), d.conditions(), 1L, Instant.EPOCH);
    }

    static Job completedJob() {
        return YAML.unmarshal("""
                apiVersion: batch/v1
                kind: Job
                metadata: {name: art-check-size, namespace: ns}
                status: {conditions: [{type: Complete, status: "True"}], succeeded: 1}
                """, Job.class);
    }

    static PersistentVolumeClaim pvc() {
        return YAML.unmarshal("""
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: art-cache, namespace: ns}
                spec: {resources: {requests: {storage: 6Gi}}}
                status: {phase: Bound, capacity: {storage: 6Gi}}
                """, PersistentVolumeClaim.class);
    }

    @Test
    void aSizedArtifactFirstGetsItsVolumeAndTheDownloadersPermission() {
        Decision<AIMArtifactStatus> d = plan(artifact("{sourceUri: 'hf://org/model', size: 5Gi}", "{}"), false, null,
                null, null, null);
        assertEquals(1, of(d.unowned(), RoleBinding.class).size(), "the namespace's RoleBinding is shared, unowned");
        PersistentVolumeClaim pvc = of(d.owned(), PersistentVolumeClaim.class).get(0);
        assertEquals("6Gi", pvc.getSpec().getResources().getRequests().get("storage").toString(), "5Gi + 10 %, whole GiB");
        assertTrue(of(d.owned(), Job.class).isEmpty(), "no download before the volume and the RoleBinding exist");
        assertEquals(AIMStatus.Progressing, outcome(d).status());
        assertEquals(Duration.ofSeconds(10), d.requeueFor(AIMStatus.Progressing), "looked at again while it progresses");
    }

    @Test
    void theDownloadStartsOnceItsVolumeAndPermissionExist() {
        Decision<AIMArtifactStatus> d = plan(artifact("{sourceUri: 'hf://org/model', size: 5Gi}", "{}"), true, null,
                null, pvc(), null);
        Job download = of(d.owned(), Job.class).get(0);
        assertEquals("download", download.getMetadata().getLabels().get("aim.eai.amd.com/component"));
        assertEquals("6Gi", d.status().allocatedSize.toString());
    }

    @Test
    void anUnsizedArtifactRunsCheckSizeAndTakesTheSizeFromItsOutput() {
        AIMArtifact unsized = artifact("{sourceUri: 'hf://org/model'}", "{}");
        Decision<AIMArtifactStatus> first = plan(unsized, true, null, null, null, null);
        assertEquals("check-size", of(first.owned(), Job.class).get(0).getMetadata().getLabels()
                .get("aim.eai.amd.com/component"));
        assertTrue(of(first.owned(), PersistentVolumeClaim.class).isEmpty(), "no volume before the size is known");

        Decision<AIMArtifactStatus> done = plan(unsized, true, completedJob(),
                "{\"url\": \"hf://org/model\", \"sizeBytes\": 5368709120}", null, null);
        assertEquals(5368709120L, done.status().discoveredSizeBytes);
        assertEquals("6Gi", of(done.owned(), PersistentVolumeClaim.class).get(0).getSpec().getResources().getRequests()
                .get("storage").toString(), "the volume follows in the same reconcile");
        assertNull(unsized.getStatus().discoveredSizeBytes, "the planner never changes the observed artifact");
    }

    @Test
    void invalidCheckSizeOutputFailsTheArtifact() {
        Decision<AIMArtifactStatus> d = plan(artifact("{sourceUri: 'hf://org/model'}", "{}"), true, completedJob(),
                "not json at all", null, null);
        StatusOutcome o = outcome(d);
        assertEquals(AIMStatus.Failed, o.status());
        assertEquals("InvalidSizeOutput", o.condition("CheckSizeOutputReady").getReason());
        assertNull(d.requeueFor(AIMStatus.Failed), "a failed artifact is not polled");
    }

    @Test
    void aReadyArtifactStartsNoNewDownload() {
        Decision<AIMArtifactStatus> d = plan(artifact("{sourceUri: 'hf://org/model', size: 5Gi}", "{status: Ready}"),
                true, null, null, pvc(), null);
        assertTrue(of(d.owned(), Job.class).isEmpty(), "the download job of a Ready artifact is gone after its TTL");
    }
}
