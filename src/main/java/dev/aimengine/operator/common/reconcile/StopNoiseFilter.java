package dev.aimengine.operator.common.reconcile;

import io.quarkus.logging.LoggingFilter;
import io.quarkus.runtime.logging.LogCleanupFilter;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * Drops the log records a normal stop produces when it cuts off work in flight: the fabric8 leader elector's WARN for
 * a Lease renewal interrupted by the stop, JOSDK's ERROR for a reconcile workflow interrupted by it, and fabric8's
 * ERROR (with a stack trace) for an informer whose list or watch was still starting when the stop closed the client.
 * A pod stopped during a rollout is not an error; the next instance redoes the reconcile (every write is an apply)
 * and lists everything again. A renewal, list or watch that fails for any other reason (API server unreachable,
 * refused) is still logged.
 */
@LoggingFilter(name = "aim-stop-noise")
public final class StopNoiseFilter implements Filter {
    static final String LEADER_ELECTOR = "io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector";
    static final String WORKFLOW = "io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowReconcileExecutor";
    static final String REFLECTOR = "io.fabric8.kubernetes.client.informers.impl.cache.Reflector";

    @Override
    public boolean isLoggable(LogRecord record) {
        if (LEADER_ELECTOR.equals(record.getLoggerName())) {
            return !ReconcileTail.isStopping(record.getThrown());
        }
        if (WORKFLOW.equals(record.getLoggerName()) && record.getMessage() != null
                && record.getMessage().startsWith("Thread interrupted")) {
            return false;
        }
        if (REFLECTOR.equals(record.getLoggerName())) {
            return !afterShutdown(record) && !ReconcileTail.isStopping(record.getThrown());
        }
        return true;
    }

    /**
     * Quarkus marks what is logged once the stop has begun (its own filter runs before this one on every handler): an
     * informer failing then is failing because of the stop, whatever the exception (a closed connection, a closed
     * client).
     */
    private static boolean afterShutdown(LogRecord record) {
        return record.getMessage() != null && record.getMessage().endsWith(LogCleanupFilter.SHUTDOWN_MESSAGE);
    }
}
