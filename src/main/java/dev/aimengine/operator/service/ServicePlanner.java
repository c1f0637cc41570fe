package dev.aimengine.operator.service;

import dev.aimengine.operator.api.v1alpha1.AIMArtifact;
import dev.aimengine.operator.api.v1alpha1.AIMResolvedReference;
import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.api.v1alpha1.AIMServiceStatus;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplate;
import dev.aimengine.operator.common.health.PodHealth;
import dev.aimengine.operator.common.reconcile.Children;
import dev.aimengine.operator.common.reconcile.Decision;
import dev.aimengine.operator.common.status.AIMStatus;
import dev.aimengine.operator.common.status.Component;
import dev.aimengine.operator.common.status.ComponentError;
import dev.aimengine.operator.common.status.Conditions;
import dev.aimengine.operator.service.inference.HpaHealth;
import dev.aimengine.operator.service.inference.HpaReplicas;
import dev.aimengine.operator.service.inference.CacheMounts;
import dev.aimengine.operator.service.inference.InferenceService;
import dev.aimengine.operator.service.inference.InferenceServiceBuilder;
import dev.aimengine.operator.service.inference.InferenceServiceHealth;
import dev.aimengine.operator.service.inference.KServe;
import dev.aimengine.operator.service.inference.RuntimeStatusCalculator;
import dev.aimengine.operator.service.resolution.CacheResolution;
import dev.aimengine.operator.service.resolution.DerivedTemplates;
import dev.aimengine.operator.service.resolution.TemplateResolution;
import dev.aimengine.operator.service.routing.HttpRouteBuilder;
import dev.aimengine.operator.service.routing.HttpRouteHealth;
import dev.aimengine.operator.service.routing.Routing;
import dev.aimengine.operator.service.selection.Selection;
import dev.aimengine.operator.service.selection.TemplateCandidate;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;



/**
 * The plan stage of the AIMService controller: from what was observed and what the references resolved to, decides
 * the components and their conditions, the status fields, and the objects to apply: the model to create (unowned,
 * shared by services of the same image), the derived template (owned), the template cache (owned when Dedicated),
 * the InferenceService and the HTTPRoute (owned), and the route to remove when routing was turned off. Pure.
 */
public final class ServicePlanner {

