package dev.aimengine.operator.service.resolution;

import dev.aimengine.operator.service.inference.InferenceService;
import dev.aimengine.operator.service.selection.TemplateCandidate;
import dev.aimengine.operator.api.v1alpha1.AIMCacheMode;
import dev.aimengine.operator.api.v1alpha1.AIMCachingMode;
import dev.aimengine.operator.api.v1alpha1.AIMResolvedReference;
import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplateSpec;
import dev.aimengine.operator.api.v1alpha1.AIMTemplateCache;
import dev.aimengine.operator.api.v1alpha1.AIMTemplateCacheSpec;
import dev.aimengine.operator.api.v1alpha1.AIMTemplateScope;
import dev.aimengine.operator.common.status.AIMStatus;
import dev.aimengine.operator.common.naming.AimNames;
import dev.aimengine.operator.common.reconcile.Children;
import dev.aimengine.operator.common.status.Component;
import dev.aimengine.operator.common.kube.EnvVars;
import dev.aimengine.operator.common.labels.Labels;
import dev.aimengine.operator.common.naming.Naming;
import dev.aimengine.operator.runtimeconfig.RuntimeConfigResolution;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which AIMTemplateCache a service uses, and whether one must be created. Pure.
 *
 * @param cache     the usable cache found, or null
 * @param desired   the cache to create, or null
 * @param component the {@code Cache} component
 */
public record CacheResolution(AIMTemplateCache cache, AIMTemplateCache desired, Component component) {
    public static final String COMPONENT = "Cache";

    /** A cache to create for a Dedicated service belongs to the service (garbage-collected with it). */
    public boolean ownedByService() {
        return desired != null && desired.getSpec() != null && AIMCacheMode.Dedicated.name().equals(desired.getSpec().mode);
    }

    public boolean isReady() {
        return cache != null && AIMStatus.parse(cache.getStatus() == null ? null : cache.getStatus().status) == AIMStatus.Ready;
    }

    /** Dedicated ({@code Dedicated}, legacy {@code Never}) or Shared ({@code Shared}, {@code Auto}, {@code Always}, unset). */
    public static boolean dedicated(AIMService service) {
        var caching = service.getSpec().caching;
        String mode = caching == null ? null : caching.mode;
        return AIMCachingMode.Dedicated.name().equals(mode) || AIMCachingMode.Never.name().equals(mode);
    }

    public static CacheResolution resolve(AIMService service, TemplateCandidate template, List<AIMTemplateCache> caches,
            InferenceService isvc, RuntimeConfigResolution runtimeConfig) {
        boolean dedicated = dedicated(service);
        Optional<AIMTemplateCache> found = recorded(service, caches, dedicated)
                .or(() -> dedicated ? byName(caches, dedicatedName(service, template)).filter(c -> usable(c, service, true))
                        : bestShared(caches, template.name()));
        if (found.isPresent()) {
            return new CacheResolution(found.get(), null, health(found.get()));
        }
        boolean hasSources = template.status() != null && template.status().modelSources != null
                && !template.status().modelSources.isEmpty();
        AIMTemplateCache desired = hasSources ? desired(service, template, dedicated, runtimeConfig) : null;
        Component component;
        if (mountsCacheVolumes(isvc)) {
            component = dedicated
                    ? Component.of(COMPONENT, AIMStatus.Degraded, "CacheCreating",
                            "The dedicated template cache is gone while the InferenceService still mounts its volumes; recreating it")
                    : Component.of(COMPONENT, AIMStatus.Degraded, "CacheLost",
                            "The shared template cache is gone while the InferenceService still mounts its volumes; recreating it");
        } else if (desired == null) {
            component = Component.of(COMPONENT, AIMStatus.Progressing, "CacheCreating",
                    "Waiting for the template's model sources before creating a cache");
        } else {
            component = Component.of(COMPONENT, AIMStatus.Progressing, "CacheCreating",
                    "Creating template cache " + desired.getMetadata().getName());
        }
        return new CacheResolution(null, desired, component.downstream());
    }

    private static Optional<AIMTemplateCache> recorded(AIMService service, List<AIMTemplateCache> caches,
            boolean dedicated) {
        var status = service.getStatus();
        if (status == null || status.cache == null || status.cache.templateCacheRef == null) {
            return Optional.empty();
        }
        return byName(caches, status.cache.templateCacheRef.name)
                .filter(c -> AIMStatus.parse(c.getStatus() == null ? null : c.getStatus().status) == AIMStatus.Ready)
                .filter(c -> usable(c, service, dedicated));
    }

    /** Shared services never use Dedicated caches; Dedicated services only the one they own. */
    static boolean usable(AIMTemplateCache cache, AIMService service, boolean dedicated) {
        boolean cacheDedicated = cache.getSpec() != null && AIMCacheMode.Dedicated.name().equals(cache.getSpec().mode);
        if (!dedicated) {
            return !cacheDedicated;
        }
        return cacheDedicated && Children.isOwnedBy(cache, service);
    }

