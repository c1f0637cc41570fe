package dev.aimengine.operator.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * For {@code @QuarkusIntegrationTest}s of the packaged operator (jar, or native executable where one is built): the
 * real API server with deploy/'s namespace, ServiceAccount and RBAC, and the launched operator pointed at it through a
 * kubeconfig that authenticates as that ServiceAccount ({@code kubeconfig}, a system property the Kubernetes client
 * reads). The tests reach the API server as admin with {@code ControlPlane.get().client()}.
 */
public class OperatorAccountResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        ControlPlane cp = ControlPlane.get();
        OperatorAccount.install(cp.client());
        try {
            Path kubeconfig = OperatorAccount.kubeconfig(cp, Files.createTempDirectory("aim-packaged"));
            return Map.of("kubeconfig", kubeconfig.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        ControlPlane.stopIfStarted();
    }
}
