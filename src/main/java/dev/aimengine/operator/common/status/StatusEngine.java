package dev.aimengine.operator.common.status;

import dev.aimengine.operator.common.status.StatusOutcome.Decision;
import dev.aimengine.operator.common.status.StatusOutcome.Transition;
import io.fabric8.kubernetes.api.model.Condition;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

import static dev.aimengine.operator.common.status.ConditionTypes.AUTH_VALID;
import static dev.aimengine.operator.common.status.ConditionTypes.CONFIG_VALID;
import static dev.aimengine.operator.common.status.ConditionTypes.DEPENDENCIES_REACHABLE;
import static dev.aimengine.operator.common.status.ConditionTypes.READY;
import static dev.aimengine.operator.common.status.Conditions.FALSE;
import static dev.aimengine.operator.common.status.Conditions.TRUE;
import static dev.aimengine.operator.common.status.Conditions.UNKNOWN;

/**
 * The one condition/status engine of every reconciled kind: component conditions {@code XReady}, the lazy
 * parent conditions {@code DependenciesReachable}, {@code AuthValid}, {@code ConfigValid}, the overall {@code Ready}
 * condition and {@code status.status}, and whether the planned objects may be applied.
 *
 * <p>Pure: the caller passes the existing conditions, the components of this reconcile, an optional decorator for
 * domain conditions, the generation and the clock.
 *
 * <p>Unlike the original, component conditions that were not reported (nor set by the decorator) in this reconcile
 * are removed instead of lingering and still counting towards the status.
 */
public final class StatusEngine {

    /** How long infrastructure errors may last before components that were fine are shown degraded. */
    public static final Duration GRACE_PERIOD = Duration.ofSeconds(10);

    private StatusEngine() {
    }

    public static StatusOutcome evaluate(List<Condition> existing, List<Component> components, Long generation,
            Instant now) {
        return evaluate(existing, components, c -> {
        }, generation, now);
    }

    public static StatusOutcome evaluate(List<Condition> existing, List<Component> components,
            Consumer<Conditions> decorator, Long generation, Instant now) {
        Conditions conds = new Conditions(existing, now, generation);
        List<Component> reported = components.stream().filter(c -> c.name() != null && !c.name().isEmpty()).toList();
        Errors errors = Errors.of(reported);
        Set<String> warnings = new HashSet<>();

        setDependenciesReachable(conds, errors, warnings);
        boolean inGrace = errors.retriable && conds.get(DEPENDENCIES_REACHABLE)
                .filter(c -> FALSE.equals(c.getStatus()))
                .flatMap(Conditions::lastTransition)
                .map(t -> Duration.between(t, now).compareTo(GRACE_PERIOD) < 0)
                .orElse(false);
        Map<String, Component> byType = new HashMap<>();
        for (Component c : reported) {
            byType.put(c.conditionType(), c);
            setComponentCondition(conds, c, inGrace, warnings);
        }
        setAuthAndConfig(conds, errors, warnings);
        decorator.accept(conds);
        for (Condition c : conds.list()) {
            if (ConditionTypes.isComponent(c.getType()) && !conds.wasSet(c.getType())) {
                conds.remove(c.getType());
            }
        }

        AIMStatus status = deriveStatus(conds, errors, byType, warnings);
        Decision decision = errors.retriable ? Decision.RETRY
                : errors.blocking() ? Decision.WAIT : Decision.APPLY;
        List<String> failing = conds.list().stream().map(Condition::getType).filter(warnings::contains).toList();
        return new StatusOutcome(conds.list(), status, decision, transitions(existing, conds.list(), warnings),
                errors.retriable ? errors.retryReason : null, failing);
    }

    private static void setDependenciesReachable(Conditions conds, Errors errors, Set<String> warnings) {
        if (errors.retriable) {
            conds.set(DEPENDENCIES_REACHABLE, FALSE, ConditionTypes.REASON_INFRASTRUCTURE_ERROR,
                    "Cannot reach dependencies");
            warnings.add(DEPENDENCIES_REACHABLE);
        } else if (conds.isFalse(DEPENDENCIES_REACHABLE)) {
            conds.set(DEPENDENCIES_REACHABLE, TRUE, ConditionTypes.REASON_REACHABLE, "All dependencies are reachable");
        }
    }

    private static void setComponentCondition(Conditions conds, Component c, boolean inGrace, Set<String> warnings) {
        String type = c.conditionType();
        if (inGrace && c.hasInfrastructureError() && conds.get(type).isPresent()) {
            // Transient network trouble: keep what the condition said before, to avoid flapping.
            String previous = conds.get(type).get().getStatus();
            conds.set(type, TRUE.equals(previous) ? TRUE : UNKNOWN.equals(previous) ? UNKNOWN : FALSE,
                    c.effectiveReason(), c.effectiveMessage());
            return;
        }
        AIMStatus state = c.effectiveState();
        conds.set(type, state == AIMStatus.Ready, c.effectiveReason(), c.effectiveMessage());
        // a component held back by an error (even one retried, like a registry that does not answer) is a Warning:
        // its own reason and message are what a user needs to see, not only the parent conditions'. Children not
        // created yet (no pods right after the InferenceService, a Job not started) are progress, reported as such.
        boolean waitingForChildren = c.errors().stream()
                .allMatch(e -> e.category() == ErrorCategory.MISSING_DOWNSTREAM_DEPENDENCY);
        if (state.isError() || (state != AIMStatus.Ready && !c.errors().isEmpty() && !waitingForChildren)) {
            warnings.add(type);
        }
    }

