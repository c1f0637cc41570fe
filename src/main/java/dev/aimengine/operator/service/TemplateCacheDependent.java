package dev.aimengine.operator.service;

import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.api.v1alpha1.AIMTemplateCache;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;

import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The AIMTemplateCache a service uses. Created and updated, never deleted by the workflow: a Shared cache
 * has no owner and outlives the service; a Dedicated one carries the service as owner (set by the planner) and is
 * garbage-collected with it. Any cache change reaches every service whose cache or template it is.
 */
public class TemplateCacheDependent extends KubernetesDependentResource<AIMTemplateCache, AIMService>
        implements Creator<AIMTemplateCache, AIMService>, Updater<AIMTemplateCache, AIMService> {

    public static final String NAME = "template-cache";

    public TemplateCacheDependent() {
        super(AIMTemplateCache.class);
    }

    @Override
    protected AIMTemplateCache desired(AIMService primary, Context<AIMService> context) {
        AIMTemplateCache planned = ServiceObjects.of(context).templateCache();
        return planned == null ? null : dev.aimengine.operator.common.reconcile.Children.complete(planned);
    }

    @Override
    protected boolean addOwnerReference() {
        return false;
    }

    @Override
    protected void addReferenceHandlingMetadata(AIMTemplateCache desired, AIMService primary) {
        // ownership is the planner's decision (Dedicated only); no tracking annotations on shared objects
    }

    @Override
    protected Optional<SecondaryToPrimaryMapper<AIMTemplateCache>> getSecondaryToPrimaryMapper(
            EventSourceContext<AIMService> context) {
        var services = context.getPrimaryCache();
        return Optional.of(cache -> services.list(cache.getMetadata().getNamespace(), s -> uses(s, cache))
                .map(ResourceID::fromResource).collect(Collectors.toSet()));
    }

    /** Whether a service uses a cache: it is the cache recorded in its status, or a cache of its template. */
    static boolean uses(AIMService s, AIMTemplateCache cache) {
        String name = cache.getMetadata().getName();
        String template = cache.getSpec() == null ? null : cache.getSpec().templateName;
        return s.getStatus() != null
                && ((s.getStatus().cache != null && s.getStatus().cache.templateCacheRef != null
                        && name.equals(s.getStatus().cache.templateCacheRef.name))
                        || (s.getStatus().resolvedTemplate != null && template != null
                                && template.equals(s.getStatus().resolvedTemplate.name)));
    }

    public static class Planned implements Condition<AIMTemplateCache, AIMService> {
        @Override
        public boolean isMet(DependentResource<AIMTemplateCache, AIMService> dependent, AIMService primary,
                Context<AIMService> context) {
            return ServiceObjects.of(context).templateCache() != null;
        }
    }

}
