package dev.aimengine.operator.service.inference;

import dev.aimengine.operator.common.health.Fixtures;
import dev.aimengine.operator.common.status.AIMStatus;
import dev.aimengine.operator.common.status.Component;
import dev.aimengine.operator.common.status.DependencyType;
import dev.aimengine.operator.common.status.StatusEngine;
import dev.aimengine.operator.common.status.StatusOutcome;
import io.fabric8.kubernetes.api.model.Event;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static dev.aimengine.operator.common.health.Fixtures.assertState;
import static dev.aimengine.operator.common.health.Fixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The InferenceServiceReady condition of a service from its InferenceService and predictor pods. */
class InferenceServiceHealthTest {

    static final String C = "InferenceService";
    static final String SERVERLESS = "Knative is not available. Configure KServe to use RawDeployment mode.";

    static InferenceService isvc(String conditions) {
        return Fixtures.yaml("""
                apiVersion: serving.kserve.io/v1beta1
                kind: InferenceService
                metadata: {name: svc-1234abcd, namespace: ns, uid: isvc-uid}
                status:
                  conditions:
                %s
                """.formatted(conditions.indent(4)), InferenceService.class);
    }

    static final InferenceService READY = isvc("""
            - {type: IngressReady, status: "True"}
            - {type: PredictorReady, status: "True"}
            - {type: Ready, status: "True"}
            """);
    static final InferenceService NOT_READY = isvc("""
            - {type: PredictorReady, status: "False", reason: MinimumReplicasUnavailable}
            - {type: Ready, status: "False"}
            """);

    static Event isvcEvent(String uid, String type, String reason, String message) {
        return event("svc-1234abcd", uid, type, reason, message, "2025-01-01T00:00:00Z");
    }

    @Test
    void missing() {
        Component c = InferenceServiceHealth.inspect(null, List.of());
        assertState(c, C, AIMStatus.Progressing, "CreatingRuntime", "InferenceService not found");
        assertEquals(DependencyType.DOWNSTREAM, c.dependency());
        assertEquals("InferenceServiceReady", c.conditionType());
    }

    @Test
    void ready() {
        assertState(InferenceServiceHealth.inspect(READY, null), C, AIMStatus.Ready, "RuntimeReady",
                "InferenceService is ready");
        assertTrue(InferenceServiceHealth.isReady(READY));
    }

    @Test
    void notReady() {
        assertState(InferenceServiceHealth.inspect(NOT_READY, List.of()), C, AIMStatus.Progressing,
                "CreatingRuntime", "InferenceService is not ready");
        assertState(InferenceServiceHealth.inspect(Fixtures.yaml(
                "apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata: {name: x, uid: u}\n",
                InferenceService.class), List.of()), C, AIMStatus.Progressing, "CreatingRuntime",
                "InferenceService is not ready");
        assertFalse(InferenceServiceHealth.isReady(NOT_READY));
        assertFalse(InferenceServiceHealth.isReady(null));
    }

    @Test
    void serverlessModeRejected() {
        List<Event> events = List.of(
                isvcEvent("isvc-uid", "Normal", "InferenceServiceReady", "ok"),
                isvcEvent("isvc-uid", "Warning", "ServerlessModeRejected",
                        "It is not possible to use Serverless deployment mode when Knative Services are not available"));
        assertState(InferenceServiceHealth.inspect(NOT_READY, events), C, AIMStatus.Failed, "ServerlessModeRejected",
                SERVERLESS);
        // An event outranks the Ready condition.
        assertState(InferenceServiceHealth.inspect(READY, events), C, AIMStatus.Failed, "ServerlessModeRejected",
                SERVERLESS);
    }

    @Test
    void serverlessModeRejectedFailsTheService() {
        Component c = InferenceServiceHealth.inspect(NOT_READY,
                List.of(isvcEvent("isvc-uid", "Warning", "ServerlessModeRejected", "x")));
        StatusOutcome o = StatusEngine.evaluate(List.of(), List.of(c), 1L, Instant.parse("2025-01-01T00:00:00Z"));
        assertEquals(AIMStatus.Failed, o.status());
        assertEquals("ServerlessModeRejected", o.condition("InferenceServiceReady").getReason());
        assertEquals("False", o.condition("InferenceServiceReady").getStatus());
    }

    @Test
    void eventsOfAnEarlierIsvcWithTheSameNameAreIgnored() {
        List<Event> events = List.of(isvcEvent("old-uid", "Warning", "ServerlessModeRejected", "x"),
                isvcEvent("old-uid", "Warning", "InternalError", "fails"));
        assertState(InferenceServiceHealth.inspect(READY, events), C, AIMStatus.Ready, "RuntimeReady",
                "InferenceService is ready");
    }

    @Test
    void internalError() {
        List<Event> events = List.of(isvcEvent("isvc-uid", "Warning", "InternalError",
                "fails to reconcile predictor: admission webhook denied the request"));
        assertState(InferenceServiceHealth.inspect(NOT_READY, events), C, AIMStatus.Failed, "InternalError",
                "fails to reconcile predictor: admission webhook denied the request");
    }

    @Test
    void transientInternalErrorsAreIgnored() {
        List<Event> events = List.of(
                isvcEvent("isvc-uid", "Warning", "InternalError", "Operation cannot be fulfilled on "
                        + "inferenceservices.serving.kserve.io \\\"x\\\": the object has been modified; please apply "
                        + "your changes to the latest version and try again"),
                isvcEvent("isvc-uid", "Warning", "InternalError", "the object has been modified"),
                isvcEvent("isvc-uid", "Warning", "InternalError", "Operation cannot be fulfilled on deployments"),
                isvcEvent("isvc-uid", "Normal", "InternalError", "not a warning"));
        assertState(InferenceServiceHealth.inspect(READY, events), C, AIMStatus.Ready, "RuntimeReady",
                "InferenceService is ready");
        assertState(InferenceServiceHealth.inspect(NOT_READY, events), C, AIMStatus.Progressing, "CreatingRuntime",
                "InferenceService is not ready");
    }

    @Test
    void firstTellingEventWins() {
        List<Event> events = List.of(
                isvcEvent("isvc-uid", "Warning", "InternalError", "the object has been modified"),
                isvcEvent("isvc-uid", "Warning", "InternalError", "first real"),
                isvcEvent("isvc-uid", "Warning", "ServerlessModeRejected", "later"));
        assertState(InferenceServiceHealth.inspect(READY, events), C, AIMStatus.Failed, "InternalError",
                "first real");
    }
}
