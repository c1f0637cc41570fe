package dev.aimengine.operator.testing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AIM Engine's "frozen" test technique: a dependency is created with the pause annotation
 * {@code aim.eai.amd.com/reconciliation-paused: "true"} and a status written by hand, so the operator leaves it
 * exactly as written and everything else must follow from that observed status.
 */
public final class Frozen {
    public static final String PAUSED = "aim.eai.amd.com/reconciliation-paused";

    /**
     * Creates the object of {@code yaml} (a whole manifest with {@code status}) paused, in {@code namespace} when it is
     * namespaced (null for cluster scope), then writes its status through the status subresource.
     */
    @SuppressWarnings("unchecked")
    public static GenericKubernetesResource apply(KubernetesClient client, String namespace, String yaml) {
        GenericKubernetesResource wanted = client.getKubernetesSerialization().unmarshal(yaml,
                GenericKubernetesResource.class);
        Object status = wanted.getAdditionalProperties().remove("status");
        Map<String, String> annotations = new LinkedHashMap<>(wanted.getMetadata().getAnnotations() == null ? Map.of()
                : wanted.getMetadata().getAnnotations());
        annotations.put(PAUSED, "true");
        wanted.getMetadata().setAnnotations(annotations);
        var resources = client.genericKubernetesResources(wanted.getApiVersion(), wanted.getKind());
        var op = namespace == null ? resources.resource(wanted) : resources.inNamespace(namespace).resource(wanted);
        GenericKubernetesResource created = op.create();
        if (status == null) {
            return created;
        }
        created.setAdditionalProperty("status", status);
        return namespace == null ? resources.resource(created).updateStatus()
                : resources.inNamespace(namespace).resource(created).updateStatus();
    }

    /** A Ready condition as a controller would have written it (for hand-written statuses). */
    public static String readyCondition(String status, String reason) {
        return "{type: Ready, status: \"" + status + "\", reason: " + reason
                + ", message: frozen by the test, lastTransitionTime: \"2026-01-01T00:00:00Z\"}";
    }

    private Frozen() {
    }
}
