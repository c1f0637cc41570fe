package dev.aimengine.operator.api.v1alpha1;

/** Optimisation goal of a profile (schema enum of `metric` fields). */
public enum AIMMetric {
    latency, throughput
}
