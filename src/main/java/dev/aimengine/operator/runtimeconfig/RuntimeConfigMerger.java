package dev.aimengine.operator.runtimeconfig;

import dev.aimengine.operator.api.v1alpha1.AIMRoutingConfig;
import dev.aimengine.operator.api.v1alpha1.AIMRuntimeConfigCommon;
import dev.aimengine.operator.api.v1alpha1.AIMStorageConfig;
import dev.aimengine.operator.api.v1alpha1.GatewayParentReference;
import dev.aimengine.operator.common.kube.EnvVars;

import java.util.ArrayList;
import java.util.LinkedHashMap;

/**
 * Combines the cluster-wide and the namespace runtime config of the same name into the one config a
 * controller works with.
 *
 * <p>Before merging, each side has its deprecated top-level storage fields moved into {@code storage}
 * ({@link #migrateDeprecated}). The namespace config is then layered over the cluster config:
 * <ul>
 * <li>scalars: the namespace value wins whenever it is set. An explicit {@code false}, {@code 0} or
 * {@code ""} therefore overrides the cluster value; only an absent field inherits it. (The original
 * operator let zero values lose against the cluster value; that is deliberately not reproduced.)</li>
 * <li>nested blocks ({@code storage}, {@code routing}, {@code model}, {@code labelPropagation}) merge
 * field by field;</li>
 * <li>{@code routing.annotations} merge key by key, the namespace value winning;</li>
 * <li>{@code env} merges by name with {@link EnvVars#merge}, so {@code AIM_ENGINE_ARGS} is JSON-deep-merged;</li>
 * <li>{@code labelPropagation.match} is taken from the namespace when it is non-empty, else from the cluster;</li>
 * <li>{@code routing.gatewayRef} is taken as a whole from the namespace when it sets one: a parent
 * reference names one gateway, so fields of two different gateways are never combined.</li>
 * </ul>
 * Inputs are never modified; results share no mutable state with them.
 */
public final class RuntimeConfigMerger {

    /** Runtime config name used when an object does not name one. */
    public static final String DEFAULT_NAME = "default";

    private RuntimeConfigMerger() {
    }

    /** The runtime config name to resolve: {@code name} trimmed, or {@value #DEFAULT_NAME} when null or blank. */
    public static String effectiveName(String runtimeConfigName) {
        if (runtimeConfigName == null || runtimeConfigName.isBlank()) {
            return DEFAULT_NAME;
        }
        return runtimeConfigName.trim();
    }

    /**
     * A copy of {@code config} in which the deprecated top-level {@code defaultStorageClassName} (when
     * non-empty) and {@code pvcHeadroomPercent} (when set) fill {@code storage.defaultStorageClassName} and
     * {@code storage.pvcHeadroomPercent} if those are unset, creating the {@code storage} block as needed.
     * The deprecated fields themselves are kept. {@code null} gives {@code null}.
     */
    public static AIMRuntimeConfigCommon migrateDeprecated(AIMRuntimeConfigCommon config) {
        AIMRuntimeConfigCommon out = copy(config);
        if (out == null) {
            return null;
        }
        if (out.defaultStorageClassName != null && !out.defaultStorageClassName.isEmpty()) {
            storageOf(out).defaultStorageClassName = firstSet(out.storage.defaultStorageClassName,
                    out.defaultStorageClassName);
        }
        if (out.pvcHeadroomPercent != null) {
            storageOf(out).pvcHeadroomPercent = firstSet(out.storage.pvcHeadroomPercent, out.pvcHeadroomPercent);
        }
        return out;
    }

    /**
     * The namespace config layered over the cluster config (see the class description), both migrated first.
     * When one side is {@code null} the result is a migrated copy of the other; both {@code null} gives
     * {@code null}.
     */
    public static AIMRuntimeConfigCommon merge(AIMRuntimeConfigCommon cluster, AIMRuntimeConfigCommon namespace) {
        AIMRuntimeConfigCommon base = migrateDeprecated(cluster);
        AIMRuntimeConfigCommon top = migrateDeprecated(namespace);
        if (base == null || top == null) {
            return base == null ? top : base;
        }
        AIMRuntimeConfigCommon out = new AIMRuntimeConfigCommon();
        out.storage = mergeStorage(base.storage, top.storage);
        out.routing = mergeRouting(base.routing, top.routing);
        out.env = base.env == null && top.env == null ? null : EnvVars.merge(base.env, top.env);
        out.model = mergeModel(base.model, top.model);
        out.labelPropagation = mergeLabelPropagation(base.labelPropagation, top.labelPropagation);
        out.defaultStorageClassName = firstSet(top.defaultStorageClassName, base.defaultStorageClassName);
        out.pvcHeadroomPercent = firstSet(top.pvcHeadroomPercent, base.pvcHeadroomPercent);
        return out;
    }

