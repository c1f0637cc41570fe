package dev.aimengine.operator.runtimeconfig;

import dev.aimengine.operator.api.v1alpha1.AIMClusterRuntimeConfig;
import dev.aimengine.operator.api.v1alpha1.AIMResolvedReference;
import dev.aimengine.operator.api.v1alpha1.AIMRuntimeConfig;
import dev.aimengine.operator.api.v1alpha1.AIMRuntimeConfigCommon;
import dev.aimengine.operator.common.status.Component;
import dev.aimengine.operator.common.status.ComponentError;

import java.util.Optional;

/**
 * The outcome of resolving an object's runtime config: the merged config, nothing (the implicit
 * {@code default} does not exist, which is fine), or a missing named config (ConfigNotFound).
 */
public record RuntimeConfigResolution(String name, ResolvedRuntimeConfig config) {

    public static final String COMPONENT = "RuntimeConfig";

    /** Pure: from the (possibly missing) namespace and cluster configs of that name. */
    public static RuntimeConfigResolution of(String requestedName, AIMRuntimeConfig namespaced,
            AIMClusterRuntimeConfig cluster) {
        String name = RuntimeConfigMerger.effectiveName(requestedName);
        return new RuntimeConfigResolution(name, ResolvedRuntimeConfig.of(name, namespaced, cluster).orElse(null));
    }

    public boolean isDefault() {
        return RuntimeConfigMerger.DEFAULT_NAME.equals(name);
    }

    /** A named config that does not exist: the object cannot proceed. */
    public boolean isMissing() {
        return config == null && !isDefault();
    }

    public Optional<ResolvedRuntimeConfig> found() {
        return Optional.ofNullable(config);
    }

    public AIMRuntimeConfigCommon merged() {
        return config == null ? null : config.merged();
    }

    public AIMRuntimeConfigCommon.LabelPropagation labelPropagation() {
        return config == null ? null : config.labelPropagation();
    }

    public AIMResolvedReference reference() {
        return config == null ? null : config.reference();
    }

    /** RuntimeConfigReady as models, templates, caches and artifacts report it. */
    public Component component() {
        if (config != null) {
            return Component.ready(COMPONENT, "ConfigFound", scopeText() + " " + name + " found");
        }
        if (isDefault()) {
            return Component.ready(COMPONENT, "DefaultConfigNotFound", "Default config was not found");
        }
        return notFound();
    }

    /** RuntimeConfigReady as AIMService reports it: only when a config was found or a named one is missing. */
    public Optional<Component> serviceComponent() {
        if (config != null) {
            return Optional.of(Component.ready(COMPONENT, "RuntimeConfigResolved",
                    scopeText() + " " + name + " resolved"));
        }
        return isDefault() ? Optional.empty() : Optional.of(notFound());
    }

    private Component notFound() {
        return Component.failing(COMPONENT,
                ComponentError.missingUpstream("ConfigNotFound", "RuntimeConfig " + name + " not found"));
    }

    private String scopeText() {
        return switch (config.scope()) {
            case "Namespace" -> "AIMRuntimeConfig";
            case "Cluster" -> "AIMClusterRuntimeConfig";
            default -> "AIMRuntimeConfig merged over AIMClusterRuntimeConfig";
        };
    }
}
