package dev.aimengine.operator.service.inference;

import dev.aimengine.operator.api.v1alpha1.AIMServiceSpec;

/**
 * What this operator relies on of KServe ({@code serving.kserve.io/v1beta1}, RawDeployment mode) and of KEDA behind
 * it: the InferenceService's identity, the names KServe derives from it, its annotations and the pod label.
 */
public final class KServe {
    public static final String API_VERSION = "serving.kserve.io/v1beta1";
    public static final String KIND = "InferenceService";
    /** The single container of the predictor. */
    public static final String CONTAINER_NAME = "kserve-container";
    /** KServe names the predictor's Deployment and Service {@code <isvc>-predictor}. */
    public static final String PREDICTOR_SUFFIX = "-predictor";
    /** KServe copies this label, with the InferenceService's name, onto the predictor pods. */
    public static final String ISVC_LABEL = "serving.kserve.io/inferenceservice";

    public static final String AUTOSCALER_CLASS_ANNOTATION = "serving.kserve.io/autoscalerClass";
    public static final String AUTOSCALER_KEDA = "keda";
    public static final String AUTOSCALER_NONE = "none";
    public static final String OTEL_INJECT_ANNOTATION = "sidecar.opentelemetry.io/inject";
    public static final String PROMETHEUS_PORT_ANNOTATION = "prometheus.kserve.io/port";

    /** Autoscaling mode: any of {@code minReplicas}, {@code maxReplicas}, {@code autoScaling} set. */
    public static boolean autoscaling(AIMServiceSpec spec) {
        return spec != null && (spec.minReplicas != null || spec.maxReplicas != null || spec.autoScaling != null);
    }

    /** The HorizontalPodAutoscaler KEDA creates for an autoscaled predictor. */
    public static String hpaName(String inferenceService) {
        return "keda-hpa-" + inferenceService + PREDICTOR_SUFFIX;
    }

    private KServe() {
    }
}
