package dev.aimengine.operator.api.v1alpha1;

/** Target type of an autoscaling metric. */
public enum AIMMetricTargetType {
    Value, AverageValue, Utilization
}
