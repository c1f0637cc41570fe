package dev.aimengine.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Profile parameters shared by templates (inlined in their spec) and by {@code AIMService.spec.overrides}.
 * Each is immutable once set.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AIMRuntimeParameters {
    @SchemaFrom(type = AIMMetric.class)
    @ValidationRule(value = "self == oldSelf", message = "metric is immutable")
    public String metric;

    @SchemaFrom(type = AIMPrecision.class)
    @ValidationRule(value = "self == oldSelf", message = "precision is immutable")
    public String precision;

    @ValidationRule(value = "self == oldSelf", message = "hardware is immutable")
    public AIMHardwareRequirements hardware;
}
