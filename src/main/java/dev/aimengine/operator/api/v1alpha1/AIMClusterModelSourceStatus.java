package dev.aimengine.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.crd.generator.annotation.SchemaFrom;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class AIMClusterModelSourceStatus extends AIMConditionedStatus {
    @SchemaFrom(type = AIMModelSourceStatusValue.class)
    public String status;

    public String lastSyncTime;
    public Integer discoveredModels;
    public Integer availableModels;
    public Boolean modelsLimitReached;

    @Override
    public String statusValue() {
        return status;
    }

    @Override
    public void statusValue(String value) {
        this.status = value;
    }
}
