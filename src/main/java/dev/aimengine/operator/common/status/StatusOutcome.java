package dev.aimengine.operator.common.status;

import io.fabric8.kubernetes.api.model.Condition;

import java.util.List;

/**
 * What the status engine decided for one reconcile.
 *
 * @param conditions  the complete condition list to write
 * @param status      the overall status
 * @param decision    whether to apply the planned objects
 * @param transitions conditions that are new or changed status/reason (for Events)
 * @param retryReason why a retry is needed (infrastructure errors), else null
 * @param failing     types of the conditions that report a failure now (Warning events), transitioned or not
 */
public record StatusOutcome(List<Condition> conditions, AIMStatus status, Decision decision,
        List<Transition> transitions, String retryReason, List<String> failing) {

    public enum Decision {
        /** Apply the planned objects. */
        APPLY,
        /** Auth, invalid spec or a missing reference: apply nothing; a watch event will bring the next reconcile. */
        WAIT,
        /** Infrastructure or unknown errors: apply nothing and retry with backoff. */
        RETRY
    }

    /** A condition that appeared or changed status or reason; {@code warning} for failures. */
    public record Transition(Condition condition, boolean warning) {
    }

    public boolean shouldApply() {
        return decision == Decision.APPLY;
    }

    public Condition condition(String type) {
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }
}
