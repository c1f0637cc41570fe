package dev.aimengine.operator.service.inference;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * KServe's {@code serving.kserve.io/v1beta1} InferenceService, typed as far as this operator writes it: the predictor
 * (KServe's PredictorSpec inlines a pod spec, plus replicas and autoscaling). Fields this operator does not know are
 * kept as they are (read and written back), so KServe's defaults survive an update; the status stays free-form. The
 * identity is typed so the workflow's informer can exist before KServe is installed. Not a CRD of this operator
 * (excluded from CRD generation).
 */
@Group("serving.kserve.io")
@Version("v1beta1")
@Kind("InferenceService")
@Plural("inferenceservices")
@RegisterForReflection
public class InferenceService extends CustomResource<InferenceService.Spec, Map<String, Object>> implements Namespaced {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /** The typed view of a live object read generically. */
    public static InferenceService from(GenericKubernetesResource generic) {
        return generic == null ? null : SERIALIZATION.convertValue(generic, InferenceService.class);
    }

    /** {@code spec}: the predictor, and whatever else the object carries (transformer, explainer...). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection
    public static class Spec {
        public Predictor predictor;
        private final Map<String, Object> unknown = new LinkedHashMap<>();

        @JsonAnyGetter
        public Map<String, Object> unknown() {
            return unknown;
        }

        @JsonAnySetter
        public void unknown(String key, Object value) {
            unknown.put(key, value);
        }
    }

    /** {@code spec.predictor}: the pod-spec fields this operator sets, replicas and KEDA autoscaling. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection
    public static class Predictor {
        public Integer minReplicas;
        public Integer maxReplicas;
        public AutoScaling autoScaling;
        public List<LocalObjectReference> imagePullSecrets;
        public String serviceAccountName;
        public Affinity affinity;
        public List<Volume> volumes = new ArrayList<>();
        public List<Container> containers = new ArrayList<>();
        private final Map<String, Object> unknown = new LinkedHashMap<>();

        @JsonAnyGetter
        public Map<String, Object> unknown() {
            return unknown;
        }

        @JsonAnySetter
        public void unknown(String key, Object value) {
            unknown.put(key, value);
        }
    }

    /** {@code autoScaling}: the metrics KEDA scales on. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection
    public static class AutoScaling {
        public List<Metric> metrics = new ArrayList<>();
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection
    public static class Metric {
        public String type;
        public PodMetric podmetric;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection
    public static class PodMetric {
        public MetricSource metric;
        public MetricTarget target;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection
    public static class MetricSource {
        public String backend;
        public String serverAddress;
        public List<String> metricNames;
        public String query;
        public String operationOverTime;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection
    public static class MetricTarget {
        public String type;
        public String value;
        public String averageValue;
        public Integer averageUtilization;
    }
}
