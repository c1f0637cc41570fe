package dev.aimengine.operator.common.reconcile;

import dev.aimengine.operator.api.v1alpha1.AIMRuntimeConfigCommon;
import dev.aimengine.operator.common.status.AIMStatus;
import dev.aimengine.operator.common.status.Component;
import dev.aimengine.operator.common.status.Conditions;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * What one reconcile decided, the same shape for every kind: the components whose health becomes conditions, any
 * further conditions, the status fields to write, the objects that should exist (owned by the reconciled object or
 * not) and those to remove, the labels children inherit, and when to look again.
 *
 * <p>A planner fills it without touching the cluster; the apply stage ({@link ReconcileTail}) turns it into
 * conditions, status, applied objects and Events.
 *
 * @param <S> the status type of the reconciled kind
 */
public final class Decision<S> {
    private final List<Component> components = new ArrayList<>();
    private Consumer<Conditions> conditions = c -> {
    };
    private S status;
    private final List<HasMetadata> owned = new ArrayList<>();
    private final List<HasMetadata> unowned = new ArrayList<>();
    private final List<HasMetadata> removals = new ArrayList<>();
    private AIMRuntimeConfigCommon.LabelPropagation labelPropagation;
    private Duration requeueAfter;
    private AIMStatus requeueOnlyWhile;

    public static <S> Decision<S> of(S status) {
        Decision<S> d = new Decision<>();
        d.status = status;
        return d;
    }

    /** A component's health this reconcile (condition {@code <name>Ready}). */
    public Decision<S> component(Component component) {
        components.add(component);
        return this;
    }

    /** Conditions beyond the components' (informational ones that do not count towards Ready). */
    public Decision<S> conditions(Consumer<Conditions> decorator) {
        Consumer<Conditions> before = this.conditions;
        this.conditions = c -> {
            before.accept(c);
            decorator.accept(c);
        };
        return this;
    }

    /** An object to apply with the reconciled object as its controlling owner (garbage-collected with it). */
    public Decision<S> own(HasMetadata object) {
        if (object != null) {
            owned.add(object);
        }
        return this;
    }

    /** An object to apply without an owner (it outlives the reconciled object). */
    public Decision<S> add(HasMetadata object) {
        if (object != null) {
            unowned.add(object);
        }
        return this;
    }

    /** An object to delete when the decision is applied. */
    public Decision<S> remove(HasMetadata object) {
        if (object != null) {
            removals.add(object);
        }
        return this;
    }

    /** Which labels of the reconciled object its children inherit (the runtime config's label propagation). */
    public Decision<S> labelPropagation(AIMRuntimeConfigCommon.LabelPropagation propagation) {
        this.labelPropagation = propagation;
        return this;
    }

    /** Look again after {@code delay} (the shortest of several requests wins). */
    public Decision<S> requeueAfter(Duration delay) {
        if (delay != null && (requeueAfter == null || delay.compareTo(requeueAfter) < 0)) {
            requeueAfter = delay;
        }
        return this;
    }

    /** Look again after {@code delay}, but only if the reconcile ends in {@code status} (e.g. while Progressing). */
    public Decision<S> requeueWhile(AIMStatus status, Duration delay) {
        requeueAfter(delay);
        requeueOnlyWhile = status;
        return this;
    }

    public List<Component> components() {
        return Collections.unmodifiableList(components);
    }

    public Consumer<Conditions> conditions() {
        return conditions;
    }

    public S status() {
        return status;
    }

    public List<HasMetadata> owned() {
        return Collections.unmodifiableList(owned);
    }

    public List<HasMetadata> unowned() {
        return Collections.unmodifiableList(unowned);
    }

    public List<HasMetadata> removals() {
        return Collections.unmodifiableList(removals);
    }

    /** Every object to apply, owned first. */
    public List<HasMetadata> objects() {
        List<HasMetadata> all = new ArrayList<>(owned);
        all.addAll(unowned);
        return all;
    }

    public AIMRuntimeConfigCommon.LabelPropagation labelPropagation() {
        return labelPropagation;
    }

    /** The requeue delay for a reconcile that ended in {@code status}, or null. */
    public Duration requeueFor(AIMStatus status) {
        return requeueOnlyWhile == null || requeueOnlyWhile == status ? requeueAfter : null;
    }
}
