package dev.aimengine.operator.common.reconcile;

import dev.aimengine.operator.common.status.AIMStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The objects a reconcile wants to exist (spec §0.3 step 5): applied with the reconciled object as controlling owner
 * ({@link #own}) or without an owner ({@link #add}), plus an optional requeue.
 */
public final class Plan {
    private final List<HasMetadata> owned = new ArrayList<>();
    private final List<HasMetadata> unowned = new ArrayList<>();
    private Duration requeueAfter;
    private AIMStatus requeueOnlyWhile;

    public Plan own(HasMetadata object) {
        owned.add(object);
        return this;
    }

    public Plan add(HasMetadata object) {
        unowned.add(object);
        return this;
    }

    public Plan requeueAfter(Duration delay) {
        if (delay != null && (requeueAfter == null || delay.compareTo(requeueAfter) < 0)) {
            requeueAfter = delay;
        }
        return this;
    }

    /** Look again after {@code delay}, but only if the reconcile ends in {@code status} (e.g. while Progressing). */
    public Plan requeueWhile(AIMStatus status, Duration delay) {
        requeueAfter(delay);
        requeueOnlyWhile = status;
        return this;
    }

    /** The requeue delay for a reconcile that ended in {@code status}, or null. */
    public Duration requeueFor(AIMStatus status) {
        return requeueOnlyWhile == null || requeueOnlyWhile == status ? requeueAfter : null;
    }

    public List<HasMetadata> owned() {
        return owned;
    }

    public List<HasMetadata> unowned() {
        return unowned;
    }

    public Duration requeueAfter() {
        return requeueAfter;
    }

    public boolean isEmpty() {
        return owned.isEmpty() && unowned.isEmpty();
    }
}
