package dev.aimengine.operator.cache;

import dev.aimengine.operator.api.v1alpha1.AIMArtifact;
import dev.aimengine.operator.api.v1alpha1.AIMModelSource;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplateStatus;
import dev.aimengine.operator.api.v1alpha1.AIMTemplateCache;
import dev.aimengine.operator.api.v1alpha1.AIMTemplateCacheStatus;
import dev.aimengine.operator.common.reconcile.Decision;
import dev.aimengine.operator.runtimeconfig.RuntimeConfigResolution;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.List;

/**
 * Decides everything about one AIMTemplateCache: the runtime-config and template components, the artifacts to
 * create for the template's model sources (owned by the cache when it is Dedicated, unowned and shared otherwise) and
 * the artifacts' progress. Pure.
 */
public final class CachePlanner {

    /** The template a cache found, whichever kind it is, and its scope ({@code Namespace} or {@code Cluster}). */
    public record FoundTemplate(HasMetadata template, AIMServiceTemplateStatus status, String scope) {
    }

    public static Decision<AIMTemplateCacheStatus> plan(AIMTemplateCache cache, RuntimeConfigResolution runtimeConfig,
            FoundTemplate found, List<AIMArtifact> artifactsInNamespace) {
        AIMTemplateCacheStatus status = new AIMTemplateCacheStatus();
        AIMTemplateCacheStatus previous = cache.getStatus();
        if (previous != null) {
            status.artifacts = previous.artifacts;
            status.resolvedTemplateKind = previous.resolvedTemplateKind;
        }
        status.resolvedRuntimeConfig = runtimeConfig.reference();
        Decision<AIMTemplateCacheStatus> decision = Decision.of(status)
                .labelPropagation(runtimeConfig.labelPropagation())
                .component(runtimeConfig.component().upstream());
        if (found == null) {
            return decision.component(CacheArtifacts.serviceTemplateComponent(null, null, null));
        }
        String templateStatus = found.status() == null ? null : found.status().status;
        Condition ready = found.status() == null || found.status().conditions == null ? null
                : found.status().conditions.stream().filter(c -> "Ready".equals(c.getType())).findFirst().orElse(null);
        decision.component(CacheArtifacts.serviceTemplateComponent(found.template(), templateStatus, ready));
        status.resolvedTemplateKind = found.template().getKind();
        List<AIMModelSource> sources = found.status() == null || found.status().modelSources == null ? List.of()
                : found.status().modelSources;
        CacheArtifacts.Match match = CacheArtifacts.match(cache, sources, artifactsInNamespace);
        for (CacheArtifacts.PlannedArtifact p : CacheArtifacts.plan(cache, found.scope(), match.missing(), sources)) {
            if (p.ownedByCache()) {
                decision.own(p.artifact());
            } else {
                decision.add(p.artifact());
            }
        }
        status.artifacts = CacheArtifacts.statusArtifacts(match.matched());
        return decision.component(CacheArtifacts.artifactsComponent(match.missing().size(), match.artifacts()));
    }

    private CachePlanner() {
    }
}
