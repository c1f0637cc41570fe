package dev.aimengine.operator.common.health;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Null-safe reads of untyped objects (KServe InferenceService, HorizontalPodAutoscaler). */
public final class GenericStatus {

    private GenericStatus() {
    }

    /** The value at the path of nested maps, or null when any step is missing or not a map. */
    public static Object at(GenericKubernetesResource resource, String... path) {
        if (resource == null) {
            return null;
        }
        Object current = resource.getAdditionalProperties();
        for (String key : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    /** The first entry of {@code status.conditions} with this type. */
    public static Optional<Map<?, ?>> condition(GenericKubernetesResource resource, String type) {
        if (!(at(resource, "status", "conditions") instanceof List<?> conditions)) {
            return Optional.empty();
        }
        for (Object c : conditions) {
            if (c instanceof Map<?, ?> map && type.equals(map.get("type"))) {
                return Optional.of(map);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code status.conditions} has this type with status {@code True}. */
    public static boolean isTrue(GenericKubernetesResource resource, String type) {
        return condition(resource, type).map(c -> "True".equals(c.get("status"))).orElse(false);
    }

    public static String string(Map<?, ?> map, String key) {
        Object value = map.get(key);
        return value == null ? "" : value.toString();
    }

    public static Integer integer(GenericKubernetesResource resource, String... path) {
        Object value = at(resource, path);
        if (value instanceof Number n) {
            return n.intValue();
        }
        if (value instanceof String s) {
            try {
                return Integer.valueOf(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
