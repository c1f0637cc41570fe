package dev.aimengine.operator.discovery;

import dev.aimengine.operator.api.v1alpha1.AIMModelSpec;
import dev.aimengine.operator.api.v1alpha1.AIMResolvedReference;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplateSpecCommon;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplateStatus;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplateStatus.DiscoveryState;
import dev.aimengine.operator.common.health.JobHealth;
import dev.aimengine.operator.common.health.LogReader;
import dev.aimengine.operator.common.health.PodHealth;
import dev.aimengine.operator.common.naming.AimNames;
import dev.aimengine.operator.common.status.AIMStatus;
import dev.aimengine.operator.common.status.Component;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where a template without inline model sources stands with discovery, and what to do next. Pure: the Jobs, pods and
 * Events are observed, the log is read through the given reader.
 * <ul>
 * <li>no Job yet: create one (unless a failed attempt's backoff is still running);</li>
 * <li>Job running: its Job and pod health (image pulls, scheduling) are the template's progress;</li>
 * <li>Job complete: the profile and model sources are read from the pod's log; output without usable sources fails
 * the template with a reason naming what was wrong;</li>
 * <li>Job failed: Job and pod health explain why (the template is Failed), the attempt is counted, and the next Job
 * waits for the backoff once the failed one is gone.</li>
 * </ul>
 */
public final class DiscoveryPlanner {
    public static final String COMPONENT_JOB = "DiscoveryJob";
    public static final String COMPONENT_PODS = "DiscoveryJobPods";
    public static final String COMPONENT_OUTPUT = "DiscoveryOutput";
    /** While a Job is wanted, look again this soon: the cluster-wide limit may have kept it from starting. */
    public static final Duration SLOT_RECHECK = Duration.ofSeconds(5);

    /**
     * @param jobs          the Jobs of this template (in the Job namespace, owned by the template)
     * @param pods          the pods of those Jobs
     * @param podEvents     Events of pods still Pending
     * @param namespacedEnv a namespaced template's {@code spec.env}; null for cluster templates
     */
    public record Input(String templateName, String jobNamespace, AIMServiceTemplateSpecCommon spec,
            List<EnvVar> namespacedEnv, AIMModelSpec model, AIMServiceTemplateStatus previous, List<Job> jobs,
            List<Pod> pods, List<Event> podEvents, LogReader logs, Instant now) {
    }

    /**
     * @param discovered the {@code Discovered} condition: true once results are in, with reason and message
     * @param job        the Job to create, or null
     * @param output     the parsed results when the Job completed with usable output, else null
     * @param requeue    when to look again, or null
     */
    public record Outcome(List<Component> components, boolean discovered, String reason, String message, Job job,
            DiscoveryState state, AIMResolvedReference latestJob, DiscoveryOutput.Result output, Duration requeue) {
    }

    public static Outcome plan(Input in) {
        Job latest = in.jobs().stream().max(Comparator.comparing(
                (Job j) -> j.getMetadata().getCreationTimestamp() == null ? "" : j.getMetadata().getCreationTimestamp())
                .thenComparing(j -> j.getMetadata().getName())).orElse(null);
        String specHash = AimNames.discoverySpecHash(in.spec(), in.model().image);
        DiscoveryState state = DiscoveryBackoff.record(in.previous() == null ? null : in.previous().discovery, specHash,
                latest, in.now());
        DiscoveryState written = state.attempts != null && state.attempts > 0 ? state : null;
        List<Component> components = new ArrayList<>();

        if (latest == null) {
            Duration wait = DiscoveryBackoff.remaining(state, in.now());
            if (!wait.isZero()) {
                String message = "Waiting " + render(wait) + " before retry (attempt " + state.attempts + " failed)";
                components.add(Component.of(COMPONENT_JOB, AIMStatus.Failed, "DiscoveryFailed",
                        state.lastFailureReason + "; " + message).downstream());
                return new Outcome(components, false, "AwaitingDiscovery", message, null, written, null, null, wait);
            }
            Job job = DiscoveryJobs.build(in.templateName(), in.jobNamespace(), in.spec(), in.namespacedEnv(),
                    in.model());
            components.add(Component.of(COMPONENT_JOB, AIMStatus.Progressing, "JobCreating",
                    "Creating discovery job " + job.getMetadata().getName()).downstream());
            return new Outcome(components, false, "AwaitingDiscovery", "Waiting for discovery to complete", job, written,
                    reference(job), null, SLOT_RECHECK);
        }

        List<Pod> pods = in.pods().stream()
                .filter(p -> latest.getMetadata().getName().equals(label(p, "job-name"))).toList();
        Component jobHealth = JobHealth.inspect(COMPONENT_JOB, latest);
        if (jobHealth.effectiveState() == AIMStatus.Ready) {
            DiscoveryOutput.Result output = DiscoveryOutput.parse(log(in, pods));
            if (output.ok()) {
                return new Outcome(List.of(), true, "DiscoveryComplete", summary(output), null, written,
                        reference(latest), output, null);
            }
            components.add(Component.of(COMPONENT_OUTPUT, AIMStatus.Failed, "InvalidDiscoveryOutput",
                    "Discovery job " + latest.getMetadata().getName() + " succeeded, but " + output.problem()));
            return new Outcome(components, false, "AwaitingDiscovery", output.problem(), null, written,
                    reference(latest), null, null);
        }
        components.add(jobHealth);
        if (!pods.isEmpty()) {
            components.add(PodHealth.inspect(COMPONENT_PODS, pods, in.podEvents(), in.logs()));
        }
        if (DiscoveryBackoff.failedCondition(latest) != null) {
            String message = "Waiting " + render(DiscoveryBackoff.delay(state.attempts)) + " before retry (attempt "
                    + state.attempts + " failed)";
            return new Outcome(components, false, "AwaitingDiscovery", message, null, written, reference(latest), null,
                    null);
        }
        return new Outcome(components, false, "AwaitingDiscovery",
                "Discovery job " + latest.getMetadata().getName() + " is running", null, written, reference(latest),
                null, null);
    }

    /** All the output of the discovery container of a Succeeded pod; null when none can be read. */
    private static String log(Input in, List<Pod> pods) {
        for (Pod p : pods) {
            if (p.getStatus() != null && "Succeeded".equals(p.getStatus().getPhase())) {
                try {
                    String log = in.logs().tail(p, DiscoveryJobs.CONTAINER, Integer.MAX_VALUE);
                    if (log != null) {
                        return log;
                    }
                } catch (RuntimeException unreadable) {
                    // try the next pod; none left means "printed nothing"
                }
            }
        }
        return null;
    }

    private static String summary(DiscoveryOutput.Result output) {
        var m = output.profile().metadata;
        return "Discovered %s profile for %s %s (%s, %s): %d model source(s)".formatted(
                m.engine == null ? "a" : m.engine, m.gpuCount == null ? "" : m.gpuCount + " x",
                m.gpu == null ? "any GPU" : m.gpu, m.precision, m.metric, output.modelSources().size());
    }

    private static AIMResolvedReference reference(Job job) {
        AIMResolvedReference r = new AIMResolvedReference();
        r.name = job.getMetadata().getName();
        r.namespace = job.getMetadata().getNamespace();
        return r;
    }

    private static String label(Pod p, String key) {
        return p.getMetadata().getLabels() == null ? null : p.getMetadata().getLabels().get(key);
    }

    /** As Go prints durations: 1m0s, 2m0s, 1h0m0s. */
    static String render(Duration d) {
        long s = d.getSeconds();
        long h = s / 3600;
        long m = s % 3600 / 60;
        long sec = s % 60;
        return h > 0 ? h + "h" + m + "m" + sec + "s" : m > 0 ? m + "m" + sec + "s" : sec + "s";
    }

    private DiscoveryPlanner() {
    }
}
