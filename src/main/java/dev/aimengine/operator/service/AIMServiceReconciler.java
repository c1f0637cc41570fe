package dev.aimengine.operator.service;

import dev.aimengine.operator.service.inference.InferenceService;
import dev.aimengine.operator.service.inference.InferenceServiceBuilder;
import dev.aimengine.operator.service.inference.InferenceServiceDependent;
import dev.aimengine.operator.service.resolution.ModelResolution;
import dev.aimengine.operator.service.resolution.TemplateResolution;
import dev.aimengine.operator.service.routing.HttpRouteDependent;
import dev.aimengine.operator.service.routing.Routing;
import dev.aimengine.operator.service.selection.TemplateSelector;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aimengine.operator.api.v1alpha1.AIMClusterModel;
import dev.aimengine.operator.api.v1alpha1.AIMClusterRuntimeConfig;
import dev.aimengine.operator.api.v1alpha1.AIMClusterServiceTemplate;
import dev.aimengine.operator.api.v1alpha1.AIMModel;
import dev.aimengine.operator.api.v1alpha1.AIMRuntimeConfig;
import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.api.v1alpha1.AIMServiceStatus;
import dev.aimengine.operator.api.v1alpha1.AIMServiceStatusValue;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplate;
import dev.aimengine.operator.api.v1alpha1.AIMArtifact;
import dev.aimengine.operator.api.v1alpha1.AIMTemplateCache;
import dev.aimengine.operator.common.status.AIMStatus;
import dev.aimengine.operator.common.reconcile.ApiPresence;
import dev.aimengine.operator.common.reconcile.Caches;
import dev.aimengine.operator.common.reconcile.ControllerSupport;
import dev.aimengine.operator.common.reconcile.Children;
import dev.aimengine.operator.common.labels.Labels;
import dev.aimengine.operator.common.reconcile.Plan;
import dev.aimengine.operator.common.reconcile.ReconcileTail;
import dev.aimengine.operator.gpu.GpuEventSource;
import dev.aimengine.operator.gpu.GpuInventory;
import dev.aimengine.operator.gpu.GpuSnapshot;
import dev.aimengine.operator.runtimeconfig.RuntimeConfigMerger;
import dev.aimengine.operator.runtimeconfig.RuntimeConfigResolution;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * AIMService (spec §2.1): decide first — runtime config, model, template (selected against the GPU inventory), cache,
 * InferenceService, HTTPRoute and status — then, when the status engine allows it, apply through the managed
 * dependent workflow (template cache, InferenceService, HTTPRoute; artifacts are read through it).
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
        maxReconciliationInterval = @MaxReconciliationInterval(interval = 10, timeUnit = TimeUnit.MINUTES))
