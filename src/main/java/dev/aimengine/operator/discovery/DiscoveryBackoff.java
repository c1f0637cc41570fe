package dev.aimengine.operator.discovery;

import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplateStatus.DiscoveryState;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The circuit breaker around failing discovery: each failed discovery Job counts one attempt in
 * {@code status.discovery}; the next Job waits {@code 60 s × 2^(attempts−1)}, at most an hour; a change to what
 * discovery depends on (model, image, metric, precision, GPU, profile: the spec hash) starts counting afresh.
 */
public final class DiscoveryBackoff {
    static final Duration BASE = Duration.ofSeconds(60);
    static final Duration MAX = Duration.ofHours(1);

    /**
     * The state after observing the latest Job: a failed Job newer than the last recorded attempt counts as one more
     * attempt; a spec hash other than the recorded one resets the count first.
     */
    public static DiscoveryState record(DiscoveryState previous, String specHash, Job latest, Instant now) {
        DiscoveryState state = copy(previous);
        if (!Objects.equals(state.specHash, specHash)) {
            state.attempts = 0;
            state.lastAttemptTime = null;
            state.lastFailureReason = null;
            state.specHash = specHash;
        }
        JobCondition failed = failedCondition(latest);
        if (failed != null) {
            Instant failedAt = parse(failed.getLastTransitionTime());
            Instant last = parse(state.lastAttemptTime);
            if (last == null || (failedAt != null && failedAt.isAfter(last))) {
                state.attempts = (state.attempts == null ? 0 : state.attempts) + 1;
                state.lastAttemptTime = (failedAt != null ? failedAt : now).toString();
                state.lastFailureReason = failed.getMessage() != null && !failed.getMessage().isEmpty()
                        ? failed.getMessage()
                        : failed.getReason() != null && !failed.getReason().isEmpty() ? failed.getReason()
                                : "Unknown failure";
            }
        }
        return state;
    }

    /** How long to wait before the next Job; zero when none failed yet (or the spec changed). */
    public static Duration remaining(DiscoveryState state, Instant now) {
        int attempts = state == null || state.attempts == null ? 0 : state.attempts;
        Instant last = state == null ? null : parse(state.lastAttemptTime);
        if (attempts == 0 || last == null) {
            return Duration.ZERO;
        }
        Duration wait = delay(attempts);
        Duration left = Duration.between(now, last.plus(wait));
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** {@code 60 s × 2^(attempts−1)}, capped at one hour. */
    static Duration delay(int attempts) {
        if (attempts >= 7) {
            return MAX;
        }
        Duration d = BASE.multipliedBy(1L << Math.max(0, attempts - 1));
        return d.compareTo(MAX) > 0 ? MAX : d;
    }

    static JobCondition failedCondition(Job job) {
        if (job == null || job.getStatus() == null || job.getStatus().getConditions() == null) {
            return null;
        }
        return job.getStatus().getConditions().stream()
                .filter(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus())).findFirst().orElse(null);
    }

    private static DiscoveryState copy(DiscoveryState s) {
        DiscoveryState c = new DiscoveryState();
        if (s != null) {
            c.attempts = s.attempts;
            c.lastAttemptTime = s.lastAttemptTime;
            c.lastFailureReason = s.lastFailureReason;
            c.specHash = s.specHash;
        }
        return c;
    }

    private static Instant parse(String time) {
        try {
            return time == null || time.isEmpty() ? null : Instant.parse(time);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private DiscoveryBackoff() {
    }
}
