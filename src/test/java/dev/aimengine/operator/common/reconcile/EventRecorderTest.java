package dev.aimengine.operator.common.reconcile;

import dev.aimengine.operator.api.v1alpha1.AIMService;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Failures are recorded again as Events once per reminder interval while they last, and only then. */
@EnableKubernetesMockClient(crud = true)
class EventRecorderTest {
    static final Duration INTERVAL = Duration.ofMinutes(10);

    KubernetesClient client;
    MutableClock clock;
    EventRecorder recorder;
    AIMService svc;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        recorder = new EventRecorder(client, "service", clock, INTERVAL);
        svc = new AIMService();
        svc.getMetadata().setName("chat");
        svc.getMetadata().setNamespace("team");
        svc.getMetadata().setUid(UUID.randomUUID().toString());
    }

    @Test
    void aLastingFailureBumpsItsEventOncePerInterval() {
        Condition failing = condition("ModelReady", "False", "ModelNotFound");
        recorder.transition(svc, failing, true, "model missing");
        assertEquals(List.of(1), counts());

        clock.advance(Duration.ofMinutes(9));
        recorder.remind(svc, failing, "model missing");
        assertEquals(List.of(1), counts(), "not yet due");

        clock.advance(Duration.ofMinutes(1));
        recorder.remind(svc, failing, "model missing");
        assertEquals(List.of(2), counts(), "the same Event, counted again");
        assertEquals("2026-01-01T00:10:00Z", events().get(0).getLastTimestamp());

        recorder.remind(svc, failing, "model missing");
        assertEquals(List.of(2), counts(), "once per interval, not once per reconcile");
    }

    @Test
    void anExpiredEventIsRecordedAfresh() {
        Condition failing = condition("ModelReady", "False", "ModelNotFound");
        recorder.transition(svc, failing, true, "model missing");
        client.v1().events().inNamespace("team").delete();
        clock.advance(INTERVAL);
        recorder.remind(svc, failing, "model missing");
        assertEquals(List.of(1), counts());
    }

    @Test
    void aFailureFirstSeenByThisProcessIsRemindedOneIntervalLater() {
        Condition failing = condition("ModelReady", "False", "ModelNotFound");
        recorder.remind(svc, failing, "model missing");
        assertEquals(List.of(), counts(), "no burst of events when an operator restarts among failing objects");
        clock.advance(INTERVAL);
        recorder.remind(svc, failing, "model missing");
        assertEquals(List.of(1), counts());
    }

    @Test
    void aRecoveredConditionIsForgotten() {
        Condition failing = condition("ModelReady", "False", "ModelNotFound");
        recorder.transition(svc, failing, true, "model missing");
        recorder.forgetOthers(svc, List.of());
        clock.advance(INTERVAL);
        recorder.remind(svc, failing, "model missing");
        assertEquals(List.of(1), counts(), "the failure is new to the recorder again: reminded an interval later");
    }

    private List<Event> events() {
        return client.v1().events().inNamespace("team").list().getItems();
    }

    private List<Integer> counts() {
        return events().stream().map(Event::getCount).toList();
    }

    private static Condition condition(String type, String status, String reason) {
        return new ConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage("m").build();
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
