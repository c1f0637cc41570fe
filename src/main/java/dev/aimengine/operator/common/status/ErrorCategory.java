package dev.aimengine.operator.common.status;

/** How an error affects the pipeline. */
public enum ErrorCategory {
    /** A referenced object the user must provide is missing: Failed, ConfigValid=False, nothing applied. */
    MISSING_UPSTREAM_DEPENDENCY,
    /** A child the operator creates is not there yet: Progressing, apply continues. */
    MISSING_DOWNSTREAM_DEPENDENCY,
    /** Authentication/authorisation failed: Failed, AuthValid=False, nothing applied. */
    AUTH,
    /** The spec cannot work as written: Failed, ConfigValid=False, nothing applied. */
    INVALID_SPEC,
    /** Out of memory / disk: the component is Failed, apply continues. */
    RESOURCE_EXHAUSTION,
    /** The API server or network misbehaves: Degraded after a grace period, retried with backoff. */
    INFRASTRUCTURE,
    /** Anything else: retried like infrastructure errors, but the component shows Progressing. */
    UNKNOWN;

    public boolean isRetriable() {
        return this == INFRASTRUCTURE || this == UNKNOWN;
    }

    public boolean blocksApply() {
        return this == AUTH || this == INVALID_SPEC || this == MISSING_UPSTREAM_DEPENDENCY || isRetriable();
    }
}
