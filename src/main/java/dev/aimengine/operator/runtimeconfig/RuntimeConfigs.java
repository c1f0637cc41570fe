package dev.aimengine.operator.runtimeconfig;

import dev.aimengine.operator.api.v1alpha1.AIMClusterRuntimeConfig;
import dev.aimengine.operator.api.v1alpha1.AIMRuntimeConfig;
import dev.aimengine.operator.common.reconcile.Caches;

/**
 * The runtime configs an object's name points at, as observed: the AIMRuntimeConfig of its namespace and the
 * AIMClusterRuntimeConfig of that name (either may be missing). {@link #resolve()} merges them.
 */
public record RuntimeConfigs(String requestedName, AIMRuntimeConfig namespaced, AIMClusterRuntimeConfig cluster) {

    /** Reads both from the controller's informer caches; cluster-scoped objects ({@code namespace == null}) only the latter. */
    public static RuntimeConfigs observe(Caches caches, String requestedName, String namespace) {
        String name = RuntimeConfigMerger.effectiveName(requestedName);
        return new RuntimeConfigs(requestedName,
                namespace == null ? null : caches.get(AIMRuntimeConfig.class, name, namespace).orElse(null),
                caches.get(AIMClusterRuntimeConfig.class, name).orElse(null));
    }

    public RuntimeConfigResolution resolve() {
        return RuntimeConfigResolution.of(requestedName, namespaced, cluster);
    }
}
