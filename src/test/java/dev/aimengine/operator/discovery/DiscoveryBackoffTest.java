package dev.aimengine.operator.discovery;

import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplateStatus.DiscoveryState;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Failed discovery backs off 60 s × 2^(n−1), at most an hour, and starts afresh when the spec changes. */
class DiscoveryBackoffTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static Job failedAt(Instant at) {
        return new JobBuilder().withNewMetadata().withName("discover-t-1").endMetadata().withNewStatus()
                .addNewCondition().withType("Failed").withStatus("True").withReason("BackoffLimitExceeded")
                .withMessage("Job has reached the specified backoff limit").withLastTransitionTime(at.toString())
                .endCondition().endStatus().build();
    }

    @Test
    void delaysDoubleUpToAnHour() {
        assertEquals(Duration.ofSeconds(60), DiscoveryBackoff.delay(1));
        assertEquals(Duration.ofSeconds(120), DiscoveryBackoff.delay(2));
        assertEquals(Duration.ofSeconds(960), DiscoveryBackoff.delay(5));
        assertEquals(Duration.ofHours(1), DiscoveryBackoff.delay(7));
        assertEquals(Duration.ofHours(1), DiscoveryBackoff.delay(40));
    }

    @Test
    void eachFailedJobCountsOnce() {
        DiscoveryState s = DiscoveryBackoff.record(null, "h1", failedAt(T0), T0.plusSeconds(1));
        assertEquals(1, s.attempts);
        assertEquals("Job has reached the specified backoff limit", s.lastFailureReason);
        s = DiscoveryBackoff.record(s, "h1", failedAt(T0), T0.plusSeconds(30));
        assertEquals(1, s.attempts, "the same failed Job seen again is not another attempt");
        assertEquals(Duration.ofSeconds(30), DiscoveryBackoff.remaining(s, T0.plusSeconds(30)));
        s = DiscoveryBackoff.record(s, "h1", failedAt(T0.plusSeconds(200)), T0.plusSeconds(201));
        assertEquals(2, s.attempts);
        assertEquals(Duration.ofSeconds(119), DiscoveryBackoff.remaining(s, T0.plusSeconds(201)));
    }

    @Test
    void aSpecChangeStartsAfresh() {
        DiscoveryState s = DiscoveryBackoff.record(null, "h1", failedAt(T0), T0);
        s = DiscoveryBackoff.record(s, "h2", null, T0.plusSeconds(5));
        assertEquals(0, s.attempts);
        assertEquals("h2", s.specHash);
        assertEquals(Duration.ZERO, DiscoveryBackoff.remaining(s, T0.plusSeconds(5)));
    }
}
