package dev.aimengine.operator.common.status;

import io.fabric8.kubernetes.client.KubernetesClientException;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** A categorised error attached to a component. */
public record ComponentError(ErrorCategory category, String reason, String message) {

    public static ComponentError missingUpstream(String reason, String message) {
        return new ComponentError(ErrorCategory.MISSING_UPSTREAM_DEPENDENCY, reason, message);
    }

    public static ComponentError missingDownstream(String reason, String message) {
        return new ComponentError(ErrorCategory.MISSING_DOWNSTREAM_DEPENDENCY, reason, message);
    }

    public static ComponentError invalidSpec(String reason, String message) {
        return new ComponentError(ErrorCategory.INVALID_SPEC, reason, message);
    }

    public static ComponentError auth(String reason, String message) {
        return new ComponentError(ErrorCategory.AUTH, reason, message);
    }

    public static ComponentError infrastructure(String reason, String message) {
        return new ComponentError(ErrorCategory.INFRASTRUCTURE, reason, message);
    }

    public static ComponentError resourceExhaustion(String reason, String message) {
        return new ComponentError(ErrorCategory.RESOURCE_EXHAUSTION, reason, message);
    }

    public static ComponentError unknown(String message) {
        return new ComponentError(ErrorCategory.UNKNOWN, "UnknownError", message);
    }

    /** Categorises an exception from the Kubernetes client or the network. */
    public static ComponentError of(Throwable error) {
        Throwable t = unwrap(error);
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        if (t instanceof KubernetesClientException k && k.getCode() > 0) {
            return ofHttp(k.getCode(), k.getStatus() == null ? null : k.getStatus().getReason(), message);
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException) {
                return infrastructure("ConnectionRefused", message);
            }
            if (c instanceof SocketTimeoutException || c instanceof InterruptedIOException) {
                return infrastructure("NetworkTimeout", message);
            }
            if (c instanceof UnknownHostException) {
                return infrastructure("DNSFailure", message);
            }
            if (c instanceof SocketException s && String.valueOf(s.getMessage()).contains("reset")) {
                return infrastructure("ConnectionReset", message);
            }
            if (c instanceof NoRouteToHostException || c instanceof SocketException) {
                return infrastructure("NetworkError", message);
            }
        }
        return unknown(message);
    }

    /** Categorises an HTTP status of the Kubernetes API. */
    public static ComponentError ofHttp(int code, String statusReason, String message) {
        return switch (code) {
            case 404 -> missingDownstream("NotFound", message);
            case 401 -> auth("Unauthorized", message);
            case 403 -> auth("Forbidden", message);
            case 409 -> "AlreadyExists".equals(statusReason) ? invalidSpec("AlreadyExists", message)
                    : infrastructure("Conflict", message);
            case 422 -> invalidSpec("InvalidSpec", message);
            case 408, 504 -> infrastructure("Timeout", message);
            case 429 -> infrastructure("RateLimited", message);
            case 503 -> infrastructure("ServiceUnavailable", message);
            default -> code >= 500 ? infrastructure("ServerError", message)
                    : code >= 400 ? invalidSpec("ClientError", message) : unknown(message);
        };
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
