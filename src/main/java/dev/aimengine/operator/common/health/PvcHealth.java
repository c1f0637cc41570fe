package dev.aimengine.operator.common.health;

import dev.aimengine.operator.common.status.AIMStatus;
import dev.aimengine.operator.common.status.Component;
import dev.aimengine.operator.common.status.ComponentError;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimCondition;

import java.util.List;

/**
 * Health of a PersistentVolumeClaim:
 * <ul>
 * <li>missing → MissingDownstream {@code PvcNotFound} "PVC not found";</li>
 * <li>phase {@code Bound} → Ready (reason {@code Ready}, no message);</li>
 * <li>phase {@code Lost} → Infrastructure {@code PvcLost} "PVC lost its underlying volume";</li>
 * <li>a condition {@code Resizing=False} with reason {@code ProvisioningFailed} → Infrastructure
 * {@code PvcProvisioningFailed} "PVC provisioning failed: &lt;condition message&gt;";</li>
 * <li>otherwise Progressing {@code PvcPending} "PVC is pending".</li>
 * </ul>
 */
public final class PvcHealth {

    private PvcHealth() {
    }

    public static Component inspect(String component, PersistentVolumeClaim pvc) {
        if (pvc == null) {
            return Component.failing(component, ComponentError.missingDownstream("PvcNotFound", "PVC not found"))
                    .downstream();
        }
        String phase = pvc.getStatus() == null ? null : pvc.getStatus().getPhase();
        if ("Bound".equals(phase)) {
            return Component.of(component, AIMStatus.Ready, null, null).downstream();
        }
        if ("Lost".equals(phase)) {
            return Component.failing(component,
                    ComponentError.infrastructure("PvcLost", "PVC lost its underlying volume")).downstream();
        }
        List<PersistentVolumeClaimCondition> conditions = pvc.getStatus() == null
                || pvc.getStatus().getConditions() == null ? List.of() : pvc.getStatus().getConditions();
        for (PersistentVolumeClaimCondition c : conditions) {
            if (c != null && "Resizing".equals(c.getType()) && "False".equals(c.getStatus())
                    && "ProvisioningFailed".equals(c.getReason())) {
                return Component.failing(component, ComponentError.infrastructure("PvcProvisioningFailed",
                        "PVC provisioning failed: " + Events.nullToEmpty(c.getMessage()))).downstream();
            }
        }
        return Component.of(component, AIMStatus.Progressing, "PvcPending", "PVC is pending").downstream();
    }
}