    /** Any Shared cache of the template (made by the template, other services or by hand), the healthiest first. */
    private static Optional<AIMTemplateCache> bestShared(List<AIMTemplateCache> caches, String templateName) {
        return caches.stream()
                .filter(c -> c.getSpec() != null && templateName.equals(c.getSpec().templateName))
                .filter(c -> !AIMCacheMode.Dedicated.name().equals(c.getSpec().mode))
                .max(Comparator.comparingInt(c -> AIMStatus.parse(c.getStatus() == null ? null : c.getStatus().status)
                        .priority()));
    }

    private static Optional<AIMTemplateCache> byName(List<AIMTemplateCache> caches, String name) {
        return caches.stream().filter(c -> c.getMetadata().getName().equals(name)).findFirst();
    }

    private static String dedicatedName(AIMService s, TemplateCandidate t) {
        return AimNames.dedicatedTemplateCache(t.name(), s.getMetadata().getName(), s.getMetadata().getUid());
    }

    static AIMTemplateCache desired(AIMService service, TemplateCandidate template, boolean dedicated,
            RuntimeConfigResolution runtimeConfig) {
        String ns = service.getMetadata().getNamespace();
        String name = dedicated ? dedicatedName(service, template) : AimNames.sharedTemplateCache(template.name(), ns);
        AIMTemplateCache cache = new AIMTemplateCache();
        cache.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns)
                .withLabels(Map.of(Labels.SERVICE, Naming.sanitizeLabelValue(service.getMetadata().getName()))).build());
        AIMTemplateCacheSpec spec = new AIMTemplateCacheSpec();
        spec.templateName = template.name();
        spec.templateScope = (template.cluster() ? AIMTemplateScope.Cluster : AIMTemplateScope.Namespace).name();
        spec.storageClassName = storageClass(service, runtimeConfig);
        spec.runtimeConfigName = service.getSpec().runtimeConfigName;
        spec.mode = (dedicated ? AIMCacheMode.Dedicated : AIMCacheMode.Shared).name();
        List<EnvVar> env = template.spec().env;
        if (template.spec() instanceof AIMServiceTemplateSpec tspec && tspec.caching != null) {
            env = EnvVars.mergeReplacing(env, tspec.caching.env);
        }
        env = EnvVars.mergeReplacing(env, service.getSpec().env);
        spec.env = env == null || env.isEmpty() ? null : env;
        cache.setSpec(spec);
        return cache;
    }

    private static String storageClass(AIMService service, RuntimeConfigResolution runtimeConfig) {
        var storage = service.getSpec().storage;
        if (storage != null && storage.defaultStorageClassName != null && !storage.defaultStorageClassName.isEmpty()) {
            return storage.defaultStorageClassName;
        }
        return runtimeConfig.found().map(c -> c.storageClassName()).orElse(null);
    }

    /** Whether the live InferenceService has PVC volumes other than dshm (its cache was in use). */
    static boolean mountsCacheVolumes(InferenceService isvc) {
        if (isvc == null || isvc.getSpec() == null || isvc.getSpec().predictor == null
                || isvc.getSpec().predictor.volumes == null) {
            return false;
        }
        return isvc.getSpec().predictor.volumes.stream()
                .anyMatch(v -> !"dshm".equals(v.getName()) && v.getPersistentVolumeClaim() != null);
    }

    /** CacheReady from the cache's status. */
    static Component health(AIMTemplateCache cache) {
        String name = cache.getMetadata().getName();
        String value = cache.getStatus() == null ? null : cache.getStatus().status;
        AIMStatus status = AIMStatus.parse(value);
        Component c = switch (status) {
            case Ready -> Component.ready(COMPONENT, "CacheReady", "Template cache " + name + " is ready");
            case Progressing -> Component.of(COMPONENT, AIMStatus.Progressing, "CacheNotReady",
                    "Template cache " + name + " is downloading");
            case Failed -> Component.of(COMPONENT, AIMStatus.Failed, "CacheFailed", "Template cache " + name + " failed");
            default -> Component.of(COMPONENT, AIMStatus.Progressing, "CacheCreating",
                    "Template cache " + name + " is " + (value == null || value.isEmpty() ? "being created" : value));
        };
        return c.downstream();
    }

    public AIMResolvedReference reference() {
        if (cache == null) {
            return null;
        }
        AIMResolvedReference r = new AIMResolvedReference();
        r.name = cache.getMetadata().getName();
        r.namespace = cache.getMetadata().getNamespace();
        r.uid = cache.getMetadata().getUid();
        return r;
    }
}
