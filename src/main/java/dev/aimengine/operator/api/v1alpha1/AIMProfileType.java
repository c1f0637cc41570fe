package dev.aimengine.operator.api.v1alpha1;

/** Optimisation level of a template profile. */
public enum AIMProfileType {
    optimized, preview, unoptimized
}
