package dev.aimengine.operator.api.v1alpha1;

/** Autoscaling metric kinds. */
public enum AIMAutoScalingMetricType {
    PodMetric
}
