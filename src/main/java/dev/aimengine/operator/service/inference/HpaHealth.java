package dev.aimengine.operator.service.inference;

import dev.aimengine.operator.common.health.GenericStatus;
import dev.aimengine.operator.common.status.AIMStatus;
import dev.aimengine.operator.common.status.Component;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.util.Map;
import java.util.Optional;

/**
 * Health of the HorizontalPodAutoscaler KEDA creates for an autoscaled AIMService: the component {@value #COMPONENT}
 * (condition {@code HPAReady}, only reported in autoscaling mode). Reads {@code status.conditions} of an
 * {@code autoscaling/v2} or {@code v2beta2} object:
 * <ol>
 * <li>missing → Progressing {@code HPANotFound} "Waiting for KEDA to create HorizontalPodAutoscaler";</li>
 * <li>{@code ScalingActive} absent or not True while the InferenceService is not ready → Progressing
 * {@code WaitingForMetrics} (no metrics before the pods serve);</li>
 * <li>the same while the InferenceService is ready → Failed {@code MetricsFailed} "HPA cannot get metrics: &lt;msg&gt;"
 * (or "HPA ScalingActive condition not found");</li>
 * <li>{@code AbleToScale} present and not True → Progressing {@code ScaleTargetNotReady}
 * "HPA cannot update scale target: &lt;msg&gt;";</li>
 * <li>otherwise Ready {@code HPAOperational} "HorizontalPodAutoscaler is actively scaling".</li>
 * </ol>
 * The component is downstream; Failed is an explicit state without a categorised error. Fetch errors other than
 * not-found are the caller's ({@code HPAFetchError}).
 */
public final class HpaHealth {

    public static final String COMPONENT = "HPA";

    private HpaHealth() {
    }

    /**
     * @param hpa       the HPA, or null when KEDA has not created it (yet)
     * @param isvcReady whether the InferenceService is ready ({@link InferenceServiceHealth#isReady})
     */
    public static Component inspect(GenericKubernetesResource hpa, boolean isvcReady) {
        if (hpa == null) {
            return state(AIMStatus.Progressing, "HPANotFound", "Waiting for KEDA to create HorizontalPodAutoscaler");
        }
        Optional<Map<?, ?>> scalingActive = GenericStatus.condition(hpa, "ScalingActive");
        if (!scalingActive.map(HpaHealth::isTrue).orElse(false)) {
            if (!isvcReady) {
                return state(AIMStatus.Progressing, "WaitingForMetrics",
                        "Waiting for InferenceService to be ready before metrics are available");
            }
            return state(AIMStatus.Failed, "MetricsFailed", scalingActive
                    .map(c -> "HPA cannot get metrics: " + GenericStatus.string(c, "message"))
                    .orElse("HPA ScalingActive condition not found"));
        }
        Optional<Map<?, ?>> ableToScale = GenericStatus.condition(hpa, "AbleToScale");
        if (ableToScale.isPresent() && !isTrue(ableToScale.get())) {
            return state(AIMStatus.Progressing, "ScaleTargetNotReady",
                    "HPA cannot update scale target: " + GenericStatus.string(ableToScale.get(), "message"));
        }
        return state(AIMStatus.Ready, "HPAOperational", "HorizontalPodAutoscaler is actively scaling");
    }

    private static boolean isTrue(Map<?, ?> condition) {
        return "True".equals(condition.get("status"));
    }

    private static Component state(AIMStatus state, String reason, String message) {
        return Component.of(COMPONENT, state, reason, message).downstream();
    }
}
