package dev.aimengine.operator.common.status;

import java.util.ArrayList;
import java.util.List;

/**
 * The health of one part of a resource, reported by a controller each reconcile. The engine turns a component named
 * {@code X} into the condition {@code XReady}.
 *
 * @param name       component name without the "Ready" suffix, e.g. {@code Model}
 * @param state      explicit state, or null to derive it from the errors
 * @param reason     condition reason, or null to take it from the first error
 * @param message    condition message, or null to take it from the first error
 * @param errors     categorised errors
 * @param dependency upstream/downstream, deciding Pending vs Progressing when not ready
 */
public record Component(String name, AIMStatus state, String reason, String message, List<ComponentError> errors,
        DependencyType dependency) {

    public Component {
        errors = errors == null ? List.of() : List.copyOf(errors);
        dependency = dependency == null ? DependencyType.UNSPECIFIED : dependency;
    }

    public static Component ready(String name, String reason, String message) {
        return new Component(name, AIMStatus.Ready, reason, message, List.of(), DependencyType.UNSPECIFIED);
    }

    public static Component of(String name, AIMStatus state, String reason, String message) {
        return new Component(name, state, reason, message, List.of(), DependencyType.UNSPECIFIED);
    }

    /** A component whose state and reason come from an error. */
    public static Component failing(String name, ComponentError error) {
        return new Component(name, null, null, null, List.of(error), DependencyType.UNSPECIFIED);
    }

    public Component upstream() {
        return new Component(name, state, reason, message, errors, DependencyType.UPSTREAM);
    }

    public Component downstream() {
        return new Component(name, state, reason, message, errors, DependencyType.DOWNSTREAM);
    }

    public Component withError(ComponentError error) {
        List<ComponentError> all = new ArrayList<>(errors);
        all.add(error);
        return new Component(name, state, reason, message, all, dependency);
    }

    public String conditionType() {
        return name + "Ready";
    }

    /** The explicit state, else derived from the errors. */
    public AIMStatus effectiveState() {
        if (state != null) {
            return state;
        }
        if (errors.isEmpty()) {
            return AIMStatus.Ready;
        }
        if (errors.stream().anyMatch(e -> e.category() == ErrorCategory.AUTH
                || e.category() == ErrorCategory.INVALID_SPEC || e.category() == ErrorCategory.RESOURCE_EXHAUSTION)) {
            return AIMStatus.Failed;
        }
        if (errors.stream().anyMatch(e -> e.category() == ErrorCategory.MISSING_UPSTREAM_DEPENDENCY
                || e.category() == ErrorCategory.INFRASTRUCTURE)) {
            return AIMStatus.Degraded;
        }
        return AIMStatus.Progressing;
    }

    public String effectiveReason() {
        if (reason != null && !reason.isEmpty()) {
            return reason;
        }
        return errors.isEmpty() ? "Ready" : errors.get(0).reason();
    }

    public String effectiveMessage() {
        if (message != null && !message.isEmpty()) {
            return message;
        }
        return errors.isEmpty() ? "" : errors.get(0).message();
    }

    public boolean hasInfrastructureError() {
        return errors.stream().anyMatch(e -> e.category() == ErrorCategory.INFRASTRUCTURE);
    }
}
