package dev.aimengine.operator.api.v1alpha1;

/** AIMService caching mode; Auto/Always are legacy for Shared, Never is legacy for Dedicated. */
public enum AIMCachingMode {
    Dedicated, Shared, Auto, Always, Never
}
