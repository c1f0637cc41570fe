package dev.aimengine.operator.common.reconcile;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.runtime.logging.LogCleanupFilter;
import org.junit.jupiter.api.Test;

import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StopNoiseFilterTest {
    private final StopNoiseFilter filter = new StopNoiseFilter();

    @Test
    void aLeaseRenewalCutOffByTheStopIsNotLogged() {
        assertFalse(filter.isLoggable(record(StopNoiseFilter.LEADER_ELECTOR, Level.WARNING,
                "Exception occurred while acquiring lock 'LeaseLock: aim-system - lock (pod)' retrying...",
                new KubernetesClientException("Operation: [patch] for kind: [Lease] failed.",
                        new InterruptedIOException()))));
    }

    @Test
    void aLeaseRenewalThatFailsOtherwiseIsLogged() {
        assertTrue(filter.isLoggable(record(StopNoiseFilter.LEADER_ELECTOR, Level.WARNING, "Exception occurred",
                new KubernetesClientException("Forbidden", 403, null))));
        assertTrue(filter.isLoggable(record(StopNoiseFilter.LEADER_ELECTOR, Level.WARNING, "Exception occurred",
                new KubernetesClientException("timeout", new SocketTimeoutException("read timed out")))));
    }

    @Test
    void aWorkflowInterruptedByTheStopIsNotLoggedButOtherWorkflowErrorsAre() {
        assertFalse(filter.isLoggable(record(StopNoiseFilter.WORKFLOW, Level.SEVERE,
                "Thread interrupted for primary: ResourceID{name='svc', namespace='ns'}", new InterruptedException())));
        assertTrue(filter.isLoggable(record(StopNoiseFilter.WORKFLOW, Level.SEVERE, "Something else", null)));
    }

    @Test
    void anInformerCutOffByTheClosedClientIsNotLoggedButOtherInformerFailuresAre() {
        assertFalse(filter.isLoggable(record(StopNoiseFilter.REFLECTOR, Level.SEVERE,
                "listSyncAndWatch failed for gateway.networking.k8s.io/v1/httproutes, will stop",
                new CompletionException(new IllegalStateException("Client is closed")))));
        assertTrue(filter.isLoggable(record(StopNoiseFilter.REFLECTOR, Level.SEVERE,
                "listSyncAndWatch failed for gateway.networking.k8s.io/v1/httproutes, will stop",
                new CompletionException(new KubernetesClientException("Forbidden", 403, null)))));
        assertTrue(filter.isLoggable(record(StopNoiseFilter.REFLECTOR, Level.SEVERE, "listSyncAndWatch failed",
                new IllegalStateException("something else"))));
    }

    @Test
    void anInformerFailureLoggedAfterTheStopBeganIsNotLoggedWhateverItsCause() {
        String marked = "listSyncAndWatch failed for gateway.networking.k8s.io/v1/httproutes, will stop"
                + LogCleanupFilter.SHUTDOWN_MESSAGE;
        assertFalse(filter.isLoggable(record(StopNoiseFilter.REFLECTOR, Level.SEVERE, marked,
                new CompletionException(new IllegalStateException("Connection was closed")))));
        assertTrue(filter.isLoggable(record(StopNoiseFilter.REFLECTOR, Level.SEVERE,
                "listSyncAndWatch failed for gateway.networking.k8s.io/v1/httproutes, will stop",
                new CompletionException(new IllegalStateException("Connection was closed")))));
    }

    @Test
    void otherLoggersAreUntouched() {
        assertTrue(filter.isLoggable(record("dev.aimengine.operator.common.reconcile.ReconcileTail", Level.WARNING,
                "apply failed", new InterruptedIOException())));
    }

    private static LogRecord record(String logger, Level level, String message, Throwable thrown) {
        LogRecord r = new LogRecord(level, message);
        r.setLoggerName(logger);
        r.setThrown(thrown);
        return r;
    }
}
