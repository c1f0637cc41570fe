package dev.aimengine.operator.common.reconcile;

import dev.aimengine.operator.common.status.AIMStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class DecisionTest {

    @Test
    void theShortestRequeueWins() {
        Decision<Object> plan = new Decision<>().requeueAfter(Duration.ofSeconds(30)).requeueAfter(Duration.ofSeconds(10))
                .requeueAfter((Duration) null);
        assertEquals(Duration.ofSeconds(10), plan.requeueFor(AIMStatus.Failed));
    }

    @Test
    void aConditionalRequeueOnlyAppliesInItsStatus() {
        // an artifact is looked at again every 10 s while it downloads, not once it failed or waits for a volume
        Decision<Object> plan = new Decision<>().requeueWhile(AIMStatus.Progressing, Duration.ofSeconds(10));
        assertEquals(Duration.ofSeconds(10), plan.requeueFor(AIMStatus.Progressing));
        assertNull(plan.requeueFor(AIMStatus.Failed));
        assertNull(plan.requeueFor(AIMStatus.Pending));
    }
}
