package dev.aimengine.operator.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aimengine.operator.api.v1alpha1.AIMArtifact;
import dev.aimengine.operator.api.v1alpha1.AIMArtifactStatus;
import dev.aimengine.operator.api.v1alpha1.AIMClusterRuntimeConfig;
import dev.aimengine.operator.api.v1alpha1.AIMRuntimeConfig;
import dev.aimengine.operator.common.naming.AimNames;
import dev.aimengine.operator.common.reconcile.Caches;
import dev.aimengine.operator.common.reconcile.ControllerSupport;
import dev.aimengine.operator.common.labels.Labels;
import dev.aimengine.operator.common.reconcile.ReconcileTail;
import dev.aimengine.operator.runtimeconfig.RuntimeConfigMerger;
import dev.aimengine.operator.runtimeconfig.RuntimeConfigResolution;
import dev.aimengine.operator.runtimeconfig.RuntimeConfigWatch;
import dev.aimengine.operator.runtimeconfig.RuntimeConfigs;
import dev.aimengine.operator.common.reconcile.Decision;
import dev.aimengine.operator.common.health.LogReader;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * AIMArtifact: RoleBinding for the downloader, check-size Job, PVC and download Job, each owned by
 * the artifact, with status from Job and Pod health.
 */
@RBACRule(apiGroups = "batch", resources = "jobs", verbs = { "get", "list", "watch", "create", "update", "patch", "delete" })
@RBACRule(apiGroups = "", resources = "persistentvolumeclaims",
        verbs = { "get", "list", "watch", "create", "update", "patch", "delete" })
@RBACRule(apiGroups = "", resources = "pods", verbs = { "get", "list", "watch" })
@RBACRule(apiGroups = "", resources = "pods/log", verbs = "get")
@RBACRule(apiGroups = "", resources = "events", verbs = { "get", "list", "watch", "create", "patch" })
@RBACRule(apiGroups = "rbac.authorization.k8s.io", resources = "rolebindings",
        verbs = { "get", "list", "watch", "create", "update", "patch" })
@RBACRule(apiGroups = "rbac.authorization.k8s.io", resources = "clusterroles", verbs = "bind",
        resourceNames = ArtifactObjects.STATUS_UPDATER)
@RBACRule(apiGroups = "aim.eai.amd.com", resources = { "aimruntimeconfigs", "aimclusterruntimeconfigs" },
        verbs = { "get", "list", "watch" })
@ControllerConfiguration(name = AIMArtifactReconciler.NAME, fieldManager = "aim-" + AIMArtifactReconciler.NAME + "-controller",
        generationAwareEventProcessing = false,
        maxReconciliationInterval = @MaxReconciliationInterval(interval = 10, timeUnit = TimeUnit.MINUTES))
