package dev.aimengine.operator.testing;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Small helpers shared by reconcile-loop tests. */
public final class Fixtures {

    public static String newNamespace(KubernetesClient client, String prefix) {
        String ns = prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                .create();
        return ns;
    }

    public static <T extends HasMetadata> T load(KubernetesClient client, String yaml, Class<T> type) {
        return client.getKubernetesSerialization().unmarshal(yaml, type);
    }

    public static Optional<Condition> condition(List<Condition> conditions, String type) {
        return conditions == null ? Optional.empty()
                : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** "Status/Reason" of a condition, or "absent". */
    public static String state(List<Condition> conditions, String type) {
        return condition(conditions, type).map(c -> c.getStatus() + "/" + c.getReason()).orElse("absent");
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    private Fixtures() {
    }
}
