package dev.aimengine.operator.api.v1alpha1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.aimengine.operator.testing.ConditionSchema;
import io.fabric8.crdv2.generator.CRDGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CRDs committed in deploy/crds must be exactly what the build generates (the same fabric8 generator and
 * post-processor QOSDK runs). Regenerate with {@code ./mvnw test -Dtest=CrdFilesTest -Daim.update-crds=true}.
 */
class CrdFilesTest {

    static final Path COMMITTED = Path.of("deploy/crds");
    static final ObjectMapper YAML = new YAMLMapper();
    static TreeMap<String, String> generated = new TreeMap<>();

    @BeforeAll
    static void generate(@TempDir Path out) throws IOException {
        new CRDGenerator().inOutputDir(out.toFile())
                .withPostProcessor(new CrdSchemaPostProcessor())
                .customResourceClasses(AIMApi.KINDS)
                .forCRDVersions("v1")
                .generate();
        try (Stream<Path> files = Files.list(out)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString().replace("-v1.yml", ".yaml");
                generated.put(name, Files.readString(f));
            }
        }
        if (Boolean.getBoolean("aim.update-crds")) {
            Files.createDirectories(COMMITTED);
            for (var e : generated.entrySet()) {
                Files.writeString(COMMITTED.resolve(e.getKey()), e.getValue());
            }
        }
    }

    @Test
    void tenCrdsAreGenerated() {
        assertEquals(10, generated.size(), generated.keySet().toString());
    }

    @Test
    void committedCrdsMatchTheBuild() throws IOException {
        List<String> committed;
        try (Stream<Path> files = Files.list(COMMITTED)) {
            committed = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".aim.eai.amd.com.yaml"))
                    .sorted().toList();
        }
        assertEquals(List.copyOf(generated.keySet()), committed, "deploy/crds holds a different set of CRDs");
        for (var e : generated.entrySet()) {
            assertEquals(e.getValue(), Files.readString(COMMITTED.resolve(e.getKey())),
                    e.getKey() + " drifted from the API classes; regenerate with -Daim.update-crds=true");
        }
    }

    @Test
    void everyConditionListHasTheSchemaOfAKubernetesCondition() throws IOException {
        for (var e : generated.entrySet()) {
            List<JsonNode> lists = ConditionSchema.conditionLists(YAML.readTree(e.getValue()));
            assertEquals(1, lists.size(), e.getKey());
            JsonNode list = lists.get(0);
            assertEquals("map", list.path("x-kubernetes-list-type").asText(), e.getKey());
            assertEquals(List.of("type"), texts(list.path("x-kubernetes-list-map-keys")), e.getKey());
            JsonNode item = list.path("items");
            assertEquals(List.of("lastTransitionTime", "message", "reason", "status", "type"),
                    texts(item.path("required")), e.getKey());
            JsonNode p = item.path("properties");
            assertEquals(List.of("True", "False", "Unknown"), texts(p.at("/status/enum")), e.getKey());
            assertEquals(316, p.at("/type/maxLength").asInt(), e.getKey());
            assertEquals("^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
                    + "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$", p.at("/type/pattern").asText(), e.getKey());
            assertEquals(1, p.at("/reason/minLength").asInt(), e.getKey());
            assertEquals(1024, p.at("/reason/maxLength").asInt(), e.getKey());
            assertEquals("^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$", p.at("/reason/pattern").asText(), e.getKey());
            assertEquals(32768, p.at("/message/maxLength").asInt(), e.getKey());
            assertEquals("date-time", p.at("/lastTransitionTime/format").asText(), e.getKey());
            assertEquals("string", p.at("/lastTransitionTime/type").asText(), e.getKey());
            assertEquals("integer", p.at("/observedGeneration/type").asText(), e.getKey());
            assertEquals("int64", p.at("/observedGeneration/format").asText(), e.getKey());
            assertEquals(0, p.at("/observedGeneration/minimum").asInt(), e.getKey());
            assertTrue(p.at("/observedGeneration/minimum").isNumber(), e.getKey());
        }
    }

    @Test
    void conditionPatternsAcceptWhatKubernetesAcceptsAndNothingElse() throws IOException {
        JsonNode p = ConditionSchema.conditionLists(YAML.readTree(generated.get("aimservices.aim.eai.amd.com.yaml")))
                .get(0).at("/items/properties");
        Pattern type = Pattern.compile(p.at("/type/pattern").asText());
        for (String valid : List.of("Ready", "ModelReady", "DownloadComplete", "example.com/Ready", "a",
                "x-y_z.1", "a.b-c.d/Some_Type")) {
            assertTrue(type.matcher(valid).find(), valid);
        }
        for (String invalid : List.of("", "Not Ready", "-Ready", "Ready.", "Example.com/Ready", "a/b/c", "/Ready")) {
            assertFalse(type.matcher(invalid).find(), invalid);
        }
        Pattern reason = Pattern.compile(p.at("/reason/pattern").asText());
        for (String valid : List.of("AllComponentsReady", "R", "a_b", "Code:1,Sub_2", "x_")) {
            assertTrue(reason.matcher(valid).find(), valid);
        }
        for (String invalid : List.of("", "1Reason", "_x", "Back-off", "has space", "Trailing:", "Trailing,")) {
            assertFalse(reason.matcher(invalid).find(), invalid);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void noEmptyStringDefaults() {
        // API servers before 1.25 reject `default: ""` in a structural schema.
        generated.forEach((name, yaml) -> assertFalse(yaml.contains("default: \"\""), name));
    }
}