    private static void setAuthAndConfig(Conditions conds, Errors errors, Set<String> warnings) {
        if (errors.auth) {
            conds.set(AUTH_VALID, FALSE, ConditionTypes.REASON_AUTH_ERROR, "Authentication or authorization failure");
            warnings.add(AUTH_VALID);
        } else if (conds.isFalse(AUTH_VALID)) {
            conds.set(AUTH_VALID, TRUE, ConditionTypes.REASON_AUTH_VALID, "Authentication is valid");
        }
        if (errors.invalidSpec) {
            conds.set(CONFIG_VALID, FALSE, ConditionTypes.REASON_INVALID_SPEC, "Configuration validation failed");
            warnings.add(CONFIG_VALID);
        } else if (errors.missingUpstream) {
            conds.set(CONFIG_VALID, FALSE, ConditionTypes.REASON_REFERENCE_NOT_FOUND, "Referenced resource not found");
            warnings.add(CONFIG_VALID);
        } else if (conds.isFalse(CONFIG_VALID)) {
            conds.set(CONFIG_VALID, TRUE, ConditionTypes.REASON_CONFIG_VALID, "Configuration is valid");
        }
    }

    private static AIMStatus deriveStatus(Conditions conds, Errors errors, Map<String, Component> byType,
            Set<String> warnings) {
        if (errors.blocking()) {
            String reason = errors.auth ? ConditionTypes.REASON_AUTH_ERROR
                    : errors.invalidSpec ? ConditionTypes.REASON_INVALID_SPEC
                            : ConditionTypes.REASON_REFERENCE_NOT_FOUND;
            String message = errors.auth ? "Authentication or authorization failure"
                    : errors.invalidSpec ? "Configuration validation failed" : "Referenced resource not found";
            conds.set(READY, FALSE, reason, message);
            warnings.add(READY);
            return AIMStatus.Failed;
        }
        AIMStatus worst = AIMStatus.Ready;
        Condition firstError = null;
        for (Condition c : conds.list()) {
            if (!ConditionTypes.isComponent(c.getType())) {
                continue;
            }
            AIMStatus s = componentStatus(c, byType.get(c.getType()));
            worst = AIMStatus.worst(worst, s);
            if (firstError == null && s.isError()) {
                firstError = c;
            }
        }
        if (worst == AIMStatus.Ready) {
            conds.set(READY, TRUE, ConditionTypes.REASON_ALL_COMPONENTS_READY, "All components are ready");
        } else if (firstError != null) {
            String name = firstError.getType().substring(0, firstError.getType().length() - "Ready".length());
            conds.set(READY, FALSE, firstError.getReason(),
                    "Component " + name + " is not ready: " + firstError.getMessage());
            warnings.add(READY);
        } else if (errors.retriable) {
            conds.set(READY, FALSE, ConditionTypes.REASON_INFRASTRUCTURE_ERROR, "Infrastructure error - waiting for retry");
            warnings.add(READY);
        } else {
            conds.set(READY, FALSE, ConditionTypes.REASON_PROGRESSING, "Waiting for components to become ready");
        }
        return errors.retriable && worst != AIMStatus.Ready ? AIMStatus.Degraded : worst;
    }

    /** A component condition as a status: its reported error/Pending state when not ready, else by dependency type. */
    private static AIMStatus componentStatus(Condition c, Component reported) {
        if (TRUE.equals(c.getStatus())) {
            return AIMStatus.Ready;
        }
        if (reported != null) {
            AIMStatus state = reported.effectiveState();
            if (state.isError() || state == AIMStatus.Pending) {
                return state;
            }
            return reported.dependency() == DependencyType.UPSTREAM ? AIMStatus.Pending : AIMStatus.Progressing;
        }
        return AIMStatus.Progressing;
    }

    private static List<Transition> transitions(List<Condition> before, List<Condition> after, Set<String> warnings) {
        Map<String, Condition> old = new HashMap<>();
        if (before != null) {
            before.forEach(c -> old.put(c.getType(), c));
        }
        List<Transition> out = new ArrayList<>();
        for (Condition c : after) {
            Condition o = old.get(c.getType());
            if (o == null || !Objects.equals(o.getStatus(), c.getStatus()) || !Objects.equals(o.getReason(), c.getReason())) {
                out.add(new Transition(c, warnings.contains(c.getType())));
            }
        }
        return out;
    }

    /** The error categories present among the reported components. */
    private record Errors(boolean retriable, boolean auth, boolean invalidSpec, boolean missingUpstream,
            String retryReason) {

        static Errors of(List<Component> components) {
            boolean retriable = false, auth = false, invalid = false, missing = false;
            String retryReason = null;
            for (Component c : components) {
                for (ComponentError e : c.errors()) {
                    switch (e.category()) {
                        case INFRASTRUCTURE, UNKNOWN -> {
                            retriable = true;
                            if (retryReason == null) {
                                retryReason = c.name() + ": " + e.message();
                            }
                        }
                        case AUTH -> auth = true;
                        case INVALID_SPEC -> invalid = true;
                        case MISSING_UPSTREAM_DEPENDENCY -> missing = true;
                        default -> {
                        }
                    }
                }
            }
            return new Errors(retriable, auth, invalid, missing, retryReason);
        }

        boolean blocking() {
            return auth || invalidSpec || missingUpstream;
        }
    }
}
