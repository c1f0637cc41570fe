package dev.aimengine.operator.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Golden files for the service builders: {@code src/test/resources/golden/service/<name>.yaml}.
 *
 * <p>Objects are compared as parsed trees, so the order of fields does not matter but every value does (list
 * order included). On a mismatch the failure lists each differing path, then both documents. Run the tests with
 * {@code -Daim.update-golden=true} to (re)write the files from the current output.
 */
public final class ServiceGoldenFiles {

    public static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final boolean UPDATE = Boolean.getBoolean("aim.update-golden");

    private ServiceGoldenFiles() {
    }

    public static void assertGolden(String name, Object actual) {
        Path file = directory().resolve(name + ".yaml");
        String actualYaml = SERIALIZATION.asYaml(actual);
        try {
            if (UPDATE) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actualYaml);
                return;
            }
            if (!Files.exists(file)) {
                fail("golden file " + file + " is missing; run the tests with -Daim.update-golden=true to create it."
                        + "\nActual:\n" + actualYaml);
            }
            String expectedYaml = Files.readString(file);
            JsonNode expected = SERIALIZATION.unmarshal(expectedYaml, JsonNode.class);
            JsonNode got = SERIALIZATION.unmarshal(actualYaml, JsonNode.class);
            List<String> differences = new ArrayList<>();
            diff("", expected, got, differences);
            if (!differences.isEmpty()) {
                fail("output differs from golden file " + file + " (regenerate with -Daim.update-golden=true):\n  "
                        + String.join("\n  ", differences)
                        + "\n--- expected ---\n" + expectedYaml + "--- actual ---\n" + actualYaml);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path directory() {
        return Path.of(System.getProperty("basedir", "."), "src", "test", "resources", "golden", "service");
    }

    /** Appends one line per differing path: {@code path: expected X, got Y}. */
    public static void diff(String path, JsonNode expected, JsonNode actual, List<String> out) {
        if (expected == null || actual == null) {
            out.add(label(path) + ": expected " + render(expected) + ", got " + render(actual));
        } else if (expected.isObject() && actual.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            expected.fieldNames().forEachRemaining(keys::add);
            actual.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                diff(path + "." + key, expected.get(key), actual.get(key), out);
            }
        } else if (expected.isArray() && actual.isArray()) {
            if (expected.size() != actual.size()) {
                out.add(label(path) + ": expected " + expected.size() + " items, got " + actual.size());
            }
            Iterator<JsonNode> e = expected.elements();
            Iterator<JsonNode> a = actual.elements();
            for (int i = 0; e.hasNext() && a.hasNext(); i++) {
                diff(path + "[" + i + "]", e.next(), a.next(), out);
            }
        } else if (!sameScalar(expected, actual)) {
            out.add(label(path) + ": expected " + render(expected) + ", got " + render(actual));
        }
    }

    private static boolean sameScalar(JsonNode expected, JsonNode actual) {
        if (expected.isNumber() && actual.isNumber()) {
            return expected.decimalValue().compareTo(actual.decimalValue()) == 0;
        }
        return expected.equals(actual);
    }

    private static String label(String path) {
        return path.isEmpty() ? "<root>" : path.substring(1);
    }

    private static String render(JsonNode node) {
        return node == null ? "<absent>" : node.toString();
    }
}
