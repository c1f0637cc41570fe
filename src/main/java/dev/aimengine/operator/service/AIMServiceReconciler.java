package dev.aimengine.operator.service;

import dev.aimengine.operator.common.reconcile.IgnoreStatusOnlyUpdates;
import dev.aimengine.operator.api.v1alpha1.AIMModel;
import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.api.v1alpha1.AIMServiceStatus;
import dev.aimengine.operator.api.v1alpha1.AIMServiceStatusValue;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplate;
import dev.aimengine.operator.api.v1alpha1.AIMTemplateCache;
import dev.aimengine.operator.common.reconcile.ControllerSupport;
import dev.aimengine.operator.common.reconcile.Decision;
import dev.aimengine.operator.common.status.AIMStatus;
import dev.aimengine.operator.gpu.GpuInventory;
import dev.aimengine.operator.service.inference.InferenceService;
import dev.aimengine.operator.service.inference.InferenceServiceDependent;
import dev.aimengine.operator.service.routing.HttpRouteDependent;
import dev.aimengine.operator.service.selection.TemplateSelector;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * AIMService: observe (ServiceObserver), resolve runtime config, model, template (selected against the GPU inventory)
 * and cache (ServiceResolution), plan everything (ServicePlanner), then apply through the workflow of dependents
 * (template cache, InferenceService, HTTPRoute; artifacts are read through it).
 */
@Workflow(explicitInvocation = true, dependents = {
        @Dependent(name = TemplateCacheDependent.NAME, type = TemplateCacheDependent.class,
                reconcilePrecondition = TemplateCacheDependent.Planned.class),
        @Dependent(name = CacheArtifactsDependent.NAME, type = CacheArtifactsDependent.class),
        @Dependent(name = InferenceServiceDependent.NAME, type = InferenceServiceDependent.class,
                reconcilePrecondition = ServiceChildDependent.Planned.class,
                activationCondition = InferenceServiceDependent.KServeInstalled.class),
        @Dependent(name = HttpRouteDependent.NAME, type = HttpRouteDependent.class,
                reconcilePrecondition = ServiceChildDependent.Planned.class,
                activationCondition = HttpRouteDependent.GatewayApiInstalled.class) })
@RBACRule(apiGroups = "serving.kserve.io", resources = "inferenceservices",
        verbs = { "get", "list", "watch", "create", "update", "patch", "delete" })
@RBACRule(apiGroups = "gateway.networking.k8s.io", resources = "httproutes",
        verbs = { "get", "list", "watch", "create", "update", "patch", "delete" })
@RBACRule(apiGroups = "aim.eai.amd.com", resources = { "aimmodels", "aimservicetemplates" },
        verbs = { "get", "list", "watch", "create", "update", "patch" })
@RBACRule(apiGroups = "aim.eai.amd.com", resources = { "aimclustermodels", "aimclusterservicetemplates",
        "aimruntimeconfigs", "aimclusterruntimeconfigs", "aimartifacts" }, verbs = { "get", "list", "watch" })
@RBACRule(apiGroups = "aim.eai.amd.com", resources = "aimtemplatecaches",
        verbs = { "get", "list", "watch", "create", "update", "patch", "delete" })
@RBACRule(apiGroups = "", resources = { "pods", "nodes", "namespaces" }, verbs = { "get", "list", "watch" })
@RBACRule(apiGroups = "", resources = "pods/log", verbs = "get")
@RBACRule(apiGroups = "", resources = "events", verbs = { "get", "list", "watch", "create", "patch" })
@RBACRule(apiGroups = "autoscaling", resources = "horizontalpodautoscalers", verbs = { "get", "list", "watch" })
@RBACRule(apiGroups = "apiextensions.k8s.io", resources = "customresourcedefinitions", verbs = { "get", "list" })
@ControllerConfiguration(name = AIMServiceReconciler.NAME, fieldManager = "aim-" + AIMServiceReconciler.NAME + "-controller",
        finalizerName = AIMServiceReconciler.FINALIZER, generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = IgnoreStatusOnlyUpdates.class),
        maxReconciliationInterval = @MaxReconciliationInterval(interval = 10, timeUnit = TimeUnit.MINUTES))
