package dev.aimengine.operator.common.health;

import io.fabric8.kubernetes.api.model.Event;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which event counts as the latest one. */
class EventsTest {

    static Event withTimes(String message, String times) {
        return Fixtures.yaml("""
                apiVersion: v1
                kind: Event
                metadata: {name: e, namespace: ns}
                involvedObject: {name: p, uid: u}
                reason: FailedScheduling
                message: %s
                %s
                """.formatted(message, times), Event.class);
    }

    @Test
    void eventTimeWhenLastTimestampIsMissing() {
        List<Event> events = List.of(
                withTimes("a", "lastTimestamp: \"2025-01-01T00:00:05Z\""),
                withTimes("b", "eventTime: \"2025-01-01T00:00:06.123456Z\""),
                withTimes("c", "firstTimestamp: \"2025-01-01T00:00:04Z\""));
        assertEquals("b", Events.latest(events, List.of("FailedScheduling")).orElseThrow().getMessage());
    }

    @Test
    void onEqualTimesTheFirstWins() {
        List<Event> events = List.of(withTimes("a", ""), withTimes("b", ""));
        assertEquals("a", Events.latest(events, List.of("FailedScheduling")).orElseThrow().getMessage());
    }

    @Test
    void otherReasonsAreIgnored() {
        assertTrue(Events.latest(List.of(withTimes("a", "")), List.of("Pulling")).isEmpty());
    }
}
