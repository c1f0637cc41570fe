package dev.aimengine.operator.common.reconcile;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.RejectedExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the end of a reconcile tells a lost race and a stopping operator from a real apply failure. */
@io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient(crud = true)
class ReconcileTailTest {
    io.fabric8.kubernetes.client.KubernetesClient client;

    static final java.time.Clock CLOCK = java.time.Clock.fixed(java.time.Instant.parse("2026-01-01T00:00:00Z"),
            java.time.ZoneOffset.UTC);

    dev.aimengine.operator.api.v1alpha1.AIMModel model() {
        var m = new dev.aimengine.operator.api.v1alpha1.AIMModel();
        m.getMetadata().setName("m");
        m.getMetadata().setNamespace("ns");
        m.getMetadata().setUid("u");
        m.getMetadata().setGeneration(3L);
        m.setStatus(new dev.aimengine.operator.api.v1alpha1.AIMModelStatus());
        return m;
    }

    io.javaoperatorsdk.operator.api.reconciler.UpdateControl<dev.aimengine.operator.api.v1alpha1.AIMModel> finish(
            dev.aimengine.operator.api.v1alpha1.AIMModel m, Runnable apply) {
        ReconcileTail tail = new ReconcileTail("model", client, CLOCK, java.time.Duration.ofMinutes(10));
        var decision = Decision.of(new dev.aimengine.operator.api.v1alpha1.AIMModelStatus())
                .component(dev.aimengine.operator.common.status.Component.ready("Thing", "Fine", "fine"));
        return tail.finish(m, null, decision, dev.aimengine.operator.common.status.AIMStatus::name, apply);
    }

    @Test
    void anApplyFailureIsReportedAndRetriedSoon() {
        var m = model();
        var control = finish(m, () -> {
            throw status(500);
        });
        assertEquals("False/InfrastructureError",
                dev.aimengine.operator.testing.Fixtures.state(m.getStatus().conditions, "DependenciesReachable"));
        assertEquals(2000L, control.getScheduleDelay().orElseThrow());
        assertTrue(client.v1().events().inNamespace("ns").list().getItems().stream()
                .anyMatch(e -> "Warning".equals(e.getType()) && "InfrastructureError".equals(e.getReason())));
        assertEquals(3L, m.getStatus().observedGeneration, "observedGeneration is always written");
    }

    @Test
    void theSameApplyFailureAgainBacksOffAndIsNotReportedTwice() {
        var m = model();
        finish(m, () -> {
            throw status(422);
        });
        var first = dev.aimengine.operator.testing.Fixtures.condition(m.getStatus().conditions, "DependenciesReachable")
                .orElseThrow();
        // ten minutes later the same object is still refused the same way
        first.setLastTransitionTime("2025-12-31T23:50:00Z");
        var control = finish(m, () -> {
            throw status(422);
        });
        assertEquals("2025-12-31T23:50:00Z", dev.aimengine.operator.testing.Fixtures.condition(
                m.getStatus().conditions, "DependenciesReachable").orElseThrow().getLastTransitionTime(),
                "the failure's start is kept");
        assertEquals(300_000L, control.getScheduleDelay().orElseThrow(), "backs off to the 5 min cap");
        assertEquals(1L, client.v1().events().inNamespace("ns").list().getItems().stream()
                .filter(e -> "InfrastructureError".equals(e.getReason())).count(), "one Warning for one failure");
    }

    @Test
    void aLostRaceIsRetriedSoonWithoutAnyCondition() {
        var m = model();
        var control = finish(m, () -> {
            throw status(409);
        });
        assertEquals("absent",
                dev.aimengine.operator.testing.Fixtures.state(m.getStatus().conditions, "DependenciesReachable"));
        assertEquals(2000L, control.getScheduleDelay().orElseThrow());
        assertEquals("Ready", m.getStatus().status);
    }

    @Test
    void aSuccessfulApplyOfAHealthyObjectSchedulesNothing() {
        var m = model();
        var control = finish(m, () -> {
        });
        assertTrue(control.getScheduleDelay().isEmpty());
        assertEquals("Ready", m.getStatus().status);
        assertTrue(control.isPatchStatus(), "the status changed, so it is written");
    }

    @Test
    void conditionsThatBecomeHealthyTogetherMakeOneNormalEvent() {
        var m = model();
        finish(m, () -> {
        });
        var events = client.v1().events().inNamespace("ns").list().getItems();
        assertEquals(1, events.size(), "ThingReady and Ready turned True in one reconcile: " + events);
        assertEquals("Normal", events.get(0).getType());
        assertEquals("AllComponentsReady", events.get(0).getReason());
        assertTrue(events.get(0).getMessage().contains("ThingReady True (Fine)"), events.get(0).getMessage());
    }

    static KubernetesClientException status(int code) {
        return new KubernetesClientException("failed", code, null);
    }

    @Test
    void conflictsAreRacesNotFailures() {
        assertTrue(ReconcileTail.isConflict(status(409)));
        assertTrue(ReconcileTail.isConflict(new RuntimeException("wrapped", status(409))));
        assertTrue(ReconcileTail.isConflict(new AggregatedOperatorException("workflow",
                Map.of("template-cache", status(409), "inference-service", status(409)))));
    }

    @Test
    void anythingElseIsAFailure() {
        assertFalse(ReconcileTail.isConflict(status(500)));
        assertFalse(ReconcileTail.isConflict(status(422)));
        assertFalse(ReconcileTail.isConflict(new AggregatedOperatorException("workflow",
                Map.of("template-cache", status(409), "inference-service", status(403)))),
                "one real failure among conflicts is a failure");
        assertFalse(ReconcileTail.isConflict(new AggregatedOperatorException("workflow", Map.of())));
    }

    @Test
    void aTerminatingNamespaceIsRecognised() {
        var status = new io.fabric8.kubernetes.api.model.StatusBuilder().withCode(403).withNewDetails()
                .addNewCause().withField("metadata.namespace").withReason("NamespaceTerminating")
                .withMessage("namespace team is being terminated").endCause().endDetails().build();
        KubernetesClientException terminating = new KubernetesClientException(status);
        assertTrue(ReconcileTail.isNamespaceTerminating(terminating));
        assertTrue(ReconcileTail.isNamespaceTerminating(new AggregatedOperatorException("workflow",
                Map.of("template-cache", terminating))));
        assertFalse(ReconcileTail.isNamespaceTerminating(status(403)), "any other Forbidden is a real failure");
    }

    @Test
    void aStoppingOperatorIsRecognised() {
        assertTrue(ReconcileTail.isStopping(new RejectedExecutionException("pool shut down")));
        assertTrue(ReconcileTail.isStopping(new RuntimeException(new InterruptedException())));
        assertFalse(ReconcileTail.isStopping(status(500)));
        // a request cut off by the stop, inside a workflow's aggregated failures (seen in the benchmark's restart)
        assertTrue(ReconcileTail.isStopping(new io.javaoperatorsdk.operator.AggregatedOperatorException("workflow",
                java.util.Map.of("inference-service", new RuntimeException(new java.io.InterruptedIOException())))));
        // a timeout is a failure, not a stop
        assertFalse(ReconcileTail.isStopping(new RuntimeException(new java.net.SocketTimeoutException("timeout"))));
    }
}