public class AIMServiceReconciler extends ControllerSupport<AIMService>
        implements Cleaner<AIMService> {
    public static final String NAME = "service";
    public static final String FINALIZER = "aim.eai.amd.com/template-cache-cleanup";
    /** While a service is not Running, look again this often (pods, events and HPAs are read, not watched). */
    static final Duration NOT_RUNNING_RECHECK = Duration.ofSeconds(15);

    static final String BY_MODEL = "byModel";
    static final String BY_MODEL_NAME = "byModelName";
    static final String BY_IMAGE = "byImage";
    static final String BY_TEMPLATE = "byTemplate";
    static final String BY_TEMPLATE_NAME = "byTemplateName";
    static final String BY_RUNTIME_CONFIG = "byRuntimeConfig";
    static final String BY_RUNTIME_CONFIG_NAME = "byRuntimeConfigName";
    static final String BY_ISVC = "byInferenceService";

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
    public UpdateControl<AIMService> reconcile(AIMService svc, Context<AIMService> context) {
        JsonNode before = begin(svc, AIMServiceStatus::new);
        if (before == null) {
            return UpdateControl.noUpdate();
        }
        String previousSelection = svc.getStatus().templateSelection == null ? null
                : svc.getStatus().templateSelection.outcome;
        ServiceFetcher fetch = new ServiceFetcher(client);
        Caches caches = Caches.of(context);
        String ns = svc.getMetadata().getNamespace();
        RuntimeConfigResolution runtimeConfig = RuntimeConfigResolution.resolve(caches, svc.getSpec().runtimeConfigName, ns);

        boolean kserve = ApiPresence.isInstalled(client, ApiPresence.KSERVE_INFERENCE_SERVICES);
        boolean gatewayApi = ApiPresence.isInstalled(client, ApiPresence.GATEWAY_API_HTTP_ROUTES);
        GenericKubernetesResource isvc = kserve ? fetch.inferenceService(svc, context) : null;
        String isvcName = ServicePlanner.inferenceServiceName(svc);

        ModelResolution model = ModelResolution.resolve(svc, caches.list(AIMModel.class, ns, m -> true),
                caches.list(AIMClusterModel.class, null, m -> true));
        TemplateResolution template = TemplateResolution.resolve(svc, model.model(),
                new TemplateResolution.Catalogue(caches.list(AIMServiceTemplate.class, ns, t -> true),
                        caches.list(AIMClusterServiceTemplate.class, null, t -> true)),
                selector, capacityExcludingOwnPods(ns, isvcName));
        List<Pod> pods = isvc == null ? List.of()
                : caches.list(Pod.class, ns, p -> isvcName.equals(labels(p).get(ServiceFetcher.ISVC_LABEL)));

        ServicePlanner.Result result = ServicePlanner.plan(new ServicePlanner.Input(svc, runtimeConfig, model, template,
                caches.list(AIMTemplateCache.class, ns, c -> true), caches.list(AIMArtifact.class, ns, a -> true),
                isvc, isvc == null ? List.of() : fetch.eventsFor(ns, isvcName), pods, fetch.pendingPodEvents(pods),
                fetch.logs(), InferenceServiceBuilder.autoscaling(svc.getSpec()) && isvc != null ? fetch.hpa(svc) : null,
                gatewayApi ? fetch.httpRoute(svc, context, dev.aimengine.operator.common.naming.AimNames.httpRoute(
                        svc.getMetadata().getName(), ns)) : null,
                kserve, gatewayApi));
        adoptPlannedStatus(svc, result.status());
        serviceMetrics.selection(template.selection(), previousSelection);

        Plan plan = new Plan();
        if (!isRunning(svc)) {
            plan.requeueAfter(NOT_RUNNING_RECHECK);
        }
        var labelPropagation = runtimeConfig.labelPropagation();
        ReconcileTail.Result outcome = ReconcileTail.Result.of(result.components(), plan, labelPropagation)
                .decorate(result.decorator())
                .mapStatus(AIMServiceReconciler::serviceStatus)
                .applyWith(() -> apply(svc, context, result, labelPropagation));
        UpdateControl<AIMService> control = tail().finish(svc, before, outcome);
        return control;
    }

    /** Objects outside the workflow first (the unowned model, the owned derived template), then the workflow. */
    private void apply(AIMService svc, Context<AIMService> context, ServicePlanner.Result result,
            dev.aimengine.operator.api.v1alpha1.AIMRuntimeConfigCommon.LabelPropagation propagation) {
        if (result.modelToCreate() != null) {
            Children.label(result.modelToCreate(), svc, NAME, propagation);
            tail().applier().apply(result.modelToCreate());
        }
        if (result.derivedTemplate() != null) {
            Children.ownedBy(result.derivedTemplate(), svc);
            Children.label(result.derivedTemplate(), svc, NAME, propagation);
            tail().applier().apply(result.derivedTemplate());
        }
        ServiceObjects objects = result.objects();
        Stream.of(objects.templateCache(), objects.inferenceService(), objects.httpRoute())
                .filter(Objects::nonNull).forEach(o -> Children.label(o, svc, NAME, propagation));
        objects.putInto(context);
        var workflow = context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
        workflow.throwAggregateExceptionIfErrorsPresent();
        if (result.createsInferenceService()) {
            serviceMetrics.inferenceServiceCreated(svc, clock.instant());
        }
        if (result.routeToRemove() != null) {
            tail().applier().delete(result.routeToRemove());
            tail().events().normal(svc, "HTTPRouteRemoved", "Routing is disabled: removed HTTPRoute "
                    + result.routeToRemove().getMetadata().getName());
        }
    }

    /** The service's own status words: Progressing is Starting, Ready is Running, NotAvailable (no GPUs) Pending. */
    static String serviceStatus(AIMStatus status) {
        return switch (status) {
            case Ready, Running -> AIMServiceStatusValue.Running.name();
            case Progressing, Starting -> AIMServiceStatusValue.Starting.name();
            case NotAvailable, Pending -> AIMServiceStatusValue.Pending.name();
            case Degraded -> AIMServiceStatusValue.Degraded.name();
            case Failed -> AIMServiceStatusValue.Failed.name();
        };
    }

    private static boolean isRunning(AIMService svc) {
        return AIMServiceStatusValue.Running.name().equals(svc.getStatus().status);
    }

    /** Free GPUs as this service sees them: its own predictor pods do not count against it. */
    private GpuSnapshot capacityExcludingOwnPods(String ns, String isvcName) {
        return GpuSnapshot.of(gpus.nodes(), gpus.pods(),
                p -> ns.equals(p.getMetadata().getNamespace()) && isvcName.equals(labels(p).get(ServiceFetcher.ISVC_LABEL)));
    }

    private static Map<String, String> labels(HasMetadata o) {
        return o.getMetadata().getLabels() == null ? Map.of() : o.getMetadata().getLabels();
    }

    /** §2.9: delete this service's template caches that are not Ready (unless the namespace is going away). */
    @Override
    public DeleteControl cleanup(AIMService svc, Context<AIMService> context) {
        new ServiceCleanup(client).deleteUnreadyCaches(svc);
        return DeleteControl.defaultDelete();
    }

    @Override
    public List<EventSource<?, AIMService>> prepareEventSources(EventSourceContext<AIMService> context) {
        IndexerResourceCache<AIMService> services = context.getPrimaryCache();
        metrics.track(AIMService.class.getSimpleName(), services);
        services.addIndexers(Map.of(
                BY_MODEL, s -> keys(s, modelNames(s)),
                BY_MODEL_NAME, AIMServiceReconciler::modelNames,
                BY_IMAGE, AIMServiceReconciler::images,
                BY_TEMPLATE, s -> keys(s, templateNames(s)),
                BY_TEMPLATE_NAME, AIMServiceReconciler::templateNames,
                BY_RUNTIME_CONFIG, s -> keys(s, List.of(configName(s))),
                BY_RUNTIME_CONFIG_NAME, s -> List.of(configName(s)),
                BY_ISVC, s -> keys(s, List.of(ServicePlanner.inferenceServiceName(s)))));

        List<EventSource<?, AIMService>> sources = new ArrayList<>();
        sources.add(informer(context, AIMModel.class, null, m -> union(
                services.byIndex(BY_MODEL, Caches.key(m.getMetadata().getNamespace(), m.getMetadata().getName())),
                sameNamespace(services.byIndex(BY_IMAGE, String.valueOf(m.getSpec().image)), m),
                sameNamespace(services.byIndex(BY_MODEL_NAME, m.getMetadata().getName()).stream()
                        .filter(s -> s.getMetadata().getName().equals(labels(m).get(Labels.SERVICE))).toList(), m))));
        sources.add(informer(context, AIMClusterModel.class, null, m -> union(
                services.byIndex(BY_MODEL_NAME, m.getMetadata().getName()),
                services.byIndex(BY_IMAGE, String.valueOf(m.getSpec().image)))));
        sources.add(informer(context, AIMServiceTemplate.class, null, t -> union(
                services.byIndex(BY_TEMPLATE, Caches.key(t.getMetadata().getNamespace(), t.getMetadata().getName())),
                services.byIndex(BY_MODEL, Caches.key(t.getMetadata().getNamespace(), t.getSpec().modelName)))));
        sources.add(informer(context, AIMClusterServiceTemplate.class, null, t -> union(
                services.byIndex(BY_TEMPLATE_NAME, t.getMetadata().getName()),
                services.byIndex(BY_MODEL_NAME, String.valueOf(t.getSpec().modelName)))));
        sources.add(informer(context, AIMRuntimeConfig.class, null, c -> union(services.byIndex(BY_RUNTIME_CONFIG,
                Caches.key(c.getMetadata().getNamespace(), c.getMetadata().getName())))));
        sources.add(informer(context, AIMClusterRuntimeConfig.class, null,
                c -> union(services.byIndex(BY_RUNTIME_CONFIG_NAME, c.getMetadata().getName()))));
        sources.add(informer(context, Pod.class, ServiceFetcher.ISVC_LABEL, p -> union(services.byIndex(BY_ISVC,
                Caches.key(p.getMetadata().getNamespace(), labels(p).get(ServiceFetcher.ISVC_LABEL))))));
        // free GPU capacity changed: services still waiting may now select differently or lose the capacity warning
        sources.add(new GpuEventSource<>(gpus, services, s -> s.getStatus() == null || !"Running".equals(s.getStatus().status),
                (a, b) -> !a.equals(b)));
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

    private static List<String> modelNames(AIMService s) {
        List<String> names = new ArrayList<>();
        if (s.getSpec().model != null && s.getSpec().model.name != null) {
            names.add(s.getSpec().model.name.trim());
        }
        if (s.getStatus() != null && s.getStatus().resolvedModel != null && s.getStatus().resolvedModel.name != null) {
            names.add(s.getStatus().resolvedModel.name);
        }
        return names;
    }

    private static List<String> images(AIMService s) {
        if (s.getSpec().model == null) {
            return List.of();
        }
        if (s.getSpec().model.image != null) {
            return List.of(s.getSpec().model.image.trim());
        }
        return s.getSpec().model.custom != null && s.getSpec().model.custom.baseImage != null
                ? List.of(s.getSpec().model.custom.baseImage) : List.of();
    }

    private static List<String> templateNames(AIMService s) {
        List<String> names = new ArrayList<>();
        if (s.getSpec().template != null && s.getSpec().template.name != null) {
            names.add(s.getSpec().template.name.trim());
        }
        if (s.getStatus() != null && s.getStatus().resolvedTemplate != null && s.getStatus().resolvedTemplate.name != null) {
            names.add(s.getStatus().resolvedTemplate.name);
        }
        return names;
    }

    private static String configName(AIMService s) {
        return RuntimeConfigMerger.effectiveName(s.getSpec().runtimeConfigName);
    }
}
