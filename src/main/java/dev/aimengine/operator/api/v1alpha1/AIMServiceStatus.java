package dev.aimengine.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class AIMServiceStatus extends AIMConditionedStatus {
    @SchemaFrom(type = AIMServiceStatusValue.class)
    @Default("Pending")
    public String status;

    public AIMResolvedReference resolvedModel;
    public AIMResolvedReference resolvedTemplate;
    public AIMResolvedReference resolvedRuntimeConfig;
    public CacheStatus cache;
    public RoutingStatus routing;
    public RuntimeStatus runtime;

    @Override
    public String statusValue() {
        return status;
    }

    @Override
    public void statusValue(String value) {
        this.status = value;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class CacheStatus {
        public AIMResolvedReference templateCacheRef;
        public Integer retryAttempts;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class RoutingStatus {
        /** The path the HTTPRoute serves the endpoint on. */
        public String path;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class RuntimeStatus {
        public Integer currentReplicas;
        public Integer desiredReplicas;
        public Integer minReplicas;
        public Integer maxReplicas;
        /** "3", or "current/desired (min-max)" when autoscaling. */
        public String replicas;
    }
}
