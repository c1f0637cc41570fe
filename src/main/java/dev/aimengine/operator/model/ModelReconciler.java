package dev.aimengine.operator.model;

import dev.aimengine.operator.api.v1alpha1.AIMConditionedStatus;
import dev.aimengine.operator.api.v1alpha1.AIMModelSpec;
import dev.aimengine.operator.api.v1alpha1.AIMModelStatus;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplateSpecCommon;
import dev.aimengine.operator.common.reconcile.Caches;
import dev.aimengine.operator.common.reconcile.ControllerSupport;
import dev.aimengine.operator.common.reconcile.Decision;
import dev.aimengine.operator.runtimeconfig.RuntimeConfigResolution;
import dev.aimengine.operator.runtimeconfig.RuntimeConfigWatch;
import dev.aimengine.operator.runtimeconfig.RuntimeConfigs;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One implementation for AIMModel and AIMClusterModel: runtime config, image metadata (read from the image's
 * registry once), template creation (owned by the model, so deleting the model garbage-collects them) and a status
 * aggregated from the templates.
 *
 * <p>Pull secrets are read by name when the image is read, not watched: a model waiting for a missing secret looks
 * again on its own, soon at first and then less often (see {@link ModelPlanner#recheck}).
 *
 * @param <M> the model kind
 * @param <T> the template kind it creates
 */
public abstract class ModelReconciler<M extends CustomResource<AIMModelSpec, AIMModelStatus>,
        T extends CustomResource<? extends AIMServiceTemplateSpecCommon, ? extends AIMConditionedStatus>>
        extends ControllerSupport<M, AIMModelStatus, ModelReconciler.Observation, ModelReconciler.Resolution> {

    @Inject
    ImageInspection images;

    /** What a model reconcile reads: its runtime configs and the status of every template naming it. */
    public record Observation(RuntimeConfigs runtimeConfigs, List<String> templateStatus) {
    }

    /** The runtime config the model names, and its image's metadata (or why it could not be read). */
    public record Resolution(RuntimeConfigResolution runtimeConfig, ImageMetadataLookup image) {
    }

    protected abstract Class<T> templateType();

    /** Where the secrets of {@code spec.imagePullSecrets} live: the model's namespace, the operator's for cluster models. */
    protected abstract String secretNamespace(M model);

    @Override
    protected AIMModelStatus emptyStatus() {
        return new AIMModelStatus();
    }

    @Override
    protected Observation observe(M model, Context<M> context) {
        Caches caches = Caches.of(context);
        String namespace = model.getMetadata().getNamespace();
        String name = model.getMetadata().getName();
        return new Observation(RuntimeConfigs.observe(caches, model.getSpec().runtimeConfigName, namespace),
                caches.list(templateType(), namespace, t -> name.equals(t.getSpec().modelName)).stream()
                        .map(t -> t.getStatus() == null ? null : t.getStatus().statusValue()).toList());
    }

    /**
     * The runtime config, and the image metadata: from the spec or the status when there, else read from the
     * registry with the model's pull secrets (until one read succeeds; the result is kept in the status).
     */
    @Override
    protected Resolution resolve(M model, Observation observation) {
        return new Resolution(observation.runtimeConfigs().resolve(),
                images.lookup(model, model.getSpec(), model.getStatus(), secretNamespace(model)));
    }

    @Override
    protected Decision<AIMModelStatus> plan(M model, Observation observation, Resolution resolution) {
        return ModelPlanner.plan(new ModelPlanner.Input(model, model.getSpec(), model.getStatus(),
                resolution.runtimeConfig(), resolution.image(), observation.templateStatus(), clock.instant()));
    }

    @Override
    public List<EventSource<?, M>> prepareEventSources(EventSourceContext<M> context) {
        metrics.track(context.getPrimaryResourceClass().getSimpleName(), context.getPrimaryCache());
        List<EventSource<?, M>> sources = new ArrayList<>();
        // templates: the model named by spec.modelName in the same scope (owned or hand-made)
        sources.add(informer(context, templateType(), t -> Set.of(new ResourceID(t.getSpec().modelName,
                t.getMetadata().getNamespace()))));
        sources.addAll(RuntimeConfigWatch.eventSources(context, m -> m.getSpec().runtimeConfigName));
        return sources;
    }
}
