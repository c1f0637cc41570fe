package dev.aimengine.operator.api.v1alpha1;

/** Values of AIMService status.status. */
public enum AIMServiceStatusValue {
    Pending, Starting, Running, Degraded, Failed
}
