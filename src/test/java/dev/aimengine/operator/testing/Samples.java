package dev.aimengine.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.aimengine.operator.api.v1alpha1.AIMApi;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The YAML documents of deploy/samples, as raw trees with the kind class each maps to. */
public final class Samples {
    public static final Path DIR = Path.of("deploy/samples");
    private static final ObjectMapper YAML = new YAMLMapper();

    public record Sample(String file, JsonNode tree, Class<? extends HasMetadata> type) {
        public String kind() {
            return tree.path("kind").asText();
        }

        public String name() {
            return tree.path("metadata").path("name").asText();
        }

        @Override
        public String toString() {
            return file + ":" + kind() + "/" + name();
        }
    }

    public static List<Sample> all() {
        List<Sample> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                var parser = new YAMLFactory().createParser(f.toFile());
                for (JsonNode doc : YAML.readValues(parser, JsonNode.class).readAll()) {
                    if (doc == null || doc.isEmpty() || !doc.has("kind")) {
                        continue;
                    }
                    out.add(new Sample(f.getFileName().toString(), doc, typeOf(doc.get("kind").asText())));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    public static Class<? extends HasMetadata> typeOf(String kind) {
        return AIMApi.KINDS.stream().filter(k -> k.getSimpleName().equals(kind)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not an AIM kind: " + kind));
    }

    private Samples() {
    }
}
