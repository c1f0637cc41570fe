package dev.aimengine.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;

import java.util.List;

/** Runtime configs are read, not reconciled: their status stays empty (kept for API compatibility). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AIMRuntimeConfigStatus {
    public Long observedGeneration;
    public List<Condition> conditions;
}