    /** A deep copy of {@code config}; {@code null} gives {@code null}. */
    public static AIMRuntimeConfigCommon copy(AIMRuntimeConfigCommon config) {
        if (config == null) {
            return null;
        }
        AIMRuntimeConfigCommon out = new AIMRuntimeConfigCommon();
        out.storage = copy(config.storage);
        out.routing = copy(config.routing);
        out.env = config.env == null ? null : EnvVars.copyOf(config.env);
        out.model = copy(config.model);
        out.labelPropagation = copy(config.labelPropagation);
        out.defaultStorageClassName = config.defaultStorageClassName;
        out.pvcHeadroomPercent = config.pvcHeadroomPercent;
        return out;
    }

    private static AIMStorageConfig mergeStorage(AIMStorageConfig base, AIMStorageConfig top) {
        if (base == null || top == null) {
            return base == null ? top : base;
        }
        AIMStorageConfig out = new AIMStorageConfig();
        out.defaultStorageClassName = firstSet(top.defaultStorageClassName, base.defaultStorageClassName);
        out.pvcHeadroomPercent = firstSet(top.pvcHeadroomPercent, base.pvcHeadroomPercent);
        return out;
    }

    private static AIMRoutingConfig mergeRouting(AIMRoutingConfig base, AIMRoutingConfig top) {
        if (base == null || top == null) {
            return base == null ? top : base;
        }
        AIMRoutingConfig out = new AIMRoutingConfig();
        out.enabled = firstSet(top.enabled, base.enabled);
        out.gatewayRef = firstSet(top.gatewayRef, base.gatewayRef);
        out.pathTemplate = firstSet(top.pathTemplate, base.pathTemplate);
        out.requestTimeout = firstSet(top.requestTimeout, base.requestTimeout);
        if (base.annotations != null || top.annotations != null) {
            out.annotations = new LinkedHashMap<>();
            if (base.annotations != null) {
                out.annotations.putAll(base.annotations);
            }
            if (top.annotations != null) {
                out.annotations.putAll(top.annotations);
            }
        }
        return out;
    }

    private static AIMRuntimeConfigCommon.ModelConfig mergeModel(AIMRuntimeConfigCommon.ModelConfig base,
            AIMRuntimeConfigCommon.ModelConfig top) {
        if (base == null || top == null) {
            return base == null ? top : base;
        }
        AIMRuntimeConfigCommon.ModelConfig out = new AIMRuntimeConfigCommon.ModelConfig();
        out.autoDiscovery = firstSet(top.autoDiscovery, base.autoDiscovery);
        return out;
    }

    private static AIMRuntimeConfigCommon.LabelPropagation mergeLabelPropagation(
            AIMRuntimeConfigCommon.LabelPropagation base, AIMRuntimeConfigCommon.LabelPropagation top) {
        if (base == null || top == null) {
            return base == null ? top : base;
        }
        AIMRuntimeConfigCommon.LabelPropagation out = new AIMRuntimeConfigCommon.LabelPropagation();
        out.enabled = firstSet(top.enabled, base.enabled);
        out.match = top.match != null && !top.match.isEmpty() ? top.match : base.match;
        return out;
    }

    private static <T> T firstSet(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }

    private static AIMStorageConfig storageOf(AIMRuntimeConfigCommon config) {
        if (config.storage == null) {
            config.storage = new AIMStorageConfig();
        }
        return config.storage;
    }

    private static AIMStorageConfig copy(AIMStorageConfig storage) {
        if (storage == null) {
            return null;
        }
        AIMStorageConfig out = new AIMStorageConfig();
        out.defaultStorageClassName = storage.defaultStorageClassName;
        out.pvcHeadroomPercent = storage.pvcHeadroomPercent;
        return out;
    }

    private static AIMRoutingConfig copy(AIMRoutingConfig routing) {
        if (routing == null) {
            return null;
        }
        AIMRoutingConfig out = new AIMRoutingConfig();
        out.enabled = routing.enabled;
        out.gatewayRef = copy(routing.gatewayRef);
        out.pathTemplate = routing.pathTemplate;
        out.requestTimeout = routing.requestTimeout;
        out.annotations = routing.annotations == null ? null : new LinkedHashMap<>(routing.annotations);
        return out;
    }

    private static GatewayParentReference copy(GatewayParentReference ref) {
        if (ref == null) {
            return null;
        }
        GatewayParentReference out = new GatewayParentReference(ref.namespace, ref.name);
        out.group = ref.group;
        out.kind = ref.kind;
        out.sectionName = ref.sectionName;
        out.port = ref.port;
        return out;
    }

    private static AIMRuntimeConfigCommon.ModelConfig copy(AIMRuntimeConfigCommon.ModelConfig model) {
        if (model == null) {
            return null;
        }
        AIMRuntimeConfigCommon.ModelConfig out = new AIMRuntimeConfigCommon.ModelConfig();
        out.autoDiscovery = model.autoDiscovery;
        return out;
    }

    private static AIMRuntimeConfigCommon.LabelPropagation copy(AIMRuntimeConfigCommon.LabelPropagation lp) {
        if (lp == null) {
            return null;
        }
        AIMRuntimeConfigCommon.LabelPropagation out = new AIMRuntimeConfigCommon.LabelPropagation();
        out.enabled = lp.enabled;
        out.match = lp.match == null ? null : new ArrayList<>(lp.match);
        return out;
    }
}
