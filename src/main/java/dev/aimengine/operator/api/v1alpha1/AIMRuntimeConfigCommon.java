package dev.aimengine.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.kubernetes.api.model.EnvVar;

import java.util.List;

/** Spec shared by AIMRuntimeConfig and AIMClusterRuntimeConfig. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AIMRuntimeConfigCommon {
    public AIMStorageConfig storage;
    public AIMRoutingConfig routing;
    /** Default environment of inference containers and download jobs. */
    public List<EnvVar> env;
    public ModelConfig model;
    public LabelPropagation labelPropagation;
    /** Deprecated: use storage.defaultStorageClassName. */
    public String defaultStorageClassName;
    /** Deprecated: use storage.pvcHeadroomPercent. */
    public Integer pvcHeadroomPercent;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ModelConfig {
        /** Accepted for compatibility; not used. */
        public Boolean autoDiscovery;
    }

    /** Which labels of a parent are copied onto the objects created for it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class LabelPropagation {
        @Default("false")
        public Boolean enabled;
        /** Shell-style globs over label keys, e.g. team-*. */
        public List<String> match;
    }
}
