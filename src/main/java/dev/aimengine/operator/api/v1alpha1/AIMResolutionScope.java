package dev.aimengine.operator.api.v1alpha1;

/** Scope of a resolved reference. */
public enum AIMResolutionScope {
    Namespace, Cluster, Merged, Unknown
}
