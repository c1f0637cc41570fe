package dev.aimengine.operator.api.v1alpha1;

/** Numeric precision of a profile (schema enum of `precision` fields). */
public enum AIMPrecision {
    auto, fp4, fp8, fp16, fp32, bf16, int4, int8
}