    public static Decision<AIMServiceStatus> plan(AIMService svc, ServiceObservation in, ServiceResolution r) {
        AIMServiceStatus status = new AIMServiceStatus();
        AIMServiceStatus previous = svc.getStatus() == null ? new AIMServiceStatus() : svc.getStatus();
        Decision<AIMServiceStatus> decision = Decision.of(status).labelPropagation(r.runtimeConfig().labelPropagation());
        r.runtimeConfig().serviceComponent().ifPresent(decision::component);

        // Model; an existing InferenceService keeps the service's model recorded when the model disappears.
        Component model = r.model().component();
        if (r.model().model() == null && in.inferenceService() != null && previous.resolvedModel != null
                && r.model().toCreate() == null) {
            model = Component.ready("Model", "ModelResolved",
                    previous.resolvedModel.scope + " " + previous.resolvedModel.name + " is ready").upstream();
        }
        decision.component(model).add(r.model().toCreate());
        status.resolvedModel = r.model().isReady() ? r.model().reference() : previous.resolvedModel;

        // Template, and the derived template of spec.overrides
        TemplateResolution tpl = r.template();
        decision.component(tpl.component());
        TemplateCandidate template = tpl.isReady() ? tpl.chosen() : null;
        status.resolvedTemplate = template != null ? AIMResolvedReference.to(template.template()) : previous.resolvedTemplate;
        status.templateSelection = tpl.selection() != null ? tpl.selection().report() : previous.templateSelection;
        if (template != null && !template.cluster() && svc.getSpec().overrides != null
                && template.template() instanceof AIMServiceTemplate base) {
            DerivedTemplates.build(svc, base, !CacheResolution.dedicated(svc)).ifPresent(decision::own);
        }

        // Cache: owned by the service when Dedicated; a Shared cache outlives it
        CacheResolution cache = r.cache();
        status.cache = previous.cache;
        if (cache != null) {
            decision.component(cache.component());
            if (cache.ownedByService()) {
                decision.own(cache.desired());
            } else {
                decision.add(cache.desired());
            }
            if (cache.isReady()) {
                status.cache = new AIMServiceStatus.CacheStatus();
                status.cache.templateCacheRef = cache.reference();
            }
        } else {
            decision.component(Component.of(CacheResolution.COMPONENT, AIMStatus.Progressing, "CacheCreating",
                    "Waiting for a template before creating a cache").downstream());
        }

        // InferenceService and its pods
        if (!in.kserveInstalled()) {
            decision.component(Component.of(InferenceServiceHealth.COMPONENT, AIMStatus.Failed, "KServeNotInstalled",
                    "KServe is not installed: no InferenceService API (inferenceservices.serving.kserve.io) in the cluster"));
        } else {
            String modelImage = r.model().model() != null && r.model().model().spec() != null
                    ? r.model().model().spec().image : null;
            boolean ready = r.model().isReady() && cache != null && cache.isReady();
            boolean update = in.inferenceService() != null;
            boolean creating = false;
            if (template != null && modelImage != null && (ready || update)) {
                decision.own(InferenceServiceBuilder.build(new InferenceServiceBuilder.Input(svc,
                        in.names().inferenceService(), modelImage, template.name(), template.spec(), template.status(),
                        r.model().model().spec(), r.runtimeConfig().merged(), cacheVolumes(cache, in.artifacts()),
                        in.inferenceService())));
                creating = !update;
            }
            // one this reconcile creates is reported as the next reconcile will see it (there, not ready, no pods
            // yet), so the reconcile its creation triggers has nothing to write: no second status write, no Event
            decision.component(creating ? InferenceServiceHealth.notReady()
                    : InferenceServiceHealth.inspect(in.inferenceService(), in.inferenceServiceEvents()));
            if (update || creating) {
                decision.component(PodHealth.inspect("InferenceServicePods", in.predictorPods(), in.podEvents(),
                        in.logs()));
            }
        }

        // HTTPRoute: independent of model and template
        Routing routing = Routing.resolve(svc.getSpec(), r.runtimeConfig().merged());
        status.routing = previous.routing;
        if (!routing.enabled()) {
            // the user turned routing off (or never on): a route this service made earlier goes away
            if (in.httpRoute() != null && Children.isOwnedBy(in.httpRoute(), svc)) {
                decision.remove(in.httpRoute());
            }
            status.routing = null;
        } else if (!routing.hasGateway()) {
            decision.component(Component.failing("HTTPRoute", ComponentError.invalidSpec("GatewayNotConfigured",
                    "Routing is enabled but no gateway is configured: set spec.routing.gatewayRef or the runtime"
                            + " config's routing.gatewayRef")));
        } else if (!in.gatewayApiInstalled()) {
            decision.component(Component.of("HTTPRoute", AIMStatus.Failed, "GatewayAPINotInstalled",
                    "The Gateway API is not installed: no HTTPRoute API (httproutes.gateway.networking.k8s.io)"));
        } else {
            HttpRouteBuilder.Result built = HttpRouteBuilder.build(svc, in.names().httpRoute(),
                    in.names().inferenceService(), routing);
            decision.own(built.route());
            status.routing = new AIMServiceStatus.RoutingStatus();
            status.routing.path = built.path();
            decision.component(routeComponent(built, in.httpRoute()));
        }

        // Autoscaling
        boolean autoscaling = KServe.autoscaling(svc.getSpec());
        if (autoscaling && in.kserveInstalled()) {
            decision.component(HpaHealth.inspect(in.hpa(), InferenceServiceHealth.isReady(in.inferenceService())));
        }
        status.runtime = RuntimeStatusCalculator.compute(svc.getSpec(),
                autoscaling ? HpaReplicas.of(in.hpa()).orElse(null) : null);
        status.resolvedRuntimeConfig = r.runtimeConfig().reference();
        return decision.conditions(capacity(tpl.selection()));
    }

    /** The planned objects of one kind (the decision holds each service child at most once). */
    public static <T> T planned(Decision<?> decision, Class<T> type) {
        return decision.objects().stream().filter(type::isInstance).map(type::cast).findFirst().orElse(null);
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
        // one this reconcile creates is reported as the next reconcile will see it (there, no gateway has answered
        // yet), as for the InferenceService: no reconcile is needed just to move HTTPRouteCreating to Pending
        return HttpRouteHealth.inspect("HTTPRoute", live == null ? built.route() : live);
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
    static List<CacheMounts.CacheVolume> cacheVolumes(CacheResolution cache, List<AIMArtifact> artifacts) {
        if (cache == null || cache.cache() == null || cache.cache().getStatus() == null
                || cache.cache().getStatus().artifacts == null) {
            return List.of();
        }
        List<CacheMounts.CacheVolume> volumes = new ArrayList<>();
        cache.cache().getStatus().artifacts.forEach((name, ref) -> {
            AIMArtifact a = artifacts.stream().filter(x -> x.getMetadata().getName().equals(name)).findFirst().orElse(null);
            String pvc = a != null && a.getStatus() != null ? a.getStatus().persistentVolumeClaim : ref.persistentVolumeClaim;
            String state = a != null && a.getStatus() != null ? a.getStatus().status : ref.status;
            String modelId = a != null && a.getSpec().modelId != null ? a.getSpec().modelId : ref.model;
            if ("Ready".equals(state) && pvc != null && !pvc.isEmpty() && modelId != null) {
                volumes.add(new CacheMounts.CacheVolume(name, pvc, modelId, ref.mountPoint));
            }
        });
        volumes.sort((a, b) -> a.artifactName().compareTo(b.artifactName()));
        return volumes;
    }

    private ServicePlanner() {
    }
}
