package dev.aimengine.operator.cache;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aimengine.operator.api.v1alpha1.AIMArtifact;
import dev.aimengine.operator.api.v1alpha1.AIMClusterRuntimeConfig;
import dev.aimengine.operator.api.v1alpha1.AIMClusterServiceTemplate;
import dev.aimengine.operator.api.v1alpha1.AIMModelSource;
import dev.aimengine.operator.api.v1alpha1.AIMRuntimeConfig;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplate;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplateStatus;
import dev.aimengine.operator.api.v1alpha1.AIMTemplateCache;
import dev.aimengine.operator.api.v1alpha1.AIMTemplateCacheStatus;
import dev.aimengine.operator.api.v1alpha1.AIMTemplateScope;
import dev.aimengine.operator.common.reconcile.Caches;
import dev.aimengine.operator.common.reconcile.ControllerSupport;
import dev.aimengine.operator.common.status.Component;
import dev.aimengine.operator.common.labels.Labels;
import dev.aimengine.operator.common.reconcile.Namespaces;
import dev.aimengine.operator.common.naming.Naming;
import dev.aimengine.operator.common.reconcile.Plan;
import dev.aimengine.operator.common.reconcile.ReconcileTail;
import dev.aimengine.operator.runtimeconfig.RuntimeConfigMerger;
import dev.aimengine.operator.runtimeconfig.RuntimeConfigResolution;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.quarkiverse.operatorsdk.annotations.RBACRule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * AIMTemplateCache (spec §2.12): finds the template, matches or creates one AIMArtifact per model source of the
 * template's status (owned by the cache when Dedicated), and reports their progress. On deletion, artifacts that
 * never became Ready are removed (finalizer {@code aim.eai.amd.com/artifactcleanup}).
 */
@RBACRule(apiGroups = "aim.eai.amd.com", resources = "aimartifacts",
        verbs = { "get", "list", "watch", "create", "update", "patch", "delete" })
@RBACRule(apiGroups = "aim.eai.amd.com", resources = { "aimservicetemplates", "aimclusterservicetemplates",
        "aimruntimeconfigs", "aimclusterruntimeconfigs" }, verbs = { "get", "list", "watch" })
@RBACRule(apiGroups = "", resources = "namespaces", verbs = "get")
@RBACRule(apiGroups = "", resources = "events", verbs = { "create", "patch" })
@ControllerConfiguration(name = AIMTemplateCacheReconciler.NAME, fieldManager = "aim-" + AIMTemplateCacheReconciler.NAME
        + "-controller", finalizerName = AIMTemplateCacheReconciler.FINALIZER, generationAwareEventProcessing = false,
        maxReconciliationInterval = @MaxReconciliationInterval(interval = 10, timeUnit = TimeUnit.MINUTES))
