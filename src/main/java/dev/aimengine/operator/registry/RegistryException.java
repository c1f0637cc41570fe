package dev.aimengine.operator.registry;

/** A registry call that failed, with the kind of failure a condition reason can be derived from. */
public class RegistryException extends Exception {

    /** What went wrong, as far as the registry's answer tells. */
    public enum Kind {
        /** 401/403, or no token could be obtained with the given credentials. */
        UNAUTHORIZED,
        /** 404: the repository, tag or blob does not exist. */
        NOT_FOUND,
        /** No answer: DNS, connection refused, TLS, timeout. */
        UNREACHABLE,
        /** An answer that is not what the registry API promises (status, media type, JSON, no linux/amd64). */
        INVALID_RESPONSE
    }

    private final Kind kind;

    public RegistryException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public RegistryException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
