package dev.aimengine.operator.template;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aimengine.operator.api.v1alpha1.AIMClusterModel;
import dev.aimengine.operator.api.v1alpha1.AIMClusterRuntimeConfig;
import dev.aimengine.operator.api.v1alpha1.AIMModel;
import dev.aimengine.operator.api.v1alpha1.AIMRuntimeConfig;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplateSpecCommon;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplateStatus;
import dev.aimengine.operator.common.reconcile.Caches;
import dev.aimengine.operator.common.reconcile.ControllerSupport;
import dev.aimengine.operator.common.reconcile.Plan;
import dev.aimengine.operator.common.reconcile.ReconcileTail;
import dev.aimengine.operator.gpu.GpuAvailability;
import dev.aimengine.operator.gpu.GpuEventSource;
import dev.aimengine.operator.gpu.GpuInventory;
import dev.aimengine.operator.runtimeconfig.RuntimeConfigMerger;
import dev.aimengine.operator.runtimeconfig.RuntimeConfigResolution;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;

import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One implementation for both template kinds (spec §2.11, without the discovery job): resolve runtime config and
 * model, check GPU availability, derive status from inline model sources, create the template-owned cache.
 */
public abstract class TemplateReconciler<T extends CustomResource<? extends AIMServiceTemplateSpecCommon, AIMServiceTemplateStatus>>
        extends ControllerSupport<T> {

    static final String BY_MODEL = "byModel";
    static final String BY_MODEL_NAME = "byModelName";
    static final String BY_RUNTIME_CONFIG = "byRuntimeConfig";
    static final String BY_RUNTIME_CONFIG_NAME = "byRuntimeConfigName";

    @Inject
    protected GpuInventory gpus;

    /** Event sources beyond the ones both kinds share. */
    protected abstract List<EventSource<?, T>> additionalEventSources(EventSourceContext<T> context);

    @Override
    public UpdateControl<T> reconcile(T template, Context<T> context) {
        JsonNode before = begin(template, AIMServiceTemplateStatus::new);
        if (before == null) {
            return UpdateControl.noUpdate();
        }
        Caches caches = Caches.of(context);
        String namespace = template.getMetadata().getNamespace();
        RuntimeConfigResolution runtimeConfig = RuntimeConfigResolution.resolve(caches,
                template.getSpec().runtimeConfigName, namespace);

        TemplatePlanner.Result result = TemplatePlanner.plan(new TemplatePlanner.Input(template, template.getSpec(),
                template.getStatus(), findModel(caches, template), runtimeConfig, gpus.snapshot()));
        adoptPlannedStatus(template, result.status());

        Plan plan = new Plan();
        if (result.cache() != null) {
            plan.own(result.cache());
        }
        return tail().finish(template, before,
                ReconcileTail.Result.of(result.components(), plan, runtimeConfig.labelPropagation())
                        .decorate(result.decorator()));
    }

    /** Namespaced templates: the AIMModel of their namespace, else the AIMClusterModel; cluster templates: the latter. */
    private TemplateModel findModel(Caches caches, T template) {
        String name = template.getSpec().modelName;
        String ns = template.getMetadata().getNamespace();
        if (ns != null) {
            var model = caches.get(AIMModel.class, name, ns);
            if (model.isPresent()) {
                return TemplateModel.of(model.get());
            }
        }
        return caches.get(AIMClusterModel.class, name).map(TemplateModel::of).orElse(null);
    }

    @Override
    public List<EventSource<?, T>> prepareEventSources(EventSourceContext<T> context) {
        IndexerResourceCache<T> primaries = context.getPrimaryCache();
        metrics.track(context.getPrimaryResourceClass().getSimpleName(), primaries);
        primaries.addIndexers(Map.of(
                BY_MODEL, t -> List.of(Caches.key(t.getMetadata().getNamespace(), t.getSpec().modelName)),
                BY_MODEL_NAME, t -> List.of(String.valueOf(t.getSpec().modelName)),
                BY_RUNTIME_CONFIG, t -> List.of(Caches.key(t.getMetadata().getNamespace(), configName(t))),
                BY_RUNTIME_CONFIG_NAME, t -> List.of(configName(t))));

        List<EventSource<?, T>> sources = new ArrayList<>();
        sources.add(informer(context, AIMClusterModel.class,
                m -> ids(primaries.byIndex(BY_MODEL_NAME, m.getMetadata().getName()))));
        sources.add(informer(context, AIMClusterRuntimeConfig.class,
                c -> ids(primaries.byIndex(BY_RUNTIME_CONFIG_NAME, c.getMetadata().getName()))));
        sources.add(new GpuEventSource<>(gpus, primaries, t -> GpuAvailability.requiresGpu(t.getSpec().hardware),
                GpuEventSource.MODELS_CHANGED));
        sources.addAll(additionalEventSources(context));
        return sources;
    }

    /** Namespaced dependencies shared by the namespaced kind: AIMModel and AIMRuntimeConfig of the namespace. */
    protected List<EventSource<?, T>> namespacedDependencies(EventSourceContext<T> context) {
        IndexerResourceCache<T> primaries = context.getPrimaryCache();
        return List.of(
                informer(context, AIMModel.class, m -> ids(primaries.byIndex(BY_MODEL,
                        Caches.key(m.getMetadata().getNamespace(), m.getMetadata().getName())))),
                informer(context, AIMRuntimeConfig.class, c -> ids(primaries.byIndex(BY_RUNTIME_CONFIG,
                        Caches.key(c.getMetadata().getNamespace(), c.getMetadata().getName())))));
    }

    private static String configName(CustomResource<? extends AIMServiceTemplateSpecCommon, ?> t) {
        return RuntimeConfigMerger.effectiveName(t.getSpec().runtimeConfigName);
    }
}
