package dev.aimengine.operator.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Golden files under {@code src/test/resources/golden/artifact/}, compared as parsed JSON trees. */
final class Golden {
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Golden() {
    }

    static String read(String file) {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/artifact/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden file " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T load(String file, Class<T> type) {
        return SERIALIZATION.unmarshal(read(file), type);
    }

    /** The object serialized as Kubernetes would receive it equals the golden YAML (key order and comments aside). */
    static void assertMatches(String file, Object actual) {
        JsonNode expected = tree(SERIALIZATION.unmarshal(read(file), Map.class));
        JsonNode got = tree(actual);
        assertEquals(pretty(expected), pretty(got), "golden " + file);
        assertEquals(expected, got, "golden " + file);
    }

    private static JsonNode tree(Object value) {
        try {
            return JSON.readTree(SERIALIZATION.asJson(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pretty(JsonNode node) {
        return sorted(node).toPrettyString();
    }

    /** A copy with object members in key order, so that the diff of a failed assertion is readable. */
    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            var out = JSON.createObjectNode();
            var names = new java.util.TreeSet<String>();
            node.fieldNames().forEachRemaining(names::add);
            names.forEach(n -> out.set(n, sorted(node.get(n))));
            return out;
        }
        if (node.isArray()) {
            var out = JSON.createArrayNode();
            node.forEach(e -> out.add(sorted(e)));
            return out;
        }
        return node;
    }
}
