package dev.aimengine.operator.common.health;

import dev.aimengine.operator.common.status.AIMStatus;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import org.junit.jupiter.api.Test;

import static dev.aimengine.operator.common.status.ErrorCategory.INFRASTRUCTURE;
import static dev.aimengine.operator.common.status.ErrorCategory.MISSING_DOWNSTREAM_DEPENDENCY;
import static dev.aimengine.operator.common.health.Fixtures.assertError;
import static dev.aimengine.operator.common.health.Fixtures.assertState;

/** PersistentVolumeClaim health by phase. */
class PvcHealthTest {

    static final String C = "CachePvc";

    static PersistentVolumeClaim pvc(String status) {
        return Fixtures.yaml("""
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: c, namespace: ns}
                status:
                %s
                """.formatted(status.indent(2)), PersistentVolumeClaim.class);
    }

    @Test
    void missing() {
        assertError(PvcHealth.inspect(C, null), C, MISSING_DOWNSTREAM_DEPENDENCY, AIMStatus.Progressing,
                "PvcNotFound", "PVC not found");
    }

    @Test
    void bound() {
        assertState(PvcHealth.inspect(C, pvc("phase: Bound\n")), C, AIMStatus.Ready, "Ready", "");
    }

    @Test
    void lost() {
        assertError(PvcHealth.inspect(C, pvc("phase: Lost\n")), C, INFRASTRUCTURE, AIMStatus.Degraded, "PvcLost",
                "PVC lost its underlying volume");
    }

    @Test
    void provisioningFailed() {
        PersistentVolumeClaim p = pvc("""
                phase: Pending
                conditions:
                - {type: Resizing, status: "False", reason: ProvisioningFailed, message: "no capacity"}
                """);
        assertError(PvcHealth.inspect(C, p), C, INFRASTRUCTURE, AIMStatus.Degraded, "PvcProvisioningFailed",
                "PVC provisioning failed: no capacity");
    }

    @Test
    void pending() {
        assertState(PvcHealth.inspect(C, pvc("phase: Pending\n")), C, AIMStatus.Progressing, "PvcPending",
                "PVC is pending");
        assertState(PvcHealth.inspect(C, pvc("""
                phase: Pending
                conditions:
                - {type: Resizing, status: "True", reason: ProvisioningFailed}
                """)), C, AIMStatus.Progressing, "PvcPending", "PVC is pending");
    }
}
