package dev.aimengine.operator.common.reconcile;

import io.quarkus.logging.LoggingFilter;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * Drops the two log records a normal stop produces when it cuts off work in flight: the fabric8 leader elector's
 * WARN for a Lease renewal interrupted by the stop, and JOSDK's ERROR for a reconcile workflow interrupted by it. A pod
 * stopped during a rollout is not an error; the next instance redoes the reconcile (every write is an apply). A
 * renewal that fails for any other reason (API server unreachable, refused) is still logged.
 */
@LoggingFilter(name = "aim-stop-noise")
public final class StopNoiseFilter implements Filter {
    static final String LEADER_ELECTOR = "io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector";
    static final String WORKFLOW = "io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowReconcileExecutor";

    @Override
    public boolean isLoggable(LogRecord record) {
        if (LEADER_ELECTOR.equals(record.getLoggerName())) {
            return !ReconcileTail.isStopping(record.getThrown());
        }
        if (WORKFLOW.equals(record.getLoggerName()) && record.getMessage() != null
                && record.getMessage().startsWith("Thread interrupted")) {
            return false;
        }
        return true;
    }
}
