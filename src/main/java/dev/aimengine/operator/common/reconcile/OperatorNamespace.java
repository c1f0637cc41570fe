package dev.aimengine.operator.common.reconcile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The namespace the operator runs in: where cluster templates run their discovery Jobs, where cluster models and
 * model sources find their pull secrets, and where the discovery lock Lease lives. {@code AIM_SYSTEM_NAMESPACE} if
 * set (AIM Engine's variable), else {@code POD_NAMESPACE} (the Deployment sets it from the Downward API), else the
 * namespace of the pod's service account, else {@code aim-system}.
 */
public final class OperatorNamespace {
    static final String DEFAULT = "aim-system";
    static final Path SERVICE_ACCOUNT_NAMESPACE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");
    private static volatile String cached;

    public static String get() {
        if (cached == null) {
            cached = resolve(System.getenv(), SERVICE_ACCOUNT_NAMESPACE);
        }
        return cached;
    }

    static String resolve(Map<String, String> env, Path serviceAccountNamespace) {
        for (String variable : new String[] { "AIM_SYSTEM_NAMESPACE", "POD_NAMESPACE" }) {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        try {
            if (Files.isReadable(serviceAccountNamespace)) {
                String ns = Files.readString(serviceAccountNamespace).trim();
                if (!ns.isEmpty()) {
                    return ns;
                }
            }
        } catch (IOException e) {
            // not in a pod: fall through to the default
        }
        return DEFAULT;
    }

    private OperatorNamespace() {
    }
}
