package dev.aimengine.operator.common.health;

import dev.aimengine.operator.common.status.AIMStatus;
import dev.aimengine.operator.common.status.Component;
import dev.aimengine.operator.common.status.ErrorCategory;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** YAML fixtures and assertions shared by the inspector tests. */
public final class Fixtures {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Fixtures() {
    }

    public static <T> T yaml(String yaml, Class<T> type) {
        return SERIALIZATION.unmarshal(yaml, type);
    }

    public static Event event(String name, String uid, String type, String reason, String message, String lastTimestamp) {
        return yaml("""
                apiVersion: v1
                kind: Event
                metadata: {name: %s.%s, namespace: ns}
                involvedObject: {name: %s, uid: %s, namespace: ns}
                type: %s
                reason: %s
                message: "%s"
                lastTimestamp: "%s"
                """.formatted(name, reason.toLowerCase(), name, uid, type, reason, message, lastTimestamp),
                Event.class);
    }

    /** A component with an explicit state and no errors. */
    public static void assertState(Component c, String name, AIMStatus state, String reason, String message) {
        assertAll(
                () -> assertEquals(name, c.name(), "name"),
                () -> assertEquals(state, c.state(), "state"),
                () -> assertEquals(reason, c.effectiveReason(), "reason"),
                () -> assertEquals(message, c.effectiveMessage(), "message"),
                () -> assertTrue(c.errors().isEmpty(), "no errors"));
    }

    /** A component whose state derives from exactly one categorised error. */
    public static void assertError(Component c, String name, ErrorCategory category, AIMStatus derived, String reason,
            String message) {
        assertAll(
                () -> assertEquals(name, c.name(), "name"),
                () -> assertEquals(null, c.state(), "state derived from errors"),
                () -> assertEquals(1, c.errors().size(), "one error"),
                () -> assertEquals(category, c.errors().get(0).category(), "category"),
                () -> assertEquals(reason, c.errors().get(0).reason(), "error reason"),
                () -> assertEquals(message, c.errors().get(0).message(), "error message"),
                () -> assertEquals(derived, c.effectiveState(), "derived state"),
                () -> assertEquals(reason, c.effectiveReason(), "condition reason"),
                () -> assertEquals(message, c.effectiveMessage(), "condition message"));
    }
}
