package dev.aimengine.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.ValidationRule;

/** GPU and/or CPU requirements of a template or custom model. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.gpu) || has(self.cpu)", message = "at least one of gpu or cpu must be specified")
public class AIMHardwareRequirements {
    public AIMGpuRequirements gpu;
    public AIMCpuRequirements cpu;

    public AIMHardwareRequirements() {
    }

    public AIMHardwareRequirements(AIMGpuRequirements gpu, AIMCpuRequirements cpu) {
        this.gpu = gpu;
        this.cpu = cpu;
    }
}
