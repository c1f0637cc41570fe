package dev.aimengine.operator.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aimengine.operator.api.v1alpha1.AIMClusterRuntimeConfig;
import dev.aimengine.operator.api.v1alpha1.AIMConditionedStatus;
import dev.aimengine.operator.api.v1alpha1.AIMModelSpec;
import dev.aimengine.operator.api.v1alpha1.AIMModelStatus;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplateSpecCommon;
import dev.aimengine.operator.common.reconcile.Caches;
import dev.aimengine.operator.common.reconcile.ControllerSupport;
import dev.aimengine.operator.common.reconcile.Plan;
import dev.aimengine.operator.common.reconcile.ReconcileTail;
import dev.aimengine.operator.runtimeconfig.RuntimeConfigMerger;
import dev.aimengine.operator.runtimeconfig.RuntimeConfigResolution;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One implementation for AIMModel and AIMClusterModel (spec §2.10): runtime config, image metadata, template
 * creation (owned by the model, so deleting the model garbage-collects them) and status aggregated from templates.
 *
 * @param <M> the model kind
 * @param <T> the template kind it creates
 */
public abstract class ModelReconciler<M extends CustomResource<AIMModelSpec, AIMModelStatus>,
        T extends CustomResource<? extends AIMServiceTemplateSpecCommon, ? extends AIMConditionedStatus>>
        extends ControllerSupport<M> {

    static final String BY_RUNTIME_CONFIG = "byRuntimeConfig";
    static final String BY_RUNTIME_CONFIG_NAME = "byRuntimeConfigName";

    protected abstract Class<T> templateType();

    @Override
    public UpdateControl<M> reconcile(M model, Context<M> context) {
        JsonNode before = begin(model, AIMModelStatus::new);
        if (before == null) {
            return UpdateControl.noUpdate();
        }
        Caches caches = Caches.of(context);
        String namespace = model.getMetadata().getNamespace();
        String name = model.getMetadata().getName();
        RuntimeConfigResolution runtimeConfig = RuntimeConfigResolution.resolve(caches,
                model.getSpec().runtimeConfigName, namespace);
        List<String> templateStatus = caches.list(templateType(), namespace, t -> name.equals(t.getSpec().modelName))
                .stream().map(t -> t.getStatus() == null ? null : t.getStatus().statusValue()).toList();

        ModelPlanner.Result result = ModelPlanner.plan(new ModelPlanner.Input(model, model.getSpec(),
                model.getStatus(), runtimeConfig, templateStatus));
        model.getStatus().sourceType = result.sourceType();
        model.getStatus().imageMetadata = result.imageMetadata();
        model.getStatus().resolvedRuntimeConfig = runtimeConfig.reference();

        Plan plan = new Plan();
        result.templates().forEach(plan::own);
        return tail().finish(model, before, ReconcileTail.Result.of(result.components(), plan,
                runtimeConfig.labelPropagation()));
    }

    @Override
    public List<EventSource<?, M>> prepareEventSources(EventSourceContext<M> context) {
        IndexerResourceCache<M> primaries = context.getPrimaryCache();
        metrics.track(context.getPrimaryResourceClass().getSimpleName(), primaries);
        primaries.addIndexers(Map.of(
                BY_RUNTIME_CONFIG, m -> List.of(Caches.key(m.getMetadata().getNamespace(), configName(m))),
                BY_RUNTIME_CONFIG_NAME, m -> List.of(configName(m))));
        List<EventSource<?, M>> sources = new ArrayList<>();
        // templates: the model named by spec.modelName in the same scope (owned or hand-made)
        sources.add(informer(context, templateType(), t -> Set.of(new ResourceID(t.getSpec().modelName,
                t.getMetadata().getNamespace()))));
        sources.add(informer(context, AIMClusterRuntimeConfig.class,
                c -> ids(primaries.byIndex(BY_RUNTIME_CONFIG_NAME, c.getMetadata().getName()))));
        sources.addAll(namespacedEventSources(context));
        return sources;
    }

    protected List<EventSource<?, M>> namespacedEventSources(EventSourceContext<M> context) {
        return List.of();
    }

    private static String configName(CustomResource<AIMModelSpec, ?> m) {
        return RuntimeConfigMerger.effectiveName(m.getSpec().runtimeConfigName);
    }
}
