package dev.aimengine.operator.common.health;

import dev.aimengine.operator.common.status.AIMStatus;
import dev.aimengine.operator.common.status.DependencyType;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.Test;

import static dev.aimengine.operator.common.status.ErrorCategory.INFRASTRUCTURE;
import static dev.aimengine.operator.common.status.ErrorCategory.INVALID_SPEC;
import static dev.aimengine.operator.common.status.ErrorCategory.MISSING_DOWNSTREAM_DEPENDENCY;
import static dev.aimengine.operator.common.health.Fixtures.assertError;
import static dev.aimengine.operator.common.health.Fixtures.assertState;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Job health: which condition decides, and the reason a failed Job reports. */
class JobHealthTest {

    static final String C = "DownloadJob";

    static Job job(String conditions) {
        return Fixtures.yaml("""
                apiVersion: batch/v1
                kind: Job
                metadata: {name: j, namespace: ns}
                status:
                  conditions:
                %s
                """.formatted(conditions.indent(4)), Job.class);
    }

    static Job failed(String reason, String message) {
        return job("- {type: Failed, status: \"True\", reason: %s, message: \"%s\"}".formatted(reason, message));
    }

    @Test
    void missing() {
        assertError(JobHealth.inspect(C, null), C, MISSING_DOWNSTREAM_DEPENDENCY, AIMStatus.Progressing,
                "JobNotFound", "Job not found");
        assertEquals(DependencyType.DOWNSTREAM, JobHealth.inspect(C, null).dependency());
    }

    @Test
    void complete() {
        assertState(JobHealth.inspect(C, job("- {type: Complete, status: \"True\"}")), C, AIMStatus.Ready, "Ready",
                "");
    }

    @Test
    void failedByReason() {
        assertError(JobHealth.inspect(C, failed("BackoffLimitExceeded", "Job has reached the specified backoff limit")),
                C, INVALID_SPEC, AIMStatus.Failed, "JobBackoffLimitExceeded",
                "Job has reached the specified backoff limit");
        assertError(JobHealth.inspect(C, failed("DeadlineExceeded", "Job was active longer than specified deadline")),
                C, INVALID_SPEC, AIMStatus.Failed, "JobDeadlineExceeded",
                "Job was active longer than specified deadline");
        assertError(JobHealth.inspect(C, failed("Evicted", "evicted")), C, INFRASTRUCTURE, AIMStatus.Degraded,
                "JobEvicted", "evicted");
        assertError(JobHealth.inspect(C, failed("PodFailurePolicy", "rule matched")), C, INVALID_SPEC,
                AIMStatus.Failed, "JobFailed", "rule matched");
    }

    @Test
    void failedWithoutMessage() {
        assertError(JobHealth.inspect(C, job("- {type: Failed, status: \"True\"}")), C, INVALID_SPEC,
                AIMStatus.Failed, "JobFailed", "Job failed");
    }

    @Test
    void running() {
        assertState(JobHealth.inspect(C, job("[]")), C, AIMStatus.Progressing, "JobRunning", "Job is in progress");
        assertState(JobHealth.inspect(C, Fixtures.yaml("apiVersion: batch/v1\nkind: Job\n", Job.class)), C,
                AIMStatus.Progressing, "JobRunning", "Job is in progress");
        assertState(JobHealth.inspect(C, job("""
                - {type: Suspended, status: "True"}
                - {type: Failed, status: "False"}
                - {type: Complete, status: "False"}
                """)), C, AIMStatus.Progressing, "JobRunning", "Job is in progress");
    }

    @Test
    void firstDecidingConditionWins() {
        assertState(JobHealth.inspect(C, job("""
                - {type: Complete, status: "True"}
                - {type: Failed, status: "True", reason: BackoffLimitExceeded}
                """)), C, AIMStatus.Ready, "Ready", "");
    }
}
