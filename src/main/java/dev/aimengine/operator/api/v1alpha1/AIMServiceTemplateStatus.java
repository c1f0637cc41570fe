package dev.aimengine.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.kubernetes.api.model.NodeAffinity;

import java.util.List;
import java.util.Map;

/** Status shared by AIMServiceTemplate and AIMClusterServiceTemplate. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AIMServiceTemplateStatus extends AIMConditionedStatus {
    @SchemaFrom(type = AIMResourceStatusValue.class)
    @Default("Pending")
    public String status;

    public AIMResolvedReference resolvedRuntimeConfig;
    public AIMResolvedReference resolvedModel;
    public AIMResolvedReference resolvedCache;
    public AIMHardwareRequirements resolvedHardware;
    /** Node affinity the InferenceService uses verbatim. */
    public NodeAffinity resolvedNodeAffinity;
    /** "2 x MI300X", "MI300X", "1 x GPU" or "CPU". */
    public String hardwareSummary;
    public List<AIMModelSource> modelSources;
    public Profile profile;
    public AIMResolvedReference discoveryJob;
    public DiscoveryState discovery;

    @Override
    public String statusValue() {
        return status;
    }

    @Override
    public void statusValue(String value) {
        this.status = value;
    }

    /** The runtime profile: from discovery, or from the spec for inline-source templates. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Profile {
        @JsonProperty("engine_args")
        public JsonNode engineArgs;
        @JsonProperty("env_vars")
        public Map<String, String> envVars;
        public ProfileMetadata metadata;
        public JsonNode originalDiscoveryOutput;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ProfileMetadata {
        public String engine;
        public String gpu;
        public Integer gpuCount;
        @SchemaFrom(type = AIMMetric.class)
        public String metric;
        @SchemaFrom(type = AIMPrecision.class)
        public String precision;
        @SchemaFrom(type = AIMProfileType.class)
        public String type;
    }

    /** Discovery circuit-breaker state. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class DiscoveryState {
        public Integer attempts;
        public String lastAttemptTime;
        public String lastFailureReason;
        public String specHash;
    }
}