public class AIMServiceReconciler
        extends ControllerSupport<AIMService, AIMServiceStatus, ServiceObservation, ServiceResolution>
        implements Cleaner<AIMService> {
    public static final String NAME = "service";
    public static final String FINALIZER = "aim.eai.amd.com/template-cache-cleanup";
    /**
     * While a service is not Running it is looked at again on its own, since Events and the KEDA HPA are read, not
     * watched: 15 s after it changed, then as long again as it has been in its state, up to 10 minutes. A thousand
     * services waiting for GPUs thus cost the API server a few requests a second, not a hundred.
     */
    static final Duration RECHECK_MIN = Duration.ofSeconds(15);
    static final Duration RECHECK_MAX = Duration.ofMinutes(10);

    @Inject
    GpuInventory gpus;
    @Inject
    TemplateSelector selector;
    @Inject
    ServiceMetrics serviceMetrics;

    @Override
    protected String controllerName() {
        return NAME;
    }

    @Override
    protected AIMServiceStatus emptyStatus() {
        return new AIMServiceStatus();
    }

    @Override
    protected ServiceObservation observe(AIMService svc, Context<AIMService> context) {
        return new ServiceObserver(client, gpus).observe(svc, context);
    }

    @Override
    protected ServiceResolution resolve(AIMService svc, ServiceObservation observation) {
        ServiceResolution resolution = ServiceResolution.resolve(svc, observation, selector);
        serviceMetrics.selection(resolution.template().selection(),
                svc.getStatus().templateSelection == null ? null : svc.getStatus().templateSelection.outcome);
        return resolution;
    }

    @Override
    protected Decision<AIMServiceStatus> plan(AIMService svc, ServiceObservation observation,
            ServiceResolution resolution) {
        Decision<AIMServiceStatus> decision = ServicePlanner.plan(svc, observation, resolution);
        if (!isRunning(svc)) {
            decision.requeueAfter(recheckAfter(svc, clock.instant()));
        }
        return decision;
    }

    /**
     * Two ways of writing, on purpose: the template cache, InferenceService and HTTPRoute go through the QOSDK
     * workflow (its dependents keep informers on them and map their changes back to the service); the model made for
     * the service (shared by every service of its image, so no owner) and the derived template are plain server-side
     * applies, as the other controllers do. Removals (the route of a service whose routing was turned off) come last.
     */
    @Override
    protected void apply(AIMService svc, Context<AIMService> context, ServiceObservation observation,
            Decision<AIMServiceStatus> decision) {
        var applier = tail().applier();
        Stream.of(ServicePlanner.planned(decision, AIMModel.class), ServicePlanner.planned(decision,
                AIMServiceTemplate.class)).filter(Objects::nonNull).forEach(applier::apply);
        InferenceService isvc = ServicePlanner.planned(decision, InferenceService.class);
        new ServiceObjects(ServicePlanner.planned(decision, AIMTemplateCache.class), isvc,
                ServicePlanner.planned(decision, HTTPRoute.class)).putInto(context);
        context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow()
                .throwAggregateExceptionIfErrorsPresent();
        if (isvc != null && observation.inferenceService() == null) {
            serviceMetrics.inferenceServiceCreated(svc, clock.instant());
        }
        for (HasMetadata removed : decision.removals()) {
            applier.delete(removed);
            tail().events().normal(svc, "HTTPRouteRemoved", "Routing is disabled: removed HTTPRoute "
                    + removed.getMetadata().getName());
        }
    }

    /** The service's own status words: Progressing is Starting, Ready is Running, NotAvailable (no GPUs) Pending. */
    @Override
    protected String statusWord(AIMStatus status) {
        return switch (status) {
            case Ready, Running -> AIMServiceStatusValue.Running.name();
            case Progressing, Starting -> AIMServiceStatusValue.Starting.name();
            case NotAvailable, Pending -> AIMServiceStatusValue.Pending.name();
            case Degraded -> AIMServiceStatusValue.Degraded.name();
            case Failed -> AIMServiceStatusValue.Failed.name();
        };
    }

    /** As long as the service has been in its current state (its Ready condition), between 15 s and 10 minutes. */
    static Duration recheckAfter(AIMService svc, java.time.Instant now) {
        Duration since = svc.getStatus().conditions == null ? Duration.ZERO : svc.getStatus().conditions.stream()
                .filter(c -> "Ready".equals(c.getType())).findFirst()
                .flatMap(dev.aimengine.operator.common.status.Conditions::lastTransition)
                .map(t -> Duration.between(t, now)).orElse(Duration.ZERO);
        return since.compareTo(RECHECK_MIN) < 0 ? RECHECK_MIN : since.compareTo(RECHECK_MAX) > 0 ? RECHECK_MAX : since;
    }

    private static boolean isRunning(AIMService svc) {
        return AIMServiceStatusValue.Running.name().equals(svc.getStatus().status);
    }

    /** Deletes this service's template caches that are not Ready (unless the namespace is going away). */
    @Override
    public DeleteControl cleanup(AIMService svc, Context<AIMService> context) {
        new ServiceCleanup(client).deleteUnreadyCaches(svc);
        return DeleteControl.defaultDelete();
    }

    @Override
    public List<EventSource<?, AIMService>> prepareEventSources(EventSourceContext<AIMService> context) {
        metrics.track(AIMService.class.getSimpleName(), context.getPrimaryCache());
        return ServiceEventSources.of(context, gpus);
    }
}
