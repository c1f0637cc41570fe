package dev.aimengine.operator.runtimeconfig;

import dev.aimengine.operator.api.v1alpha1.AIMClusterRuntimeConfig;
import dev.aimengine.operator.api.v1alpha1.AIMResolutionScope;
import dev.aimengine.operator.api.v1alpha1.AIMResolvedReference;
import dev.aimengine.operator.api.v1alpha1.AIMRoutingConfig;
import dev.aimengine.operator.api.v1alpha1.AIMRuntimeConfig;
import dev.aimengine.operator.api.v1alpha1.AIMRuntimeConfigCommon;
import dev.aimengine.operator.api.v1alpha1.AIMStorageConfig;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;

import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The runtime config an object uses: the namespace and/or cluster config of one name, merged.
 *
 * @param name      the effective config name that was resolved
 * @param merged    the merged spec ({@link RuntimeConfigMerger#merge}); never {@code null}
 * @param scope     {@code Namespace} (only the AIMRuntimeConfig exists), {@code Cluster} (only the
 *                  AIMClusterRuntimeConfig exists) or {@code Merged} (both exist)
 * @param reference what to report as {@code status.resolvedRuntimeConfig}
 */
public record ResolvedRuntimeConfig(String name, AIMRuntimeConfigCommon merged, String scope,
        AIMResolvedReference reference) {

    public static final String KIND_NAMESPACED = "AIMRuntimeConfig";
    public static final String KIND_CLUSTER = "AIMClusterRuntimeConfig";

    /**
     * Resolves the configs found under {@code name} (either may be {@code null}; a missing spec counts as
     * empty). Empty when neither exists.
     * <p>The reference names the namespace config whenever one exists (kind {@value #KIND_NAMESPACED}, its
     * namespace and uid; scope {@code Merged} when a cluster config was merged under it), otherwise the
     * cluster config (kind {@value #KIND_CLUSTER}, no namespace, scope {@code Cluster}).
     */
    public static Optional<ResolvedRuntimeConfig> of(String name, AIMRuntimeConfig namespaced,
            AIMClusterRuntimeConfig cluster) {
        if (namespaced == null && cluster == null) {
            return Optional.empty();
        }
        String effectiveName = RuntimeConfigMerger.effectiveName(name);
        AIMRuntimeConfigCommon merged = RuntimeConfigMerger.merge(specOf(cluster), specOf(namespaced));
        AIMResolutionScope scope = namespaced == null ? AIMResolutionScope.Cluster
                : cluster == null ? AIMResolutionScope.Namespace : AIMResolutionScope.Merged;
        AIMResolvedReference reference = namespaced != null
                ? new AIMResolvedReference(effectiveName, namespaceOf(namespaced), scope.name(),
                        KIND_NAMESPACED, uidOf(namespaced))
                : new AIMResolvedReference(effectiveName, null, scope.name(), KIND_CLUSTER, uidOf(cluster));
        return Optional.of(new ResolvedRuntimeConfig(effectiveName, merged, scope.name(), reference));
    }

    /** {@code storage.defaultStorageClassName}; {@code null} when unset or empty (the cluster default class). */
    public String storageClassName() {
        String value = merged.storage == null ? null : merged.storage.defaultStorageClassName;
        return value == null || value.isEmpty() ? null : value;
    }

    /** {@code storage.pvcHeadroomPercent}, or {@value AIMStorageConfig#DEFAULT_HEADROOM_PERCENT} when unset. */
    public int headroomPercent() {
        Integer value = merged.storage == null ? null : merged.storage.pvcHeadroomPercent;
        return value == null ? AIMStorageConfig.DEFAULT_HEADROOM_PERCENT : value;
    }

    /** The merged {@code env} (read-only view); empty when unset. */
    public List<EnvVar> env() {
        return merged.env == null ? List.of() : Collections.unmodifiableList(merged.env);
    }

    /** The merged {@code routing} block, or {@code null}. */
    public AIMRoutingConfig routing() {
        return merged.routing;
    }

    /** The merged {@code labelPropagation} block, or {@code null}. */
    public AIMRuntimeConfigCommon.LabelPropagation labelPropagation() {
        return merged.labelPropagation;
    }

    private static AIMRuntimeConfigCommon specOf(CustomResource<AIMRuntimeConfigCommon, ?> config) {
        if (config == null) {
            return null;
        }
        return config.getSpec() != null ? config.getSpec() : new AIMRuntimeConfigCommon();
    }

    private static String uidOf(HasMetadata object) {
        return object.getMetadata() == null ? null : object.getMetadata().getUid();
    }

    private static String namespaceOf(HasMetadata object) {
        return object.getMetadata() == null ? null : object.getMetadata().getNamespace();
    }
}