public class AIMTemplateCacheReconciler extends ControllerSupport<AIMTemplateCache>
        implements Cleaner<AIMTemplateCache> {
    public static final String NAME = "template-cache";
    public static final String FINALIZER = "aim.eai.amd.com/artifactcleanup";
    static final String BY_TEMPLATE = "byTemplate";
    static final String BY_RUNTIME_CONFIG = "byRuntimeConfig";
    static final String BY_RUNTIME_CONFIG_NAME = "byRuntimeConfigName";



    /** The template a cache found, whichever kind it is. */
    record FoundTemplate(HasMetadata template, AIMServiceTemplateStatus status, String scope) {
    }

    @Override
    protected String controllerName() {
        return NAME;
    }

    @Override
    public UpdateControl<AIMTemplateCache> reconcile(AIMTemplateCache cache, Context<AIMTemplateCache> context) {
        JsonNode before = begin(cache, AIMTemplateCacheStatus::new);
        if (before == null) {
            return UpdateControl.noUpdate();
        }
        Caches caches = Caches.of(context);
        String ns = cache.getMetadata().getNamespace();
        RuntimeConfigResolution runtimeConfig = RuntimeConfigResolution.resolve(caches, cache.getSpec().runtimeConfigName, ns);
        FoundTemplate found = findTemplate(caches, cache);

        List<Component> components = new ArrayList<>();
        components.add(runtimeConfig.component().upstream());
        Plan plan = new Plan();
        AIMTemplateCacheStatus status = cache.getStatus();
        status.resolvedRuntimeConfig = runtimeConfig.reference();
        if (found == null) {
            components.add(CacheArtifacts.serviceTemplateComponent(null, null, null));
        } else {
            String templateStatus = found.status() == null ? null : found.status().status;
            Condition ready = found.status() == null || found.status().conditions == null ? null
                    : found.status().conditions.stream().filter(c -> "Ready".equals(c.getType())).findFirst().orElse(null);
            components.add(CacheArtifacts.serviceTemplateComponent(found.template(), templateStatus, ready));
            status.resolvedTemplateKind = found.template().getKind();
            List<AIMModelSource> sources = found.status() == null || found.status().modelSources == null ? List.of()
                    : found.status().modelSources;
            CacheArtifacts.Match match = CacheArtifacts.match(cache, sources,
                    caches.list(AIMArtifact.class, ns, a -> true));
            for (CacheArtifacts.PlannedArtifact p : CacheArtifacts.plan(cache, found.scope(), match.missing())) {
                if (p.ownedByCache()) {
                    plan.own(p.artifact());
                } else {
                    plan.add(p.artifact());
                }
            }
            status.artifacts = CacheArtifacts.statusArtifacts(match.matched());
            components.add(CacheArtifacts.artifactsComponent(match.missing().size(), match.artifacts()));
        }
        return tail().finish(cache, before, ReconcileTail.Result.of(components, plan, runtimeConfig.labelPropagation()));
    }

    /** Namespace: AIMServiceTemplate only; Cluster: AIMClusterServiceTemplate only; Unknown: namespace first. */
    private static FoundTemplate findTemplate(Caches caches, AIMTemplateCache cache) {
        String name = cache.getSpec().templateName;
        String scope = cache.getSpec().templateScope;
        if (!AIMTemplateScope.Cluster.name().equals(scope)) {
            var t = caches.get(AIMServiceTemplate.class, name, cache.getMetadata().getNamespace());
            if (t.isPresent()) {
                return new FoundTemplate(t.get(), t.get().getStatus(), AIMTemplateScope.Namespace.name());
            }
        }
        if (!AIMTemplateScope.Namespace.name().equals(scope)) {
            var t = caches.get(AIMClusterServiceTemplate.class, name);
            if (t.isPresent()) {
                return new FoundTemplate(t.get(), t.get().getStatus(), AIMTemplateScope.Cluster.name());
            }
        }
        return null;
    }

    /** §2.9: artifacts of this cache that never became Ready are deleted; Ready shared ones stay for others. */
    @Override
    public DeleteControl cleanup(AIMTemplateCache cache, Context<AIMTemplateCache> context) {
        String ns = cache.getMetadata().getNamespace();
        if (!Namespaces.isTerminating(client, ns)) {
            for (AIMArtifact a : client.resources(AIMArtifact.class).inNamespace(ns)
                    .withLabel(Labels.TEMPLATE_CACHE_NAME, Naming.sanitizeLabelValue(cache.getMetadata().getName()))
                    .list().getItems()) {
                if (a.getStatus() == null || !"Ready".equals(a.getStatus().status)) {
                    try {
                        client.resource(a).delete();
                    } catch (KubernetesClientException e) {
                        if (e.getCode() != 404 && e.getCode() != 403) {
                            throw e;
                        }
                    }
                }
            }
        }
        return DeleteControl.defaultDelete();
    }


    @Override
    public List<EventSource<?, AIMTemplateCache>> prepareEventSources(EventSourceContext<AIMTemplateCache> context) {
        IndexerResourceCache<AIMTemplateCache> caches = context.getPrimaryCache();
        metrics.track(AIMTemplateCache.class.getSimpleName(), caches);
        caches.addIndexers(Map.of(
                BY_TEMPLATE, c -> List.of(String.valueOf(c.getSpec().templateName)),
                BY_RUNTIME_CONFIG, c -> List.of(Caches.key(c.getMetadata().getNamespace(), configName(c))),
                BY_RUNTIME_CONFIG_NAME, c -> List.of(configName(c))));
        return List.of(
                informer(context, AIMArtifact.class, a -> {
                    String cacheLabel = a.getMetadata().getLabels() == null ? null
                            : a.getMetadata().getLabels().get(Labels.TEMPLATE_CACHE_NAME);
                    return ids(caches.list(a.getMetadata().getNamespace(), c -> cacheLabel != null
                            && cacheLabel.equals(Naming.sanitizeLabelValue(c.getMetadata().getName()))).toList());
                }),
                informer(context, AIMServiceTemplate.class, t -> ids(caches.byIndex(BY_TEMPLATE, t.getMetadata().getName())
                        .stream().filter(c -> c.getMetadata().getNamespace().equals(t.getMetadata().getNamespace()))
                        .toList())),
                informer(context, AIMClusterServiceTemplate.class,
                        t -> ids(caches.byIndex(BY_TEMPLATE, t.getMetadata().getName()))),
                informer(context, AIMRuntimeConfig.class, c -> ids(caches.byIndex(BY_RUNTIME_CONFIG,
                        Caches.key(c.getMetadata().getNamespace(), c.getMetadata().getName())))),
                informer(context, AIMClusterRuntimeConfig.class,
                        c -> ids(caches.byIndex(BY_RUNTIME_CONFIG_NAME, c.getMetadata().getName()))));
    }



    private static String configName(CustomResource<? extends dev.aimengine.operator.api.v1alpha1.AIMTemplateCacheSpec, ?> c) {
        return RuntimeConfigMerger.effectiveName(c.getSpec().runtimeConfigName);
    }
}
