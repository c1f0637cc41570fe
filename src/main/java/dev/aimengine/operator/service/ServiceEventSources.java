package dev.aimengine.operator.service;

import dev.aimengine.operator.api.v1alpha1.AIMClusterModel;
import dev.aimengine.operator.api.v1alpha1.AIMClusterServiceTemplate;
import dev.aimengine.operator.api.v1alpha1.AIMModel;
import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.api.v1alpha1.AIMServiceStatusValue;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplate;
import dev.aimengine.operator.common.labels.Labels;
import dev.aimengine.operator.common.reconcile.Caches;
import dev.aimengine.operator.gpu.GpuEventSource;
import dev.aimengine.operator.gpu.GpuInventory;
import dev.aimengine.operator.runtimeconfig.RuntimeConfigWatch;
import dev.aimengine.operator.service.inference.InferenceServiceEvents;
import dev.aimengine.operator.service.inference.KServe;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.aimengine.operator.common.reconcile.ControllerSupport.informer;

/**
 * What re-triggers an AIMService: its model (by name, by image, or the custom model made for it), its templates (named,
 * recorded, or any template of its model while it selects), its runtime configs, its predictor pods, Events about
 * its InferenceService, and free GPU capacity while it is not Running. Template caches and artifacts reach it through the workflow's dependents.
 */
final class ServiceEventSources {
    static final String BY_MODEL = "byModel";
    static final String BY_MODEL_NAME = "byModelName";
    static final String BY_IMAGE = "byImage";
    static final String BY_TEMPLATE = "byTemplate";
    static final String BY_TEMPLATE_NAME = "byTemplateName";
    static final String BY_ISVC = "byInferenceService";

    static List<EventSource<?, AIMService>> of(EventSourceContext<AIMService> context, GpuInventory gpus) {
        IndexerResourceCache<AIMService> services = context.getPrimaryCache();
        services.addIndexers(Map.of(
                BY_MODEL, s -> keys(s, modelNames(s)),
                BY_MODEL_NAME, ServiceEventSources::modelNames,
                BY_IMAGE, ServiceEventSources::images,
                BY_TEMPLATE, s -> keys(s, templateNames(s)),
                BY_TEMPLATE_NAME, ServiceEventSources::templateNames,
                BY_ISVC, s -> keys(s, List.of(ServiceNames.of(s).inferenceService()))));

        List<EventSource<?, AIMService>> sources = new ArrayList<>();
        sources.add(informer(context, AIMModel.class, m -> union(
                services.byIndex(BY_MODEL, Caches.key(m.getMetadata().getNamespace(), m.getMetadata().getName())),
                sameNamespace(services.byIndex(BY_IMAGE, String.valueOf(m.getSpec().image)), m),
                sameNamespace(services.byIndex(BY_MODEL_NAME, m.getMetadata().getName()).stream()
                        .filter(s -> s.getMetadata().getName().equals(labels(m).get(Labels.SERVICE))).toList(), m))));
        sources.add(informer(context, AIMClusterModel.class, m -> union(
                services.byIndex(BY_MODEL_NAME, m.getMetadata().getName()),
                services.byIndex(BY_IMAGE, String.valueOf(m.getSpec().image)))));
        sources.add(informer(context, AIMServiceTemplate.class, t -> union(
                services.byIndex(BY_TEMPLATE, Caches.key(t.getMetadata().getNamespace(), t.getMetadata().getName())),
                services.byIndex(BY_MODEL, Caches.key(t.getMetadata().getNamespace(), t.getSpec().modelName)))));
        sources.add(informer(context, AIMClusterServiceTemplate.class, t -> union(
                services.byIndex(BY_TEMPLATE_NAME, t.getMetadata().getName()),
                services.byIndex(BY_MODEL_NAME, String.valueOf(t.getSpec().modelName)))));
        sources.addAll(RuntimeConfigWatch.eventSources(context, s -> s.getSpec().runtimeConfigName));
        sources.add(informer(context, Pod.class, KServe.ISVC_LABEL, p -> union(services.byIndex(BY_ISVC,
                Caches.key(p.getMetadata().getNamespace(), labels(p).get(KServe.ISVC_LABEL))))));
        // Events about InferenceServices (KServe's warnings) are watched, not listed per reconcile
        sources.add(new InferenceServiceEvents(context.getClient(), isvc -> union(services.byIndex(BY_ISVC, isvc))));
        // free GPU capacity changed: services still waiting may now select differently or lose the capacity warning
        sources.add(new GpuEventSource<>(gpus, services, s -> s.getStatus() == null
                || !AIMServiceStatusValue.Running.name().equals(s.getStatus().status), (a, b) -> !a.equals(b)));
        return sources;
    }

    @SafeVarargs
    private static Set<ResourceID> union(List<AIMService>... groups) {
        Set<ResourceID> ids = new HashSet<>();
        for (List<AIMService> g : groups) {
            g.forEach(s -> ids.add(ResourceID.fromResource(s)));
        }
        return ids;
    }

    private static List<AIMService> sameNamespace(List<AIMService> services, HasMetadata o) {
        return services.stream().filter(s -> s.getMetadata().getNamespace().equals(o.getMetadata().getNamespace())).toList();
    }

    private static List<String> keys(AIMService s, List<String> names) {
        return names.stream().map(n -> Caches.key(s.getMetadata().getNamespace(), n)).toList();
    }

    /** The model named in the spec and the one recorded in status. */
    static List<String> modelNames(AIMService s) {
        List<String> names = new ArrayList<>();
        if (s.getSpec().model != null && s.getSpec().model.name != null) {
            names.add(s.getSpec().model.name.trim());
        }
        if (s.getStatus() != null && s.getStatus().resolvedModel != null && s.getStatus().resolvedModel.name != null) {
            names.add(s.getStatus().resolvedModel.name);
        }
        return names;
    }

    /** The image a model must have: {@code model.image}, or the base image of a custom model. */
    static List<String> images(AIMService s) {
        if (s.getSpec().model == null) {
            return List.of();
        }
        if (s.getSpec().model.image != null) {
            return List.of(s.getSpec().model.image.trim());
        }
        return s.getSpec().model.custom != null && s.getSpec().model.custom.baseImage != null
                ? List.of(s.getSpec().model.custom.baseImage) : List.of();
    }

    /** The template named in the spec and the one recorded in status. */
    static List<String> templateNames(AIMService s) {
        List<String> names = new ArrayList<>();
        if (s.getSpec().template != null && s.getSpec().template.name != null) {
            names.add(s.getSpec().template.name.trim());
        }
        if (s.getStatus() != null && s.getStatus().resolvedTemplate != null && s.getStatus().resolvedTemplate.name != null) {
            names.add(s.getStatus().resolvedTemplate.name);
        }
        return names;
    }

    private static Map<String, String> labels(HasMetadata o) {
        return o.getMetadata().getLabels() == null ? Map.of() : o.getMetadata().getLabels();
    }

    private ServiceEventSources() {
    }
}
