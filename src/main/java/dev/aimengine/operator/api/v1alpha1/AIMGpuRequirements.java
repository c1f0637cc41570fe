package dev.aimengine.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Quantity;

/** GPU requirements: a count and either a GPU model or a minimum VRAM. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!(has(self.model) && size(self.model) > 0 && has(self.minVram))",
        message = "model and minVram are mutually exclusive; specify either a specific GPU model OR a minimum VRAM requirement, not both")
public class AIMGpuRequirements {
    public static final String DEFAULT_RESOURCE_NAME = "amd.com/gpu";

    /** Number of GPUs; 0 targets GPU nodes without consuming GPUs. */
    @Min(0)
    public Integer requests;

    /** GPU model, e.g. MI300X. */
    @Size(max = 64)
    public String model;

    public Quantity minVram;

    @Default(DEFAULT_RESOURCE_NAME)
    public String resourceName;

    public AIMGpuRequirements() {
    }

    public AIMGpuRequirements(Integer requests, String model) {
        this.requests = requests;
        this.model = model;
    }

    public int requestsOrZero() {
        return requests == null ? 0 : requests;
    }

    public String resourceNameOrDefault() {
        return resourceName == null || resourceName.isBlank() ? DEFAULT_RESOURCE_NAME : resourceName;
    }
}
