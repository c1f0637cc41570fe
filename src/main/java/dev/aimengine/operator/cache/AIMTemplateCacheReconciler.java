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
import dev.aimengine.operator.runtimeconfig.RuntimeConfigMerger;
import dev.aimengine.operator.runtimeconfig.RuntimeConfigResolution;
import dev.aimengine.operator.runtimeconfig.RuntimeConfigWatch;
import dev.aimengine.operator.runtimeconfig.RuntimeConfigs;
import dev.aimengine.operator.common.reconcile.Decision;
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
 * AIMTemplateCache: finds the template, matches or creates one AIMArtifact per model source of the
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
public class AIMTemplateCacheReconciler extends ControllerSupport<AIMTemplateCache, AIMTemplateCacheStatus,
        AIMTemplateCacheReconciler.Observation, AIMTemplateCacheReconciler.Resolution>
        implements Cleaner<AIMTemplateCache> {
    public static final String NAME = "template-cache";
    public static final String FINALIZER = "aim.eai.amd.com/artifactcleanup";
    static final String BY_TEMPLATE = "byTemplate";



    /** The runtime configs, the template of either kind with the cache's template name, the namespace's artifacts. */
    public record Observation(RuntimeConfigs runtimeConfigs, AIMServiceTemplate namespacedTemplate,
            AIMClusterServiceTemplate clusterTemplate, List<AIMArtifact> artifacts) {
    }

    /** The merged runtime config and the template the cache is for (null when none matches its scope). */
    public record Resolution(RuntimeConfigResolution runtimeConfig, CachePlanner.FoundTemplate template) {
    }

    @Override
    protected String controllerName() {
        return NAME;
    }

    @Override
    protected AIMTemplateCacheStatus emptyStatus() {
        return new AIMTemplateCacheStatus();
    }

    @Override
    protected Observation observe(AIMTemplateCache cache, Context<AIMTemplateCache> context) {
        Caches caches = Caches.of(context);
        String ns = cache.getMetadata().getNamespace();
        String name = cache.getSpec().templateName;
        return new Observation(RuntimeConfigs.observe(caches, cache.getSpec().runtimeConfigName, ns),
                caches.get(AIMServiceTemplate.class, name, ns).orElse(null),
                caches.get(AIMClusterServiceTemplate.class, name).orElse(null),
                caches.list(AIMArtifact.class, ns, a -> true));
    }

    /** Namespace scope: the AIMServiceTemplate only; Cluster: the AIMClusterServiceTemplate only; Unknown: either. */
    @Override
    protected Resolution resolve(AIMTemplateCache cache, Observation o) {
        String scope = cache.getSpec().templateScope;
        CachePlanner.FoundTemplate found = null;
        if (!AIMTemplateScope.Cluster.name().equals(scope) && o.namespacedTemplate() != null) {
            found = new CachePlanner.FoundTemplate(o.namespacedTemplate(), o.namespacedTemplate().getStatus(),
                    AIMTemplateScope.Namespace.name());
        } else if (!AIMTemplateScope.Namespace.name().equals(scope) && o.clusterTemplate() != null) {
            found = new CachePlanner.FoundTemplate(o.clusterTemplate(), o.clusterTemplate().getStatus(),
                    AIMTemplateScope.Cluster.name());
        }
        return new Resolution(o.runtimeConfigs().resolve(), found);
    }

    @Override
    protected Decision<AIMTemplateCacheStatus> plan(AIMTemplateCache cache, Observation o, Resolution r) {
        return CachePlanner.plan(cache, r.runtimeConfig(), r.template(), o.artifacts());
    }

    /** Artifacts of this cache that never became Ready are deleted; Ready shared ones stay for others. */
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
        caches.addIndexers(Map.of(BY_TEMPLATE, c -> List.of(String.valueOf(c.getSpec().templateName))));
        List<EventSource<?, AIMTemplateCache>> sources = new ArrayList<>(List.of(
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
                        t -> ids(caches.byIndex(BY_TEMPLATE, t.getMetadata().getName())))));
        sources.addAll(RuntimeConfigWatch.eventSources(context, c -> c.getSpec().runtimeConfigName));
        return sources;
    }
}
