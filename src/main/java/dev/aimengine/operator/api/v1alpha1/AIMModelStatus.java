package dev.aimengine.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;

/** Status shared by AIMModel and AIMClusterModel. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AIMModelStatus extends AIMConditionedStatus {
    @SchemaFrom(type = AIMResourceStatusValue.class)
    @Default("Pending")
    public String status;

    public AIMResolvedReference resolvedRuntimeConfig;

    public ImageMetadata imageMetadata;

    @SchemaFrom(type = AIMModelSourceType.class)
    public String sourceType;

    @Override
    public String statusValue() {
        return status;
    }

    @Override
    public void statusValue(String value) {
        this.status = value;
    }
}
