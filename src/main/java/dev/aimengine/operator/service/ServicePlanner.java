package dev.aimengine.operator.service;

import dev.aimengine.operator.service.inference.InferenceService;
import dev.aimengine.operator.service.inference.InferenceServiceBuilder;
import dev.aimengine.operator.service.inference.RuntimeStatusCalculator;
import dev.aimengine.operator.service.resolution.CacheResolution;
import dev.aimengine.operator.service.resolution.DerivedTemplates;
import dev.aimengine.operator.service.resolution.ModelResolution;
import dev.aimengine.operator.service.resolution.TemplateResolution;
import dev.aimengine.operator.service.routing.HttpRouteBuilder;
import dev.aimengine.operator.service.routing.Routing;
import dev.aimengine.operator.service.selection.Selection;
import dev.aimengine.operator.service.selection.TemplateCandidate;
import dev.aimengine.operator.api.v1alpha1.AIMArtifact;
import dev.aimengine.operator.api.v1alpha1.AIMModel;
import dev.aimengine.operator.api.v1alpha1.AIMResolvedReference;
import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.api.v1alpha1.AIMServiceStatus;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplate;
import dev.aimengine.operator.api.v1alpha1.AIMTemplateCache;
import dev.aimengine.operator.common.status.AIMStatus;
import dev.aimengine.operator.common.naming.AimNames;
import dev.aimengine.operator.common.status.Component;
import dev.aimengine.operator.common.status.ComponentError;
import dev.aimengine.operator.common.status.Conditions;
import dev.aimengine.operator.service.inference.HpaHealth;
import dev.aimengine.operator.service.inference.HpaReplicas;
import dev.aimengine.operator.service.routing.HttpRouteHealth;
import dev.aimengine.operator.service.inference.InferenceServiceHealth;
import dev.aimengine.operator.common.health.LogReader;
import dev.aimengine.operator.common.health.PodHealth;
import dev.aimengine.operator.runtimeconfig.RuntimeConfigResolution;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Decides everything about one AIMService from what was fetched (spec §2.1): the components and their conditions,
 * the status fields, and the objects to apply — the model to create, the derived template, the template cache, the
 * InferenceService and the HTTPRoute. Pure: no API calls.
 */
public final class ServicePlanner {

    /** Everything observed for one reconcile. Lists are never null; objects are null when absent. */
    public record Input(AIMService service, RuntimeConfigResolution runtimeConfig, ModelResolution model,
            TemplateResolution template, List<AIMTemplateCache> caches, List<AIMArtifact> artifacts,
            GenericKubernetesResource inferenceService, List<Event> inferenceServiceEvents, List<Pod> pods,
            List<Event> podEvents, LogReader logs, GenericKubernetesResource hpa, HTTPRoute httpRoute,
            boolean kserveInstalled, boolean gatewayApiInstalled) {
    }

    /** The decisions. {@code status} carries the fields to copy (conditions and status.status come from the engine). */
    public record Result(List<Component> components, Consumer<Conditions> decorator, AIMServiceStatus status,
            AIMModel modelToCreate, AIMServiceTemplate derivedTemplate, ServiceObjects objects,
            CacheResolution cache, boolean createsInferenceService, HTTPRoute routeToRemove) {
    }

