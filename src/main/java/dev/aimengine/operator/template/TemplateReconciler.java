package dev.aimengine.operator.template;

import dev.aimengine.operator.api.v1alpha1.AIMClusterModel;
import dev.aimengine.operator.api.v1alpha1.AIMModel;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplateSpecCommon;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplateStatus;
import dev.aimengine.operator.common.reconcile.Caches;
import dev.aimengine.operator.common.reconcile.ControllerSupport;
import dev.aimengine.operator.common.reconcile.Decision;
import dev.aimengine.operator.gpu.GpuAvailability;
import dev.aimengine.operator.gpu.GpuEventSource;
import dev.aimengine.operator.gpu.GpuInventory;
import dev.aimengine.operator.gpu.GpuSnapshot;
import dev.aimengine.operator.runtimeconfig.RuntimeConfigResolution;
import dev.aimengine.operator.runtimeconfig.RuntimeConfigWatch;
import dev.aimengine.operator.runtimeconfig.RuntimeConfigs;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One implementation for both template kinds: resolve runtime config and model, check GPU availability, derive the
 * status from inline model sources (or recorded discovery results), create the template-owned cache.
 */
public abstract class TemplateReconciler<T extends CustomResource<? extends AIMServiceTemplateSpecCommon, AIMServiceTemplateStatus>>
        extends ControllerSupport<T, AIMServiceTemplateStatus, TemplateReconciler.Observation, TemplateReconciler.Resolution> {

    static final String BY_MODEL = "byModel";
    static final String BY_MODEL_NAME = "byModelName";

    /** The runtime configs, the AIMModel (namespaced templates) and AIMClusterModel of the model name, the GPUs. */
    public record Observation(RuntimeConfigs runtimeConfigs, AIMModel namespacedModel, AIMClusterModel clusterModel,
            GpuSnapshot gpus) {
    }

    /** The merged runtime config and the model the template uses (null when there is none). */
    public record Resolution(RuntimeConfigResolution runtimeConfig, TemplateModel model) {
    }

    @Inject
    protected GpuInventory gpus;

    /** Event sources beyond the ones both kinds share. */
    protected abstract List<EventSource<?, T>> additionalEventSources(EventSourceContext<T> context);

    @Override
    protected AIMServiceTemplateStatus emptyStatus() {
        return new AIMServiceTemplateStatus();
    }

    @Override
    protected Observation observe(T template, Context<T> context) {
        Caches caches = Caches.of(context);
        String name = template.getSpec().modelName;
        String ns = template.getMetadata().getNamespace();
        return new Observation(RuntimeConfigs.observe(caches, template.getSpec().runtimeConfigName, ns),
                ns == null ? null : caches.get(AIMModel.class, name, ns).orElse(null),
                caches.get(AIMClusterModel.class, name).orElse(null), gpus.snapshot());
    }

    /** Namespaced templates use the AIMModel of their namespace, else the AIMClusterModel; cluster templates the latter. */
    @Override
    protected Resolution resolve(T template, Observation o) {
        TemplateModel model = o.namespacedModel() != null ? TemplateModel.of(o.namespacedModel())
                : o.clusterModel() != null ? TemplateModel.of(o.clusterModel()) : null;
        return new Resolution(o.runtimeConfigs().resolve(), model);
    }

    @Override
    protected Decision<AIMServiceTemplateStatus> plan(T template, Observation o, Resolution r) {
        return TemplatePlanner.plan(new TemplatePlanner.Input(template, template.getSpec(), template.getStatus(),
                r.model(), r.runtimeConfig(), o.gpus()));
    }

    @Override
    public List<EventSource<?, T>> prepareEventSources(EventSourceContext<T> context) {
        IndexerResourceCache<T> primaries = context.getPrimaryCache();
        metrics.track(context.getPrimaryResourceClass().getSimpleName(), primaries);
        primaries.addIndexers(Map.of(
                BY_MODEL, t -> List.of(Caches.key(t.getMetadata().getNamespace(), t.getSpec().modelName)),
                BY_MODEL_NAME, t -> List.of(String.valueOf(t.getSpec().modelName))));

        List<EventSource<?, T>> sources = new ArrayList<>();
        sources.add(informer(context, AIMClusterModel.class,
                m -> ids(primaries.byIndex(BY_MODEL_NAME, m.getMetadata().getName()))));
        sources.addAll(RuntimeConfigWatch.eventSources(context, t -> t.getSpec().runtimeConfigName));
        sources.add(new GpuEventSource<>(gpus, primaries, t -> GpuAvailability.requiresGpu(t.getSpec().hardware),
                GpuEventSource.MODELS_CHANGED));
        sources.addAll(additionalEventSources(context));
        return sources;
    }

    /** The namespaced kind also watches the AIMModels of its namespace. */
    protected EventSource<?, T> namespacedModels(EventSourceContext<T> context) {
        IndexerResourceCache<T> primaries = context.getPrimaryCache();
        return informer(context, AIMModel.class, m -> ids(primaries.byIndex(BY_MODEL,
                Caches.key(m.getMetadata().getNamespace(), m.getMetadata().getName()))));
    }
}
