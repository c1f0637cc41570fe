package dev.aimengine.operator.api.v1alpha1;

import io.fabric8.kubernetes.api.model.Condition;

import java.util.List;

/**
 * Status fields every reconciled kind shares. {@code status.status} itself is declared by each kind because its
 * allowed values differ; the engine reaches it through {@link #statusValue()}.
 */
public abstract class AIMConditionedStatus {
    public Long observedGeneration;
    public List<Condition> conditions;

    public abstract String statusValue();

    public abstract void statusValue(String value);
}