    public static Result plan(Input in) {
        AIMService svc = in.service();
        List<Component> components = new ArrayList<>();
        in.runtimeConfig().serviceComponent().ifPresent(components::add);
        AIMServiceStatus status = new AIMServiceStatus();
        AIMServiceStatus previous = svc.getStatus() == null ? new AIMServiceStatus() : svc.getStatus();

        // Model (§2.2); an existing InferenceService keeps the service's model recorded when the model disappears.
        Component model = in.model().component();
        if (in.model().model() == null && in.inferenceService() != null && previous.resolvedModel != null
                && in.model().toCreate() == null) {
            model = Component.ready("Model", "ModelResolved",
                    previous.resolvedModel.scope + " " + previous.resolvedModel.name + " is ready").upstream();
        }
        components.add(model);
        status.resolvedModel = in.model().isReady() ? in.model().reference() : previous.resolvedModel;

        // Template (§2.3) and the derived override template (§2.4)
        TemplateResolution tpl = in.template();
        components.add(tpl.component());
        TemplateCandidate template = tpl.isReady() ? tpl.chosen() : null;
        status.resolvedTemplate = template != null ? templateReference(template) : previous.resolvedTemplate;
        status.templateSelection = tpl.selection() != null ? tpl.selection().report() : previous.templateSelection;
        AIMServiceTemplate derived = null;
        if (template != null && !template.cluster() && svc.getSpec().overrides != null
                && template.template() instanceof AIMServiceTemplate base) {
            derived = DerivedTemplates.build(svc, base, !CacheResolution.dedicated(svc)).orElse(null);
        }

        // Cache (§2.5)
        CacheResolution cache = null;
        if (template != null) {
            cache = CacheResolution.resolve(svc, template, in.caches(), in.inferenceService(), in.runtimeConfig());
            components.add(cache.component());
            status.cache = previous.cache;
            if (cache.isReady()) {
                status.cache = new AIMServiceStatus.CacheStatus();
                status.cache.templateCacheRef = cache.reference();
            }
        } else {
            components.add(Component.of(CacheResolution.COMPONENT, AIMStatus.Progressing, "CacheCreating",
                    "Waiting for a template before creating a cache").downstream());
            status.cache = previous.cache;
        }

        // InferenceService (§2.6) and its pods
        GenericKubernetesResource isvc = null;
        boolean creates = false;
        if (!in.kserveInstalled()) {
            components.add(Component.of(InferenceServiceHealth.COMPONENT, AIMStatus.Failed, "KServeNotInstalled",
                    "KServe is not installed: no InferenceService API (inferenceservices.serving.kserve.io) in the cluster"));
        } else {
            String modelImage = in.model().model() != null && in.model().model().spec() != null
                    ? in.model().model().spec().image : null;
            boolean ready = in.model().isReady() && cache != null && cache.isReady();
            boolean update = in.inferenceService() != null;
            if (template != null && modelImage != null && (ready || update)) {
                isvc = InferenceServiceBuilder.build(new InferenceServiceBuilder.Input(svc,
                        inferenceServiceName(svc), modelImage, template.name(), template.spec(), template.status(),
                        in.model().model().spec(), in.runtimeConfig().merged(),
                        cacheVolumes(cache, in.artifacts()), in.inferenceService()));
                creates = !update;
            }
            components.add(InferenceServiceHealth.inspect(in.inferenceService(), in.inferenceServiceEvents()));
            if (in.inferenceService() != null) {
                components.add(PodHealth.inspect("InferenceServicePods", in.pods(), in.podEvents(), in.logs()));
            }
        }

        // HTTPRoute (§2.7): independent of model and template
        Routing routing = Routing.resolve(svc.getSpec(), in.runtimeConfig().merged());
        HTTPRoute route = null;
        HTTPRoute routeToRemove = null;
        status.routing = previous.routing;
        if (!routing.enabled()) {
            // the user turned routing off (or never on): a route this service made earlier goes away
            if (in.httpRoute() != null && dev.aimengine.operator.common.reconcile.Children.isOwnedBy(in.httpRoute(), svc)) {
                routeToRemove = in.httpRoute();
            }
            status.routing = null;
        } else {
            if (!routing.hasGateway()) {
                components.add(Component.failing("HTTPRoute", ComponentError.invalidSpec("GatewayNotConfigured",
                        "Routing is enabled but no gateway is configured: set spec.routing.gatewayRef or the runtime"
                                + " config's routing.gatewayRef")));
            } else if (!in.gatewayApiInstalled()) {
                components.add(Component.of("HTTPRoute", AIMStatus.Failed, "GatewayAPINotInstalled",
                        "The Gateway API is not installed: no HTTPRoute API (httproutes.gateway.networking.k8s.io)"));
            } else {
                HttpRouteBuilder.Result built = HttpRouteBuilder.build(svc, AimNames.httpRoute(svc.getMetadata().getName(),
                        svc.getMetadata().getNamespace()), inferenceServiceName(svc), routing);
                route = built.route();
                status.routing = new AIMServiceStatus.RoutingStatus();
                status.routing.path = built.path();
                components.add(routeComponent(built, in.httpRoute()));
            }
        }

        // Autoscaling (§2.8)
        boolean autoscaling = InferenceServiceBuilder.autoscaling(svc.getSpec());
        if (autoscaling && in.kserveInstalled()) {
            components.add(HpaHealth.inspect(in.hpa(), InferenceServiceHealth.isReady(in.inferenceService())));
        }
        status.runtime = RuntimeStatusCalculator.compute(svc.getSpec(),
                autoscaling ? HpaReplicas.of(in.hpa()).orElse(null) : null);
        status.resolvedRuntimeConfig = in.runtimeConfig().reference();

        Consumer<Conditions> decorator = capacity(tpl.selection());
        ServiceObjects objects = new ServiceObjects(cache == null ? null : cache.desired(), isvc, route);
        return new Result(components, decorator, status, in.model().toCreate(), derived, objects, cache, creates,
                routeToRemove);
    }

