package dev.aimengine.operator.service.inference;

import dev.aimengine.operator.common.health.GenericStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.util.Optional;

/**
 * The replica counts of a HorizontalPodAutoscaler, as used for {@code status.runtime}. Each is null when
 * the HPA does not carry it.
 *
 * @param min     {@code spec.minReplicas}
 * @param max     {@code spec.maxReplicas}
 * @param current {@code status.currentReplicas}
 * @param desired {@code status.desiredReplicas}
 */
public record HpaReplicas(Integer min, Integer max, Integer current, Integer desired) {

    /** The counts of the HPA, or empty when there is no HPA. */
    public static Optional<HpaReplicas> of(GenericKubernetesResource hpa) {
        if (hpa == null) {
            return Optional.empty();
        }
        return Optional.of(new HpaReplicas(
                GenericStatus.integer(hpa, "spec", "minReplicas"),
                GenericStatus.integer(hpa, "spec", "maxReplicas"),
                GenericStatus.integer(hpa, "status", "currentReplicas"),
                GenericStatus.integer(hpa, "status", "desiredReplicas")));
    }
}
