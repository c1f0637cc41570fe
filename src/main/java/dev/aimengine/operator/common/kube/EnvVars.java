package dev.aimengine.operator.common.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Environment variable lists keyed by {@code name}, the way the operator layers them
 * (runtime config, template, service, job defaults).
 *
 * <p>Every method returns new lists holding copies of the entries; the inputs are never modified.
 */
public final class EnvVars {

    /** Engine arguments as a JSON object; contributions of several layers are deep-merged instead of replaced. */
    public static final String AIM_ENGINE_ARGS = "AIM_ENGINE_ARGS";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private EnvVars() {
    }

    /**
     * Layers {@code override} over {@code base}, keyed by name.
     * <ul>
     * <li>An override entry whose name is already present replaces that entry where it stands
     * (the first entry of that name when the base repeats a name).</li>
     * <li>Names not present yet are appended in the order of {@code override}; an override that repeats
     * a name layers over its own earlier entry.</li>
     * <li>{@value #AIM_ENGINE_ARGS}: when both entries carry a plain {@code value} (no {@code valueFrom}),
     * the result is {@link #mergeEngineArgs(String, String)} of the two values; otherwise the override
     * entry replaces the base entry like any other variable.</li>
     * </ul>
     * {@code null} lists count as empty. The result is never {@code null}.
     */
    public static List<EnvVar> merge(List<EnvVar> base, List<EnvVar> override) {
        return layer(base, override, true);
    }

    /**
     * Like {@link #merge(List, List)}, but every name, {@value #AIM_ENGINE_ARGS} included, is replaced
     * outright. This is how job environments (downloads, size checks, caches) and model-derived templates
     * combine their layers.
     */
    public static List<EnvVar> mergeReplacing(List<EnvVar> base, List<EnvVar> override) {
        return layer(base, override, false);
    }

    /**
     * Deep-merges two {@value #AIM_ENGINE_ARGS} values.
     * <ul>
     * <li>An empty value contributes nothing: {@code ("", x)} gives {@code x} and {@code (x, "")} gives
     * {@code x}. {@code null} counts as empty.</li>
     * <li>When both are JSON objects, members are merged recursively: members present on one side only are
     * kept, on a conflict the override wins, unless both members are objects, which are merged the same
     * way. Base members keep their order, new override members follow in their order. The result is
     * compact JSON.</li>
     * <li>When either side is not a JSON object (invalid JSON, an array, a scalar, trailing garbage),
     * the override value is returned unchanged.</li>
     * </ul>
     */
    public static String mergeEngineArgs(String base, String override) {
        if (base == null || base.isEmpty()) {
            return override == null ? "" : override;
        }
        if (override == null || override.isEmpty()) {
            return base;
        }
        Optional<ObjectNode> baseObject = parseObject(base);
        Optional<ObjectNode> overrideObject = parseObject(override);
        if (baseObject.isEmpty() || overrideObject.isEmpty()) {
            return override;
        }
        ObjectNode merged = baseObject.get();
        deepMerge(merged, overrideObject.get());
        try {
            return JSON.writeValueAsString(merged);
        } catch (JsonProcessingException e) {
            return override;
        }
    }

    /** Copies of the entries, ordered by name (stable for equal names; entries without a name first). */
    public static List<EnvVar> sortedByName(List<EnvVar> env) {
        List<EnvVar> out = copyOf(env);
        out.sort(Comparator.comparing(EnvVar::getName, Comparator.nullsFirst(Comparator.naturalOrder())));
        return out;
    }

    /**
     * The literal value of variable {@code name}: the last entry of that name wins, as in a container.
     * Empty when there is no such entry or it takes its value from {@code valueFrom}; an entry with neither
     * value nor valueFrom has the value {@code ""}.
     */
    public static Optional<String> literalValue(List<EnvVar> env, String name) {
        EnvVar found = find(env, name).orElse(null);
        if (found == null || found.getValueFrom() != null) {
            return Optional.empty();
        }
        return Optional.of(found.getValue() == null ? "" : found.getValue());
    }

    /** The last entry named {@code name} (as a copy), if any. */
    public static Optional<EnvVar> find(List<EnvVar> env, String name) {
        if (env == null) {
            return Optional.empty();
        }
        EnvVar found = null;
        for (EnvVar e : env) {
            if (e != null && Objects.equals(e.getName(), name)) {
                found = e;
            }
        }
        return Optional.ofNullable(found).map(EnvVars::copy);
    }

    /** A plain {@code name=value} entry. */
    public static EnvVar of(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }

    /** Deep copies of the entries ({@code null} entries dropped); an empty list for {@code null}. */
    public static List<EnvVar> copyOf(List<EnvVar> env) {
        List<EnvVar> out = new ArrayList<>(env == null ? 0 : env.size());
        if (env != null) {
            for (EnvVar e : env) {
                if (e != null) {
                    out.add(copy(e));
                }
            }
        }
        return out;
    }

    /** A deep copy of one entry, {@code valueFrom} included. */
    public static EnvVar copy(EnvVar env) {
        return new EnvVarBuilder(env).build();
    }

    private static List<EnvVar> layer(List<EnvVar> base, List<EnvVar> override, boolean mergeEngineArgs) {
        List<EnvVar> out = copyOf(base);
        if (override == null) {
            return out;
        }
        for (EnvVar entry : override) {
            if (entry == null) {
                continue;
            }
            int at = indexOf(out, entry.getName());
            if (at < 0) {
                out.add(copy(entry));
            } else if (mergeEngineArgs && AIM_ENGINE_ARGS.equals(entry.getName())
                    && isPlain(out.get(at)) && isPlain(entry)) {
                out.set(at, of(AIM_ENGINE_ARGS, mergeEngineArgs(out.get(at).getValue(), entry.getValue())));
            } else {
                out.set(at, copy(entry));
            }
        }
        return out;
    }

    private static int indexOf(List<EnvVar> env, String name) {
        for (int i = 0; i < env.size(); i++) {
            if (Objects.equals(env.get(i).getName(), name)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isPlain(EnvVar env) {
        return env.getValueFrom() == null;
    }

    private static Optional<ObjectNode> parseObject(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            return node instanceof ObjectNode object ? Optional.of(object) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** Merges {@code source} into {@code target}: objects recursively, anything else replaced in place. */
    private static void deepMerge(ObjectNode target, ObjectNode source) {
        for (Map.Entry<String, JsonNode> field : source.properties()) {
            JsonNode existing = target.get(field.getKey());
            if (existing instanceof ObjectNode existingObject && field.getValue() instanceof ObjectNode sourceObject) {
                deepMerge(existingObject, sourceObject);
            } else {
                target.set(field.getKey(), field.getValue());
            }
        }
    }
}
