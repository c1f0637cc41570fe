package dev.aimengine.operator.service.inference;

import dev.aimengine.operator.service.inference.HpaReplicas;
import dev.aimengine.operator.api.v1alpha1.AIMServiceSpec;
import dev.aimengine.operator.api.v1alpha1.AIMServiceStatus.RuntimeStatus;

/**
 * {@code AIMService.status.runtime}: replica counts from the KEDA HorizontalPodAutoscaler
 * ({@code keda-hpa-<isvc>-predictor}) when it exists, else from the spec.
 */
public final class RuntimeStatusCalculator {

    private RuntimeStatusCalculator() {
    }

    /**
     * The runtime status. With an HPA its four counts are used; without one all four are the service's
     * {@code minReplicas}, else {@code replicas}, else 1. {@code replicas} is the display string of
     * {@link #display(int, int, int, int)}.
     *
     * @param spec the AIMService spec, may be {@code null}
     * @param hpa the HPA's counts ({@code null} min counts as 1, other nulls as 0), {@code null} when there is no HPA
     */
    public static RuntimeStatus compute(AIMServiceSpec spec, HpaReplicas hpa) {
        RuntimeStatus status = new RuntimeStatus();
        if (hpa != null) {
            status.minReplicas = orElse(hpa.min(), 1);
            status.maxReplicas = orElse(hpa.max(), 0);
            status.currentReplicas = orElse(hpa.current(), 0);
            status.desiredReplicas = orElse(hpa.desired(), 0);
        } else {
            int replicas = spec == null ? 1 : spec.minReplicas != null ? spec.minReplicas
                    : spec.replicas != null ? spec.replicas : 1;
            status.minReplicas = replicas;
            status.maxReplicas = replicas;
            status.currentReplicas = replicas;
            status.desiredReplicas = replicas;
        }
        status.replicas = display(status.currentReplicas, status.desiredReplicas, status.minReplicas,
                status.maxReplicas);
        return status;
    }

    /** {@code "<current>"} when {@code min == max}, else {@code "<current>/<desired> (<min>-<max>)"}. */
    public static String display(int current, int desired, int min, int max) {
        return min == max ? Integer.toString(current) : current + "/" + desired + " (" + min + "-" + max + ")";
    }

    private static int orElse(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
