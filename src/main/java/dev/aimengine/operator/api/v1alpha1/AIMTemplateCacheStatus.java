package dev.aimengine.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class AIMTemplateCacheStatus extends AIMConditionedStatus {
    @SchemaFrom(type = AIMResourceStatusValue.class)
    @Default("Pending")
    public String status;

    /** Kind of the template this cache resolved to. */
    public String resolvedTemplateKind;

    /** Matched artifacts keyed by artifact name. */
    public Map<String, ArtifactRef> artifacts;

    public AIMResolvedReference resolvedRuntimeConfig;

    @Override
    public String statusValue() {
        return status;
    }

    @Override
    public void statusValue(String value) {
        this.status = value;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ArtifactRef {
        @Required
        public String uid;
        @Required
        public String name;
        /** The model id the artifact holds. */
        @Required
        public String model;
        @Required
        public String status;
        public String persistentVolumeClaim;
        public String mountPoint;
    }
}
