package dev.aimengine.operator.common.health;

import dev.aimengine.operator.common.status.AIMStatus;
import dev.aimengine.operator.common.status.Component;
import dev.aimengine.operator.common.status.ComponentError;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;

import java.util.List;

/**
 * Health of a Job. Conditions are read in order and the first {@code Complete=True} or
 * {@code Failed=True} decides:
 * <ul>
 * <li>missing → MissingDownstream {@code JobNotFound} "Job not found";</li>
 * <li>{@code Complete=True} → Ready (reason {@code Ready}, no message);</li>
 * <li>{@code Failed=True} → by the condition's reason: {@code BackoffLimitExceeded} → InvalidSpec
 * {@code JobBackoffLimitExceeded}; {@code DeadlineExceeded} → InvalidSpec {@code JobDeadlineExceeded};
 * {@code Evicted} → Infrastructure {@code JobEvicted}; anything else → InvalidSpec {@code JobFailed}; the message is
 * the condition's message, or "Job failed";</li>
 * <li>otherwise Progressing {@code JobRunning} "Job is in progress".</li>
 * </ul>
 */
public final class JobHealth {

    private JobHealth() {
    }

    public static Component inspect(String component, Job job) {
        if (job == null) {
            return Component.failing(component, ComponentError.missingDownstream("JobNotFound", "Job not found"))
                    .downstream();
        }
        List<JobCondition> conditions = job.getStatus() == null || job.getStatus().getConditions() == null
                ? List.of() : job.getStatus().getConditions();
        for (JobCondition c : conditions) {
            if (c == null || !"True".equals(c.getStatus())) {
                continue;
            }
            if ("Complete".equals(c.getType())) {
                return Component.of(component, AIMStatus.Ready, null, null).downstream();
            }
            if ("Failed".equals(c.getType())) {
                return Component.failing(component, failure(c)).downstream();
            }
        }
        return Component.of(component, AIMStatus.Progressing, "JobRunning", "Job is in progress").downstream();
    }

    private static ComponentError failure(JobCondition failed) {
        String message = failed.getMessage() == null || failed.getMessage().isEmpty() ? "Job failed"
                : failed.getMessage();
        String reason = failed.getReason() == null ? "" : failed.getReason();
        return switch (reason) {
            case "BackoffLimitExceeded" -> ComponentError.invalidSpec("JobBackoffLimitExceeded", message);
            case "DeadlineExceeded" -> ComponentError.invalidSpec("JobDeadlineExceeded", message);
            case "Evicted" -> ComponentError.infrastructure("JobEvicted", message);
            default -> ComponentError.invalidSpec("JobFailed", message);
        };
    }
}
