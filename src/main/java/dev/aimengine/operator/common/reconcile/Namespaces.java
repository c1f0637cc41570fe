package dev.aimengine.operator.common.reconcile;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** Namespace facts the finalizers need. */
public final class Namespaces {

    /**
     * Whether the namespace is going away: missing, marked for deletion or Terminating — or unreadable (403), in which
     * case finalizers do their least, so namespace deletion is never blocked.
     */
    public static boolean isTerminating(KubernetesClient client, String namespace) {
        try {
            Namespace n = client.namespaces().withName(namespace).get();
            return n == null || n.getMetadata().getDeletionTimestamp() != null
                    || (n.getStatus() != null && "Terminating".equals(n.getStatus().getPhase()));
        } catch (KubernetesClientException e) {
            return e.getCode() == 403;
        }
    }

    private Namespaces() {
    }
}
