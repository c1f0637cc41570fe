package dev.aimengine.operator.testing;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Stops the tier-3 control plane (etcd, kube-apiserver, kube-controller-manager) when the test plan ends, so no
 * process outlives the test JVM (a shutdown hook alone proved unreliable under Quarkus' test class loaders).
 */
public class ControlPlaneShutdown implements TestExecutionListener {
    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        ControlPlane.stopIfStarted();
    }
}
