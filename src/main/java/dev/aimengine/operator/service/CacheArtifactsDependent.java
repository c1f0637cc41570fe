package dev.aimengine.operator.service;

import dev.aimengine.operator.service.inference.InferenceService;
import dev.aimengine.operator.api.v1alpha1.AIMArtifact;
import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.common.labels.Labels;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The AIMArtifacts behind a service's template cache, read-only: the template-cache controller creates them; the
 * service reads their PVCs (InferenceService volumes) and is re-triggered when they change.
 */
public class CacheArtifactsDependent extends KubernetesDependentResource<AIMArtifact, AIMService> {

    public static final String NAME = "cache-artifacts";

    public CacheArtifactsDependent() {
        super(AIMArtifact.class);
    }

    @Override
    protected Optional<SecondaryToPrimaryMapper<AIMArtifact>> getSecondaryToPrimaryMapper(
            EventSourceContext<AIMService> context) {
        var services = context.getPrimaryCache();
        return Optional.of(artifact -> services.list(artifact.getMetadata().getNamespace(), s -> uses(s, artifact))
                .map(ResourceID::fromResource).collect(Collectors.toSet()));
    }

    /** Whether an artifact is one of a service's: made for the cache recorded in its status, or for its template. */
    static boolean uses(AIMService s, AIMArtifact artifact) {
        Map<String, String> labels = artifact.getMetadata().getLabels() == null ? Map.of()
                : artifact.getMetadata().getLabels();
        String cache = labels.get(Labels.TEMPLATE_CACHE_NAME);
        String template = labels.get(Labels.TEMPLATE_NAME);
        return s.getStatus() != null
                && ((cache != null && s.getStatus().cache != null && s.getStatus().cache.templateCacheRef != null
                        && cache.equals(s.getStatus().cache.templateCacheRef.name))
                        || (template != null && s.getStatus().resolvedTemplate != null
                                && template.equals(s.getStatus().resolvedTemplate.name)));
    }

    /** Several artifacts belong to one service; the workflow only needs to see one, the planner reads them all. */
    @Override
    protected Optional<AIMArtifact> selectTargetSecondaryResource(Set<AIMArtifact> secondaries, AIMService primary,
            Context<AIMService> context) {
        return secondaries.stream().findFirst();
    }
}
