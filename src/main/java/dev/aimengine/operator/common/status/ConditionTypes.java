package dev.aimengine.operator.common.status;

import java.util.Set;

/** Condition types and reasons of the framework. */
public final class ConditionTypes {
    public static final String READY = "Ready";
    public static final String DEPENDENCIES_REACHABLE = "DependenciesReachable";
    public static final String AUTH_VALID = "AuthValid";
    public static final String CONFIG_VALID = "ConfigValid";

    /** Conditions never treated as components. */
    public static final Set<String> FRAMEWORK = Set.of(READY, DEPENDENCIES_REACHABLE, AUTH_VALID, CONFIG_VALID);

    public static final String REASON_ALL_COMPONENTS_READY = "AllComponentsReady";
    public static final String REASON_PROGRESSING = "Progressing";
    public static final String REASON_INFRASTRUCTURE_ERROR = "InfrastructureError";
    public static final String REASON_REACHABLE = "Reachable";
    public static final String REASON_AUTH_ERROR = "AuthError";
    public static final String REASON_AUTH_VALID = "AuthenticationValid";
    public static final String REASON_INVALID_SPEC = "InvalidSpec";
    public static final String REASON_REFERENCE_NOT_FOUND = "ReferenceNotFound";
    public static final String REASON_CONFIG_VALID = "ConfigurationValid";

    public static boolean isComponent(String type) {
        return type != null && type.endsWith("Ready") && !FRAMEWORK.contains(type);
    }

    private ConditionTypes() {
    }
}
