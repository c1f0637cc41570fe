package dev.aimengine.operator.service;

import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.api.v1alpha1.AIMServiceStatus;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A service that is not Running is looked at again less and less often the longer its state lasts. */
class RecheckTest {
    static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    static AIMService since(Duration age) {
        AIMService s = new AIMService();
        s.setStatus(new AIMServiceStatus());
        s.getStatus().conditions = List.of(new ConditionBuilder().withType("Ready").withStatus("False")
                .withReason("Progressing").withMessage("m").withLastTransitionTime(NOW.minus(age).toString()).build());
        return s;
    }

    @Test
    void fromFifteenSecondsToTenMinutes() {
        AIMService fresh = new AIMService();
        fresh.setStatus(new AIMServiceStatus());
        assertEquals(Duration.ofSeconds(15), AIMServiceReconciler.recheckAfter(fresh, NOW), "a new service");
        assertEquals(Duration.ofSeconds(15), AIMServiceReconciler.recheckAfter(since(Duration.ofSeconds(3)), NOW));
        assertEquals(Duration.ofSeconds(90), AIMServiceReconciler.recheckAfter(since(Duration.ofSeconds(90)), NOW));
        assertEquals(Duration.ofMinutes(10), AIMServiceReconciler.recheckAfter(since(Duration.ofHours(5)), NOW));
    }
}
