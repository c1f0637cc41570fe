package dev.aimengine.operator.service.inference;

import dev.aimengine.operator.common.health.Fixtures;
import dev.aimengine.operator.common.status.AIMStatus;
import dev.aimengine.operator.common.status.Component;
import dev.aimengine.operator.common.status.DependencyType;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static dev.aimengine.operator.common.health.Fixtures.assertState;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The HPAReady condition and status.runtime replica counts from KEDA's HPA. */
class HpaHealthTest {

    static final String C = "HPA";

    static GenericKubernetesResource hpa(String apiVersion, String body) {
        return Fixtures.yaml("""
                apiVersion: %s
                kind: HorizontalPodAutoscaler
                metadata: {name: keda-hpa-svc-predictor, namespace: ns}
                %s
                """.formatted(apiVersion, body), GenericKubernetesResource.class);
    }

    static GenericKubernetesResource withConditions(String conditions) {
        return hpa("autoscaling/v2", """
                spec: {minReplicas: 1, maxReplicas: 3}
                status:
                  currentReplicas: 1
                  desiredReplicas: 1
                  conditions:
                %s""".formatted(conditions.indent(4)));
    }

    static final GenericKubernetesResource OPERATIONAL = withConditions("""
            - {type: AbleToScale, status: "True", reason: ReadyForNewScale, message: "recommended size matches"}
            - {type: ScalingActive, status: "True", reason: ValidMetricFound, message: "the HPA was able to compute"}
            - {type: ScalingLimited, status: "False", reason: DesiredWithinRange}
            """);
    static final GenericKubernetesResource METRICS_FAILING = withConditions("""
            - {type: AbleToScale, status: "True", reason: SucceededGetScale}
            - {type: ScalingActive, status: "False", reason: FailedGetExternalMetric, message: "unable to get external metric"}
            """);

    @Test
    void missing() {
        Component c = HpaHealth.inspect(null, true);
        assertState(c, C, AIMStatus.Progressing, "HPANotFound", "Waiting for KEDA to create HorizontalPodAutoscaler");
        assertEquals(DependencyType.DOWNSTREAM, c.dependency());
        assertEquals("HPAReady", c.conditionType());
    }

    @Test
    void operational() {
        assertState(HpaHealth.inspect(OPERATIONAL, true), C, AIMStatus.Ready, "HPAOperational",
                "HorizontalPodAutoscaler is actively scaling");
        assertState(HpaHealth.inspect(OPERATIONAL, false), C, AIMStatus.Ready, "HPAOperational",
                "HorizontalPodAutoscaler is actively scaling");
        GenericKubernetesResource noAbleToScale = withConditions("- {type: ScalingActive, status: \"True\"}");
        assertState(HpaHealth.inspect(noAbleToScale, true), C, AIMStatus.Ready, "HPAOperational",
                "HorizontalPodAutoscaler is actively scaling");
    }

    @Test
    void waitingForMetricsWhileTheIsvcStarts() {
        assertState(HpaHealth.inspect(METRICS_FAILING, false), C, AIMStatus.Progressing, "WaitingForMetrics",
                "Waiting for InferenceService to be ready before metrics are available");
        assertState(HpaHealth.inspect(hpa("autoscaling/v2", "spec: {maxReplicas: 2}"), false), C,
                AIMStatus.Progressing, "WaitingForMetrics",
                "Waiting for InferenceService to be ready before metrics are available");
    }

    @Test
    void metricsFailedOnceTheIsvcIsReady() {
        assertState(HpaHealth.inspect(METRICS_FAILING, true), C, AIMStatus.Failed, "MetricsFailed",
                "HPA cannot get metrics: unable to get external metric");
        GenericKubernetesResource unknown = withConditions("- {type: ScalingActive, status: Unknown}");
        assertState(HpaHealth.inspect(unknown, true), C, AIMStatus.Failed, "MetricsFailed",
                "HPA cannot get metrics: ");
        assertState(HpaHealth.inspect(withConditions("[]"), true), C, AIMStatus.Failed, "MetricsFailed",
                "HPA ScalingActive condition not found");
    }

    @Test
    void scaleTargetNotReady() {
        GenericKubernetesResource h = hpa("autoscaling/v2beta2", """
                status:
                  conditions:
                  - {type: AbleToScale, status: "False", reason: FailedGetScale, message: "deployments/scale not found"}
                  - {type: ScalingActive, status: "True", reason: ValidMetricFound}
                """);
        assertState(HpaHealth.inspect(h, true), C, AIMStatus.Progressing, "ScaleTargetNotReady",
                "HPA cannot update scale target: deployments/scale not found");
    }

    @Test
    void replicas() {
        assertEquals(Optional.of(new HpaReplicas(1, 3, 1, 1)), HpaReplicas.of(OPERATIONAL));
        GenericKubernetesResource scaled = hpa("autoscaling/v2beta2", """
                spec: {minReplicas: 2, maxReplicas: 8}
                status: {currentReplicas: 3, desiredReplicas: 5}
                """);
        assertEquals(Optional.of(new HpaReplicas(2, 8, 3, 5)), HpaReplicas.of(scaled));
    }

    @Test
    void replicasMissingFields() {
        GenericKubernetesResource fresh = hpa("autoscaling/v2", "spec: {maxReplicas: 4}");
        assertEquals(Optional.of(new HpaReplicas(null, 4, null, null)), HpaReplicas.of(fresh));
        assertEquals(Optional.empty(), HpaReplicas.of(null));
    }
}
