package dev.aimengine.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class AIMServiceSpec {
    @Required
    @ValidationRule(value = "(has(self.name) ? 1 : 0) + (has(self.image) ? 1 : 0) + (has(self.custom) ? 1 : 0) == 1",
            message = "exactly one of name, image, or custom must be specified")
    @ValidationRule(value = "self == oldSelf", message = "model selection is immutable after creation")
    public ModelSelection model;

    @ValidationRule(value = "self == oldSelf", message = "template selection is immutable after creation")
    public TemplateSelection template;

    @ValidationRule(value = "self == oldSelf", message = "caching mode is immutable after creation")
    public Caching caching;

    /** Deprecated and ignored. */
    public Boolean cacheModel;

    /** Fixed replica count; ignored when minReplicas, maxReplicas or autoScaling is set. */
    @Default("1")
    public Integer replicas;

    @Min(1)
    public Integer minReplicas;

    @Min(1)
    public Integer maxReplicas;

    public AutoScaling autoScaling;

    public String runtimeConfigName;

    public AIMStorageConfig storage;

    public AIMRoutingConfig routing;

    /** Highest-priority environment of the inference container; also passed to the template cache. */
    public List<EnvVar> env;

    /** Highest-priority container resources. */
    public ResourceRequirements resources;

    /** Filters template selection; with a namespaced template it creates a derived template. */
    public AIMRuntimeParameters overrides;

    public List<LocalObjectReference> imagePullSecrets;

    public String serviceAccountName;

    /** How the model is found: exactly one of name, image or custom. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ModelSelection {
        /** AIMModel in the namespace, else AIMClusterModel, of this name. */
        public String name;
        /** Container image; a model with this image is reused or created. */
        public String image;
        public CustomModel custom;
    }

    /** An inline custom model: a base image plus model weights to download. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(value = "size(self.modelSources) >= 1", message = "at least one model source must be specified")
    public static class CustomModel {
        @Required
        public String baseImage;
        @Required
        @Size(min = 1, max = 1)
        public List<AIMModelSource> modelSources;
        @Required
        public AIMHardwareRequirements hardware;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class TemplateSelection {
        /** Explicit AIMServiceTemplate (namespace) or AIMClusterServiceTemplate. */
        public String name;
        /** Allow auto-selection of templates whose profile is not optimized. */
        public Boolean allowUnoptimized;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Caching {
        @SchemaFrom(type = AIMCachingMode.class)
        @Default("Shared")
        public String mode;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class AutoScaling {
        public List<AutoScalingMetric> metrics;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class AutoScalingMetric {
        @Required
        @SchemaFrom(type = AIMAutoScalingMetricType.class)
        public String type;
        public PodMetric podmetric;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class PodMetric {
        @Required
        public PodMetricSource metric;
        @Required
        public MetricTarget target;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class PodMetricSource {
        @SchemaFrom(type = AIMMetricBackend.class)
        @Default("opentelemetry")
        public String backend;
        public String serverAddress;
        public List<String> metricNames;
        public String query;
        /** last_one, avg, max, min, rate or count. */
        public String operationOverTime;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class MetricTarget {
        @Required
        @SchemaFrom(type = AIMMetricTargetType.class)
        public String type;
        public String value;
        public String averageValue;
        public Integer averageUtilization;
    }
}
