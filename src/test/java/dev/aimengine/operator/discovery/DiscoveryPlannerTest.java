package dev.aimengine.operator.discovery;

import dev.aimengine.operator.api.v1alpha1.AIMModelSpec;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplateSpecCommon;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplateStatus;
import dev.aimengine.operator.common.health.LogReader;
import dev.aimengine.operator.common.status.AIMStatus;
import dev.aimengine.operator.common.status.StatusEngine;
import dev.aimengine.operator.common.status.StatusOutcome;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Discovery from the template's point of view, one state of its Job at a time. */
class DiscoveryPlannerTest {
    static final KubernetesSerialization YAML = new KubernetesSerialization();
    static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");
    static final AIMServiceTemplateSpecCommon SPEC = YAML.unmarshal(
            "modelName: m\nmetric: latency\nprecision: fp8\nhardware: {gpu: {requests: 1, model: MI300X}}\n",
            AIMServiceTemplateSpecCommon.class);
    static final AIMModelSpec MODEL = YAML.unmarshal(
            "image: ghcr.io/silogen/aim-dummy:0.1.8\nserviceAccountName: puller\nimagePullSecrets: [{name: ghcr}]\n",
            AIMModelSpec.class);

    static DiscoveryPlanner.Outcome plan(List<Job> jobs, List<Pod> pods, String log, AIMServiceTemplateStatus previous) {
        LogReader logs = (pod, container, lines) -> log;
        return DiscoveryPlanner.plan(new DiscoveryPlanner.Input("t", "ns", SPEC, List.of(), MODEL, previous, jobs, pods,
                List.of(), logs, NOW));
    }

    static Job job(String condition, Instant at) {
        JobBuilder b = new JobBuilder().withNewMetadata().withName("discover-t-1").withNamespace("ns")
                .withCreationTimestamp("2026-01-01T00:00:00Z").endMetadata();
        if (condition != null) {
            b.withNewStatus().addNewCondition().withType(condition).withStatus("True")
                    .withReason("Failed".equals(condition) ? "BackoffLimitExceeded" : null)
                    .withLastTransitionTime(at.toString()).endCondition().endStatus();
        }
        return b.build();
    }

    static Pod pod(String phase) {
        return new PodBuilder().withNewMetadata().withName("discover-t-1-x").withNamespace("ns")
                .addToLabels("job-name", "discover-t-1").endMetadata().withNewStatus().withPhase(phase).endStatus()
                .build();
    }

    static StatusOutcome outcome(DiscoveryPlanner.Outcome o) {
        return StatusEngine.evaluate(List.of(), o.components(), 1L, NOW);
    }

    @Test
    void withoutAJobOneIsCreatedAsTheModelWouldRunIt() {
        DiscoveryPlanner.Outcome o = plan(List.of(), List.of(), null, null);
        Job job = o.job();
        assertNotNull(job);
        var pod = job.getSpec().getTemplate().getSpec();
        assertEquals("ghcr.io/silogen/aim-dummy:0.1.8", pod.getContainers().get(0).getImage());
        assertEquals("puller", pod.getServiceAccountName());
        assertEquals("ghcr", pod.getImagePullSecrets().get(0).getName());
        assertEquals(0, job.getSpec().getBackoffLimit());
        assertEquals(60, job.getSpec().getTtlSecondsAfterFinished());
        assertEquals(List.of("AIM_LOG_LEVEL_ROOT", "AIM_LOG_LEVEL", "AIM_METRIC", "AIM_PRECISION", "AIM_GPU_MODEL",
                "AIM_GPU_COUNT"), pod.getContainers().get(0).getEnv().stream().map(e -> e.getName()).toList());
        assertEquals("t", job.getMetadata().getLabels().get("aim.eai.amd.com/template"));
        assertEquals(DiscoveryPlanner.SLOT_RECHECK, o.requeue(), "looked at again in case the limit kept it waiting");
        assertEquals(AIMStatus.Progressing, outcome(o).status());
    }

    @Test
    void aRunningJobIsProgress() {
        DiscoveryPlanner.Outcome o = plan(List.of(job(null, NOW)), List.of(pod("Running")), null, null);
        assertNull(o.job());
        assertEquals(AIMStatus.Progressing, outcome(o).status());
        assertEquals("AwaitingDiscovery", o.reason());
    }

    @Test
    void aCompletedJobsOutputBecomesTheResult() {
        DiscoveryPlanner.Outcome o = plan(List.of(job("Complete", NOW)), List.of(pod("Succeeded")),
                DiscoveryOutputTest.OUTPUT, null);
        assertTrue(o.discovered());
        assertEquals("DiscoveryComplete", o.reason());
        assertEquals("hf://HuggingFaceTB/SmolLM2-135M", o.output().modelSources().get(0).sourceUri);
        assertTrue(o.components().isEmpty(), "nothing left to wait for");
    }

    @Test
    void unusableOutputFailsTheTemplateWithTheReason() {
        DiscoveryPlanner.Outcome o = plan(List.of(job("Complete", NOW)), List.of(pod("Succeeded")), "oops", null);
        StatusOutcome s = outcome(o);
        assertEquals(AIMStatus.Failed, s.status());
        assertEquals("InvalidDiscoveryOutput", s.condition("DiscoveryOutputReady").getReason());
        assertTrue(s.condition("DiscoveryOutputReady").getMessage().contains("no JSON array"));
    }

    @Test
    void aFailedJobIsCountedAndTheRetryWaits() {
        DiscoveryPlanner.Outcome failed = plan(List.of(job("Failed", NOW.minusSeconds(5))), List.of(pod("Failed")),
                null, null);
        assertEquals(1, failed.state().attempts);
        assertEquals(AIMStatus.Failed, outcome(failed).status());
        assertEquals("Waiting 1m0s before retry (attempt 1 failed)", failed.message());

        AIMServiceTemplateStatus previous = new AIMServiceTemplateStatus();
        previous.discovery = failed.state();
        DiscoveryPlanner.Outcome gone = plan(List.of(), List.of(), null, previous);
        assertNull(gone.job(), "no new Job during the backoff");
        assertEquals(Duration.ofSeconds(55), gone.requeue());
        assertTrue(gone.message().startsWith("Waiting 55s before retry (attempt 1 failed)"), gone.message());
    }
}
