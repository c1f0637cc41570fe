package dev.aimengine.operator.common.reconcile;

import dev.aimengine.operator.common.labels.Labels;
import dev.aimengine.operator.common.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Kubernetes Events for an AIM object (core/v1, so {@code kubectl describe} and {@code kubectl get events} show
 * them). Failing to record an event is logged and never fails a reconcile.
 *
 * <p>Kubernetes expires Events after an hour, so a failure that lasts a day would leave nothing to see. While a
 * condition keeps failing, {@link #remind} bumps the Event of its last transition (count and lastTimestamp, as
 * {@code kubectl describe} shows "x3 over 30m") once per reminder interval, or records it afresh when it has
 * expired. Only failures are repeated; nothing is emitted on every reconcile.
 */
public final class EventRecorder {
    private static final Logger LOG = Logger.getLogger(EventRecorder.class);
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final String INSTANCE = System.getenv().getOrDefault("POD_NAME",
            System.getenv().getOrDefault("HOSTNAME", "aim-engine"));
    /** Objects remembered beyond this many are forgotten (objects deleted while failing are never reconciled again). */
    private static final int MAX_REMEMBERED = 20_000;

    private final KubernetesClient client;
    private final String component;
    private final Clock clock;
    private final Duration reminderInterval;
    /** The Warning last recorded for each failing condition: object UID → condition type → event. */
    private final Map<String, Map<String, Recorded>> failing = new ConcurrentHashMap<>();

    private record Recorded(String name, String namespace, String reason, int count, Instant at) {
    }

    public EventRecorder(KubernetesClient client, String controller, Clock clock, Duration reminderInterval) {
        this.client = client;
        this.component = Labels.controllerManager(controller);
        this.clock = clock;
        this.reminderInterval = reminderInterval;
    }

    public Duration reminderInterval() {
        return reminderInterval;
    }

    public void normal(HasMetadata object, String reason, String message) {
        record(object, "Normal", reason, message);
    }

    public void warning(HasMetadata object, String reason, String message) {
        record(object, "Warning", reason, message);
    }

    public void record(HasMetadata object, String type, String reason, String message) {
        create(object, type, reason, message);
    }

    /** An Event for a condition transition; a failing condition is remembered for {@link #remind}. */
    public void transition(HasMetadata object, Condition condition, boolean warning, String message) {
        Event created = create(object, warning ? "Warning" : "Normal", condition.getReason(), message);
        if (warning && created != null) {
            remember(object, condition.getType(), new Recorded(created.getMetadata().getName(),
                    created.getMetadata().getNamespace(), condition.getReason(), 1, clock.instant()));
        }
    }

    /**
     * A condition that is still failing: its Warning is repeated once the reminder interval has passed since it
     * was last recorded (or since this process first saw the failure, e.g. after a restart).
     */
    public void remind(HasMetadata object, Condition condition, String message) {
        Map<String, Recorded> recorded = failing.get(object.getMetadata().getUid());
        Recorded last = recorded == null ? null : recorded.get(condition.getType());
        Instant now = clock.instant();
        if (last == null) {
            // a failure this process has not recorded (it started after the transition): remind one interval on,
            // rather than all at once when an operator restarts among many failing objects
            remember(object, condition.getType(), new Recorded(null, null, condition.getReason(), 0, now));
            return;
        }
        if (last.reason().equals(condition.getReason())
                && Duration.between(last.at(), now).compareTo(reminderInterval) < 0) {
            return;
        }
        if (last.name() != null && last.reason().equals(condition.getReason()) && bump(last, now)) {
            remember(object, condition.getType(),
                    new Recorded(last.name(), last.namespace(), last.reason(), last.count() + 1, now));
            return;
        }
        Event created = create(object, "Warning", condition.getReason(), message);
        if (created != null) {
            remember(object, condition.getType(), new Recorded(created.getMetadata().getName(),
                    created.getMetadata().getNamespace(), condition.getReason(), 1, now));
        }
    }

    /** Forgets the failures of {@code object} other than {@code stillFailing} (they recovered or went away). */
    public void forgetOthers(HasMetadata object, Collection<String> stillFailing) {
        failing.computeIfPresent(object.getMetadata().getUid(), (uid, recorded) -> {
            recorded.keySet().retainAll(stillFailing);
            return recorded.isEmpty() ? null : recorded;
        });
    }

    private boolean bump(Recorded last, Instant now) {
        try {
            Event event = client.v1().events().inNamespace(last.namespace()).withName(last.name()).get();
            if (event == null) {
                return false;
            }
            event.setCount(last.count() + 1);
            event.setLastTimestamp(Conditions.timestamp(now));
            client.v1().events().inNamespace(last.namespace()).resource(event).update();
            return true;
        } catch (KubernetesClientException e) {
            LOG.debugf("cannot update event %s/%s: %s", last.namespace(), last.name(), e.getMessage());
            return false;
        }
    }

    private void remember(HasMetadata object, String conditionType, Recorded recorded) {
        String uid = object.getMetadata().getUid();
        if (failing.size() >= MAX_REMEMBERED && !failing.containsKey(uid)) {
            failing.clear();
        }
        failing.computeIfAbsent(uid, u -> new ConcurrentHashMap<>()).put(conditionType, recorded);
    }

    private Event create(HasMetadata object, String type, String reason, String message) {
        String ns = object.getMetadata().getNamespace();
        String eventNamespace = ns == null || ns.isEmpty() ? "default" : ns;
        String now = Conditions.timestamp(clock.instant());
        String name = object.getMetadata().getName() + "." + Long.toHexString(System.currentTimeMillis())
                + Long.toHexString(SEQUENCE.incrementAndGet()).toLowerCase(Locale.ROOT);
        try {
            return client.v1().events().inNamespace(eventNamespace).resource(new EventBuilder()
                    .withNewMetadata().withName(name).withNamespace(eventNamespace).endMetadata()
                    .withInvolvedObject(new ObjectReferenceBuilder()
                            .withApiVersion(object.getApiVersion())
                            .withKind(object.getKind())
                            .withName(object.getMetadata().getName())
                            .withNamespace(ns)
                            .withUid(object.getMetadata().getUid())
                            .build())
                    .withType(type)
                    .withReason(reason)
                    .withMessage(message == null ? "" : truncate(message))
                    .withNewSource().withComponent(component).endSource()
                    .withReportingComponent(component)
                    .withReportingInstance(INSTANCE)
                    .withFirstTimestamp(now)
                    .withLastTimestamp(now)
                    .withCount(1)
                    .build()).create();
        } catch (RuntimeException e) {
            LOG.debugf(e, "could not record event %s for %s/%s", reason, ns, object.getMetadata().getName());
            return null;
        }
    }

    private static String truncate(String message) {
        return message.length() <= 1024 ? message : message.substring(0, 1021) + "...";
    }
}
