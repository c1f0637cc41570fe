package dev.aimengine.operator.common;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A working copy of a status' condition list (metav1.Condition shape). {@code lastTransitionTime} moves only when a
 * condition's status or reason changes; every condition written carries the observed generation.
 */
public final class Conditions {
    public static final String TRUE = "True";
    public static final String FALSE = "False";
    public static final String UNKNOWN = "Unknown";

    private final List<Condition> conditions = new ArrayList<>();
    private final Set<String> touched = new HashSet<>();
    private final Instant now;
    private final Long generation;

    public Conditions(List<Condition> existing, Instant now, Long generation) {
        if (existing != null) {
            existing.forEach(c -> conditions.add(new ConditionBuilder(c).build()));
        }
        this.now = now;
        this.generation = generation;
    }

    public Optional<Condition> get(String type) {
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    public boolean isTrue(String type) {
        return get(type).map(c -> TRUE.equals(c.getStatus())).orElse(false);
    }

    public boolean isFalse(String type) {
        return get(type).map(c -> FALSE.equals(c.getStatus())).orElse(false);
    }

    public void set(String type, boolean status, String reason, String message) {
        set(type, status ? TRUE : FALSE, reason, message);
    }

    public void set(String type, String status, String reason, String message) {
        touched.add(type);
        String why = reason == null || reason.isEmpty() ? "Unknown" : reason;
        Condition next = new ConditionBuilder()
                .withType(type)
                .withStatus(status)
                .withReason(why)
                // never empty: API servers before 1.22 turn "" in a server-side apply into null, which the schema rejects
                .withMessage(message == null || message.isEmpty() ? why : message)
                .withObservedGeneration(generation)
                .withLastTransitionTime(timestamp(now))
                .build();
        for (int i = 0; i < conditions.size(); i++) {
            Condition old = conditions.get(i);
            if (type.equals(old.getType())) {
                if (status.equals(old.getStatus()) && next.getReason().equals(old.getReason())
                        && old.getLastTransitionTime() != null) {
                    next.setLastTransitionTime(old.getLastTransitionTime());
                }
                conditions.set(i, next);
                return;
            }
        }
        conditions.add(next);
    }

    public void remove(String type) {
        conditions.removeIf(c -> type.equals(c.getType()));
    }

    /** Whether {@link #set} was called for this type on this working copy. */
    public boolean wasSet(String type) {
        return touched.contains(type);
    }

    public List<Condition> list() {
        return List.copyOf(conditions);
    }

    public Instant now() {
        return now;
    }

    /** RFC 3339 with seconds, as Kubernetes writes it. */
    public static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    public static Optional<Instant> lastTransition(Condition c) {
        try {
            return Optional.ofNullable(c.getLastTransitionTime()).map(Instant::parse);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