    public static String inferenceServiceName(AIMService svc) {
        return AimNames.inferenceService(svc.getMetadata().getName(), svc.getMetadata().getNamespace());
    }

    /** The route's health; an invalid path template or timeout degrades the service (it still serves on the default path). */
    private static Component routeComponent(HttpRouteBuilder.Result built, HTTPRoute live) {
        if (built.pathError() != null) {
            return Component.of("HTTPRoute", AIMStatus.Degraded, "PathTemplateInvalid",
                    built.pathError() + "; serving on the default path " + built.path());
        }
        if (built.timeoutError() != null) {
            return Component.of("HTTPRoute", AIMStatus.Degraded, "RequestTimeoutInvalid",
                    built.timeoutError() + "; the route has no timeout");
        }
        if (live == null) {
            return Component.of("HTTPRoute", AIMStatus.Progressing, "HTTPRouteCreating", "Creating the HTTPRoute")
                    .downstream();
        }
        return HttpRouteHealth.inspect("HTTPRoute", live);
    }

    /** Informational {@code GPUCapacityAvailable}: selection still happens when GPUs are short (they can free up). */
    private static Consumer<Conditions> capacity(Selection selection) {
        if (selection == null || selection.capacity() == null) {
            return c -> {
            };
        }
        Selection.Capacity cap = selection.capacity();
        return c -> c.set(Selection.CONDITION_GPU_CAPACITY, cap.sufficient(),
                cap.sufficient() ? Selection.REASON_GPU_CAPACITY_SUFFICIENT : Selection.REASON_GPU_CAPACITY_INSUFFICIENT,
                cap.message());
    }

    /** One volume per Ready artifact of the cache that has a PVC. */
    static List<InferenceServiceBuilder.CacheVolume> cacheVolumes(CacheResolution cache, List<AIMArtifact> artifacts) {
        if (cache == null || cache.cache() == null || cache.cache().getStatus() == null
                || cache.cache().getStatus().artifacts == null) {
            return List.of();
        }
        List<InferenceServiceBuilder.CacheVolume> volumes = new ArrayList<>();
        cache.cache().getStatus().artifacts.forEach((name, ref) -> {
            AIMArtifact a = artifacts.stream().filter(x -> x.getMetadata().getName().equals(name)).findFirst().orElse(null);
            String pvc = a != null && a.getStatus() != null ? a.getStatus().persistentVolumeClaim : ref.persistentVolumeClaim;
            String state = a != null && a.getStatus() != null ? a.getStatus().status : ref.status;
            String modelId = a != null && a.getSpec().modelId != null ? a.getSpec().modelId : ref.model;
            if ("Ready".equals(state) && pvc != null && !pvc.isEmpty() && modelId != null) {
                volumes.add(new InferenceServiceBuilder.CacheVolume(name, pvc, modelId, ref.mountPoint));
            }
        });
        volumes.sort((a, b) -> a.artifactName().compareTo(b.artifactName()));
        return volumes;
    }

    private static AIMResolvedReference templateReference(TemplateCandidate t) {
        return AIMResolvedReference.to(t.template());
    }

    private ServicePlanner() {
    }
}
