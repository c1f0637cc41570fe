package dev.aimengine.operator.common.reconcile;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.RejectedExecutionException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the end of a reconcile tells a lost race and a stopping operator from a real apply failure. */
class ReconcileTailTest {

    static KubernetesClientException status(int code) {
        return new KubernetesClientException("failed", code, null);
    }

    @Test
    void conflictsAreRacesNotFailures() {
        assertTrue(ReconcileTail.isConflict(status(409)));
        assertTrue(ReconcileTail.isConflict(new RuntimeException("wrapped", status(409))));
        assertTrue(ReconcileTail.isConflict(new AggregatedOperatorException("workflow",
                Map.of("template-cache", status(409), "inference-service", status(409)))));
    }

    @Test
    void anythingElseIsAFailure() {
        assertFalse(ReconcileTail.isConflict(status(500)));
        assertFalse(ReconcileTail.isConflict(status(422)));
        assertFalse(ReconcileTail.isConflict(new AggregatedOperatorException("workflow",
                Map.of("template-cache", status(409), "inference-service", status(403)))),
                "one real failure among conflicts is a failure");
        assertFalse(ReconcileTail.isConflict(new AggregatedOperatorException("workflow", Map.of())));
    }

    @Test
    void aTerminatingNamespaceIsRecognised() {
        var status = new io.fabric8.kubernetes.api.model.StatusBuilder().withCode(403).withNewDetails()
                .addNewCause().withField("metadata.namespace").withReason("NamespaceTerminating")
                .withMessage("namespace team is being terminated").endCause().endDetails().build();
        KubernetesClientException terminating = new KubernetesClientException(status);
        assertTrue(ReconcileTail.isNamespaceTerminating(terminating));
        assertTrue(ReconcileTail.isNamespaceTerminating(new AggregatedOperatorException("workflow",
                Map.of("template-cache", terminating))));
        assertFalse(ReconcileTail.isNamespaceTerminating(status(403)), "any other Forbidden is a real failure");
    }

    @Test
    void aStoppingOperatorIsRecognised() {
        assertTrue(ReconcileTail.isStopping(new RejectedExecutionException("pool shut down")));
        assertTrue(ReconcileTail.isStopping(new RuntimeException(new InterruptedException())));
        assertFalse(ReconcileTail.isStopping(status(500)));
    }
}
