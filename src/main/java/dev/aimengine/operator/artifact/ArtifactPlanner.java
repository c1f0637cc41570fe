package dev.aimengine.operator.artifact;

import dev.aimengine.operator.api.v1alpha1.AIMArtifact;
import dev.aimengine.operator.api.v1alpha1.AIMArtifactStatus;
import dev.aimengine.operator.common.status.AIMStatus;
import dev.aimengine.operator.common.status.Component;
import dev.aimengine.operator.common.status.Conditions;
import dev.aimengine.operator.common.reconcile.Decision;
import dev.aimengine.operator.common.health.JobHealth;
import dev.aimengine.operator.common.health.LogReader;
import dev.aimengine.operator.common.health.PodHealth;
import dev.aimengine.operator.common.health.PvcHealth;
import dev.aimengine.operator.runtimeconfig.RuntimeConfigResolution;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * Decides one AIMArtifact's Kubernetes side: the status-updater RoleBinding, a check-size Job while
 * the size is unknown, the PVC sized with headroom, the download Job while not Ready, the status fields and
 * {@code DownloadComplete}. Pure.
 */
public final class ArtifactPlanner {
    static final Duration PROGRESS_REQUEUE = Duration.ofSeconds(10);

    /**
     * @param checkSizeOutput the last log line of a finished check-size pod, or null when there is none yet
     */
    public record Input(AIMArtifact artifact, RuntimeConfigResolution runtimeConfig, boolean roleBindingExists,
            Job checkSizeJob, List<Pod> checkSizePods, String checkSizeOutput, PersistentVolumeClaim pvc, Job downloadJob,
            List<Pod> downloadPods, List<Event> podEvents, LogReader logs) {
    }

    public static Decision<AIMArtifactStatus> plan(Input in) {
        // the planner works on a copy of the status (and an artifact view carrying it): its input stays untouched
        AIMArtifactStatus status = copy(in.artifact().getStatus());
        AIMArtifact a = new AIMArtifact();
        a.setMetadata(in.artifact().getMetadata());
        a.setSpec(in.artifact().getSpec());
        a.setStatus(status);
        boolean wasReady = AIMStatus.parse(status.status) == AIMStatus.Ready;
        List<EnvVar> configEnv = in.runtimeConfig().found().map(c -> c.env()).orElse(List.of());
        List<Component> components = new ArrayList<>();
        components.add(in.runtimeConfig().component().upstream());
        Decision<AIMArtifactStatus> plan = Decision.of(status).labelPropagation(in.runtimeConfig().labelPropagation());
        Consumer<Conditions> decorator = c -> {
        };

        if (!in.roleBindingExists()) {
            plan.add(ArtifactObjects.statusUpdaterRoleBinding(a.getMetadata().getNamespace()));
        }

        // 1. size discovery
        if (!ArtifactSizes.isSizeKnown(a)) {
            if (in.checkSizeJob() == null) {
                plan.own(ArtifactObjects.checkSizeJob(a, configEnv));
            }
            components.add(JobHealth.inspect("CheckSizeJob", in.checkSizeJob()));
            if (!in.checkSizePods().isEmpty()) {
                components.add(PodHealth.inspect("CheckSizeJobPods", in.checkSizePods(), in.podEvents(), in.logs()));
            }
            if (in.checkSizeJob() != null && DownloadProgress.isComplete(in.checkSizeJob()) && in.checkSizeOutput() != null) {
                OptionalLong size = ArtifactSizes.parseCheckSizeOutput(in.checkSizeOutput());
                if (size.isPresent()) {
                    status.discoveredSizeBytes = size.getAsLong();
                } else {
                    ArtifactSizes.checkSizeOutputProblem(in.checkSizeOutput()).ifPresent(problem -> components.add(
                            Component.of("CheckSizeOutput", AIMStatus.Failed, "InvalidSizeOutput", problem)));
                }
            }
        }

        // 2. PVC and 3. download, once the size is known
        if (ArtifactSizes.isSizeKnown(a)) {
            long size = ArtifactSizes.effectiveSize(a);
            int headroom = in.runtimeConfig().found().map(c -> c.headroomPercent()).orElse(10);
            components.add(PvcHealth.inspect("CachePvc", in.pvc()));
            if (in.pvc() == null) {
                plan.own(ArtifactObjects.pvc(a, size, headroom, storageClass(in)));
            } else {
                DownloadProgress.recordPvc(status, in.pvc(), headroom);
            }
            if (!wasReady) {
                if (in.downloadJob() == null && in.pvc() != null && in.roleBindingExists()) {
                    plan.own(ArtifactObjects.downloadJob(a, in.pvc().getMetadata().getName(), size, configEnv));
                }
                if (in.downloadJob() != null) {
                    components.add(JobHealth.inspect("DownloadJob", in.downloadJob()));
                    components.add(PodHealth.inspect("DownloadJobPods", in.downloadPods(), in.podEvents(), in.logs()));
                    Condition done = DownloadProgress.decorate(status, DownloadProgress.isComplete(in.downloadJob()),
                            DownloadProgress.isFailed(in.downloadJob()) || DownloadProgress.anyPodFailed(in.downloadPods()),
                            size);
                    decorator = c -> c.set(done.getType(), done.getStatus(), done.getReason(), done.getMessage());
                } else {
                    components.add(Component.of("DownloadJob", AIMStatus.Progressing, "JobNotFound",
                            in.pvc() == null ? "Waiting for the PVC before downloading"
                                    : in.roleBindingExists() ? "Creating the download job"
                                            : "Waiting for the status-updater RoleBinding before downloading").downstream());
                }
                // the downloader reports progress in the status; look at it again while the download is under way
                plan.requeueWhile(AIMStatus.Progressing, PROGRESS_REQUEUE);
            }
        }

        status.mode = DownloadProgress.mode(a);
        ArtifactSizes.displaySizeOf(a).ifPresent(s -> status.displaySize = s);
        components.forEach(plan::component);
        return plan.conditions(decorator);
    }

    /** spec.storageClassName, else the runtime config's default, else the cluster default (unset). */
    private static String storageClass(Input in) {
        String own = in.artifact().getSpec().storageClassName;
        if (own != null && !own.isEmpty()) {
            return own;
        }
        return in.runtimeConfig().found().map(c -> c.storageClassName()).orElse(null);
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper COPIER = new com.fasterxml.jackson.databind.ObjectMapper();

    private static AIMArtifactStatus copy(AIMArtifactStatus status) {
        return status == null ? new AIMArtifactStatus() : COPIER.convertValue(status, AIMArtifactStatus.class);
    }

    private ArtifactPlanner() {
    }
}
