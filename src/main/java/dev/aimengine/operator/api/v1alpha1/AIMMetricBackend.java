package dev.aimengine.operator.api.v1alpha1;

/** Metrics backend of a pod metric. */
public enum AIMMetricBackend {
    opentelemetry
}
