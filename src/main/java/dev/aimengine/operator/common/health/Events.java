package dev.aimengine.operator.common.health;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectReference;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Small helpers over core/v1 events shared by the inspectors. */
public final class Events {

    private Events() {
    }

    /** The events whose involved object has this name and uid (a recreated object with the same name is ignored). */
    public static List<Event> about(List<Event> events, String name, String uid) {
        if (events == null) {
            return List.of();
        }
        return events.stream().filter(Objects::nonNull).filter(e -> {
            ObjectReference ref = e.getInvolvedObject();
            return ref != null && Objects.equals(ref.getName(), name) && Objects.equals(ref.getUid(), uid);
        }).toList();
    }

    /**
     * The most recent event with one of the reasons, by {@code lastTimestamp} (else {@code eventTime}, else
     * {@code firstTimestamp}); on equal times the earlier one in the list wins.
     */
    public static Optional<Event> latest(List<Event> events, Collection<String> reasons) {
        Event latest = null;
        for (Event e : events) {
            if (!reasons.contains(e.getReason())) {
                continue;
            }
            if (latest == null || time(e).isAfter(time(latest))) {
                latest = e;
            }
        }
        return Optional.ofNullable(latest);
    }

    public static Instant time(Event e) {
        String raw = e.getLastTimestamp();
        if (blank(raw) && e.getEventTime() != null) {
            raw = e.getEventTime().getTime();
        }
        if (blank(raw)) {
            raw = e.getFirstTimestamp();
        }
        if (blank(raw)) {
            return Instant.EPOCH;
        }
        try {
            return OffsetDateTime.parse(raw).toInstant();
        } catch (DateTimeParseException ex) {
            return Instant.EPOCH;
        }
    }

    public static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
