package dev.aimengine.operator.testing;

import io.fabric8.kubernetes.client.Config;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tier-3 Quarkus test profile: the operator runs in the test JVM against the real kube-apiserver of
 * {@link ControlPlane} (with server-side apply, as in production), and the CRDs come from deploy/crds.
 */
public class RealApiServer implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.operator-sdk.enable-ssa", "true",
                "quarkus.operator-sdk.crd.apply", "false",
                // failures are recorded again as Events this often (10 min in production)
                "aim.events.reminder-interval", "20s",
                "aim.test.capture-log", "true");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Resource.class));
    }

    /** Starts (or reuses) the control plane and hands its connection settings to the Kubernetes client. */
    public static class Resource implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            Config c = ControlPlane.get().clientConfig();
            Map<String, String> props = new HashMap<>();
            props.put("quarkus.kubernetes-client.api-server-url", c.getMasterUrl());
            put(props, "ca-cert-data", c.getCaCertData());
            put(props, "ca-cert-file", c.getCaCertFile());
            put(props, "client-cert-data", c.getClientCertData());
            put(props, "client-cert-file", c.getClientCertFile());
            put(props, "client-key-data", c.getClientKeyData());
            put(props, "client-key-file", c.getClientKeyFile());
            put(props, "client-key-algo", c.getClientKeyAlgo());
            props.put("quarkus.kubernetes-client.trust-certs", "false");
            return props;
        }

        private static void put(Map<String, String> props, String key, String value) {
            if (value != null && !value.isEmpty()) {
                props.put("quarkus.kubernetes-client." + key, value);
            }
        }

        @Override
        public void stop() {
            // the control plane lives for the whole test JVM (ControlPlane's shutdown hook stops it)
        }
    }
}
