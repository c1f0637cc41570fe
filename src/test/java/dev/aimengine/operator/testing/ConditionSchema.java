package dev.aimengine.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Condition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The schema of one condition entry as a committed CRD declares it, applied to conditions the way the API server's
 * OpenAPI validation does for the keywords it uses: required, enum, pattern, minLength/maxLength (in characters),
 * format date-time and minimum.
 */
public final class ConditionSchema {
    private static final ObjectMapper YAML = new YAMLMapper();

    private final JsonNode item;

    private ConditionSchema(JsonNode item) {
        this.item = item;
    }

    /** The condition schema of {@code status.conditions} in {@code deploy/crds/<crdFile>}. */
    public static ConditionSchema fromCommittedCrd(String crdFile) {
        try {
            JsonNode crd = YAML.readTree(Path.of("deploy/crds", crdFile).toFile());
            List<JsonNode> lists = conditionLists(crd);
            if (lists.size() != 1) {
                throw new IllegalStateException(crdFile + " has " + lists.size() + " condition lists");
            }
            return new ConditionSchema(lists.get(0).path("items"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every array schema named {@code conditions} anywhere in the tree. */
    public static List<JsonNode> conditionLists(JsonNode tree) {
        List<JsonNode> found = new ArrayList<>();
        collect(tree, found);
        return found;
    }

    private static void collect(JsonNode node, List<JsonNode> found) {
        if (node.isObject()) {
            JsonNode conditions = node.path("properties").path("conditions");
            if ("array".equals(conditions.path("type").asText())) {
                found.add(conditions);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                collect(it.next().getValue(), found);
            }
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, found));
        }
    }

    /** What the API server would object to in {@code c}; empty when the condition is valid. */
    public List<String> violations(Condition c) {
        Map<String, Function<Condition, Object>> fields = Map.of("type", Condition::getType, "status",
                Condition::getStatus, "reason", Condition::getReason, "message", Condition::getMessage,
                "lastTransitionTime", Condition::getLastTransitionTime, "observedGeneration",
                Condition::getObservedGeneration);
        List<String> problems = new ArrayList<>();
        for (JsonNode required : item.path("required")) {
            if (fields.get(required.asText()).apply(c) == null) {
                problems.add(required.asText() + " is required");
            }
        }
        fields.forEach((name, getter) -> {
            Object value = getter.apply(c);
            JsonNode schema = item.path("properties").path(name);
            if (value == null) {
                return;
            }
            if (value instanceof String s) {
                int length = s.codePointCount(0, s.length());
                if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
                    problems.add(name + " shorter than " + schema.get("minLength"));
                }
                if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
                    problems.add(name + " longer than " + schema.get("maxLength"));
                }
                if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText()).matcher(s).find()) {
                    problems.add(name + " " + s + " does not match " + schema.get("pattern").asText());
                }
                if (schema.has("enum")) {
                    List<String> allowed = new ArrayList<>();
                    schema.get("enum").forEach(e -> allowed.add(e.asText()));
                    if (!allowed.contains(s)) {
                        problems.add(name + " " + s + " not in " + allowed);
                    }
                }
                if ("date-time".equals(schema.path("format").asText())) {
                    try {
                        OffsetDateTime.parse(s);
                    } catch (DateTimeParseException e) {
                        problems.add(name + " " + s + " is no date-time");
                    }
                }
            } else if (value instanceof Long n && schema.has("minimum") && n < schema.get("minimum").asDouble()) {
                problems.add(name + " below " + schema.get("minimum"));
            }
        });
        return problems;
    }
}
