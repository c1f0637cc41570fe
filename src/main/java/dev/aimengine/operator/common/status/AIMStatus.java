package dev.aimengine.operator.common.status;

import java.util.Arrays;

/**
 * The status values the engine reasons with, ordered by priority for "worst/best" comparisons. Kinds write a subset
 * of them into {@code status.status} (AIMService maps Progressing → Starting and Ready → Running).
 */
public enum AIMStatus {
    Running(7),
    Ready(6),
    Progressing(5),
    Starting(4),
    Pending(3),
    Degraded(2),
    NotAvailable(1),
    Failed(0);

    private final int priority;

    AIMStatus(int priority) {
        this.priority = priority;
    }

    public int priority() {
        return priority;
    }

    /** Failed, Degraded and NotAvailable are errors; Pending/Progressing are normal waiting. */
    public boolean isError() {
        return this == Failed || this == Degraded || this == NotAvailable;
    }

    public boolean isReady() {
        return this == Ready || this == Running;
    }

    /**
     * A status string as written by anyone (including hand-written statuses). Empty is Pending: the object's
     * controller has not written a status yet (an object created a moment ago), which is waiting, not failure. An
     * unknown value is Failed.
     */
    public static AIMStatus parse(String value) {
        if (value == null || value.isEmpty()) {
            return Pending;
        }
        return Arrays.stream(values()).filter(s -> s.name().equals(value)).findFirst().orElse(Failed);
    }

    /** The lower-priority (worse) of the two. */
    public static AIMStatus worst(AIMStatus a, AIMStatus b) {
        return a.priority <= b.priority ? a : b;
    }
}
