package dev.aimengine.operator.api.v1alpha1;

/** Ownership mode of a template cache and of an artifact. */
public enum AIMCacheMode {
    Dedicated, Shared
}
