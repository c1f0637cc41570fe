package dev.aimengine.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Quantity;

/** CPU requirements of a CPU-only (or mixed) template. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AIMCpuRequirements {
    @Required
    public Quantity requests;
    public Quantity limits;

    public AIMCpuRequirements() {
    }

    public AIMCpuRequirements(Quantity requests, Quantity limits) {
        this.requests = requests;
        this.limits = limits;
    }
}