public class AIMArtifactReconciler
        extends ControllerSupport<AIMArtifact, AIMArtifactStatus, AIMArtifactReconciler.Observation, RuntimeConfigResolution> {
    private static final Logger LOG = Logger.getLogger(AIMArtifactReconciler.class);
    public static final String NAME = "artifact";

    /** Everything an artifact reconcile reads: runtime configs, its jobs, pods, PVC and their events, logs. */
    public record Observation(RuntimeConfigs runtimeConfigs, boolean roleBindingExists, Job checkSizeJob,
            List<Pod> checkSizePods, String checkSizeOutput, PersistentVolumeClaim pvc, Job downloadJob,
            List<Pod> downloadPods, List<Event> pendingPodEvents, LogReader logs) {
    }

    @Override
    protected String controllerName() {
        return NAME;
    }

    @Override
    protected AIMArtifactStatus emptyStatus() {
        return new AIMArtifactStatus();
    }

    @Override
    protected Observation observe(AIMArtifact artifact, Context<AIMArtifact> context) {
        Caches caches = Caches.of(context);
        String ns = artifact.getMetadata().getNamespace();
        String name = artifact.getMetadata().getName();
        String uid = artifact.getMetadata().getUid();
        Job checkSize = caches.get(Job.class, AimNames.checkSizeJob(name, uid), ns).orElse(null);
        Job download = caches.get(Job.class, AimNames.downloadJob(name, uid), ns).orElse(null);
        List<Pod> pods = caches.list(Pod.class, ns, p -> name.equals(labels(p).get(Labels.CACHE_NAME)));
        List<Pod> checkSizePods = podsOf(pods, checkSize);
        return new Observation(RuntimeConfigs.observe(caches, artifact.getSpec().runtimeConfigName, ns),
                roleBindingExists(caches, ns), checkSize, checkSizePods, checkSizeOutput(checkSize, checkSizePods),
                caches.get(PersistentVolumeClaim.class, AimNames.artifactPvc(name, uid), ns).orElse(null),
                download, podsOf(pods, download), pendingPodEvents(pods), this::tailLog);
    }

    @Override
    protected RuntimeConfigResolution resolve(AIMArtifact artifact, Observation observation) {
        return observation.runtimeConfigs().resolve();
    }

    @Override
    protected Decision<AIMArtifactStatus> plan(AIMArtifact artifact, Observation o, RuntimeConfigResolution runtimeConfig) {
        return ArtifactPlanner.plan(new ArtifactPlanner.Input(artifact, runtimeConfig, o.roleBindingExists(),
                o.checkSizeJob(), o.checkSizePods(), o.checkSizeOutput(), o.pvc(), o.downloadJob(), o.downloadPods(),
                o.pendingPodEvents(), o.logs()));
    }

    private boolean roleBindingExists(Caches caches, String ns) {
        if (caches.get(RoleBinding.class, ArtifactObjects.STATUS_UPDATER, ns).isPresent()) {
            return true;
        }
        try {
            // made by someone else (e.g. a previous operator) and therefore not in the labelled informer
            return client.rbac().roleBindings().inNamespace(ns).withName(ArtifactObjects.STATUS_UPDATER).get() != null;
        } catch (KubernetesClientException e) {
            LOG.debugf("cannot read RoleBinding in %s: %s", ns, e.getMessage());
            return false;
        }
    }

    /** The last line the check-size container printed, once its job has finished. */
    private String checkSizeOutput(Job job, List<Pod> pods) {
        if (job == null || !DownloadProgress.isComplete(job)) {
            return null;
        }
        for (Pod p : pods) {
            String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
            if ("Succeeded".equals(phase) || "Running".equals(phase)) {
                String log = tailLog(p, ArtifactObjects.CHECK_SIZE_CONTAINER, 1);
                if (log != null) {
                    String[] lines = log.strip().split("\n");
                    return lines.length == 0 ? null : lines[lines.length - 1].trim();
                }
            }
        }
        return null;
    }

    private String tailLog(Pod pod, String container, int lines) {
        try {
            return client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .inContainer(container).tailingLines(lines).getLog();
        } catch (KubernetesClientException e) {
            LOG.debugf("cannot read log of %s: %s", pod.getMetadata().getName(), e.getMessage());
            return null;
        }
    }

    private List<Event> pendingPodEvents(List<Pod> pods) {
        List<Event> events = new ArrayList<>();
        for (Pod p : pods) {
            if (p.getStatus() == null || "Pending".equals(p.getStatus().getPhase())) {
                try {
                    events.addAll(client.v1().events().inNamespace(p.getMetadata().getNamespace())
                            .withField("involvedObject.name", p.getMetadata().getName()).list().getItems());
                } catch (KubernetesClientException e) {
                    LOG.debugf("cannot list events of %s: %s", p.getMetadata().getName(), e.getMessage());
                }
            }
        }
        return events;
    }

    private static List<Pod> podsOf(List<Pod> pods, Job job) {
        if (job == null) {
            return List.of();
        }
        return pods.stream().filter(p -> job.getMetadata().getName().equals(labels(p).get("job-name"))).toList();
    }

    private static Map<String, String> labels(HasMetadata o) {
        return o.getMetadata().getLabels() == null ? Map.of() : o.getMetadata().getLabels();
    }

    @Override
    public List<EventSource<?, AIMArtifact>> prepareEventSources(EventSourceContext<AIMArtifact> context) {
        IndexerResourceCache<AIMArtifact> artifacts = context.getPrimaryCache();
        metrics.track(AIMArtifact.class.getSimpleName(), artifacts);
        Function<HasMetadata, Set<ResourceID>> byCacheLabel = o -> {
            String artifact = labels(o).get(Labels.CACHE_NAME);
            return artifact == null ? Set.of() : Set.of(new ResourceID(artifact, o.getMetadata().getNamespace()));
        };
        List<EventSource<?, AIMArtifact>> sources = new ArrayList<>(List.of(
                informer(context, Job.class, Labels.CACHE_NAME, byCacheLabel::apply),
                informer(context, PersistentVolumeClaim.class, Labels.CACHE_NAME, byCacheLabel::apply),
                informer(context, Pod.class, Labels.CACHE_NAME, byCacheLabel::apply),
                informer(context, RoleBinding.class, Labels.MANAGED_BY + "=" + Labels.controllerManager(NAME),
                        rb -> ids(artifacts.list(rb.getMetadata().getNamespace(), a -> true).toList()))));
        sources.addAll(RuntimeConfigWatch.eventSources(context, a -> a.getSpec().runtimeConfigName));
        return sources;
    }
}
