package dev.aimengine.operator.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the install manifests under {@code deploy/} as a user's kubectl would see them. */
final class DeployFiles {
    static final Path DEPLOY = Path.of("deploy");
    static final Path MONITORING = DEPLOY.resolve("monitoring");
    static final Path RULES = MONITORING.resolve("aim-engine-rules.yaml");
    static final Path RULES_TEST = MONITORING.resolve("aim-engine-rules.test.yaml");
    static final Path PROMETHEUS_RULE = MONITORING.resolve("prometheus-rule.yaml");
    static final Path DASHBOARD = DEPLOY.resolve("grafana").resolve("aim-engine-operator.json");

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final KubernetesSerialization KUBE = new KubernetesSerialization();

    private DeployFiles() {
    }

    /** Every YAML document of a file (a file may hold several, separated by {@code ---}). */
    static List<JsonNode> documents(Path file) {
        try (var parser = YAML.createParser(file.toFile())) {
            List<JsonNode> docs = new ArrayList<>();
            YAML.readValues(parser, JsonNode.class).forEachRemaining(d -> {
                if (d != null && !d.isNull() && !d.isMissingNode()) {
                    docs.add(d);
                }
            });
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode document(Path file) {
        List<JsonNode> docs = documents(file);
        if (docs.size() != 1) {
            throw new IllegalStateException(file + " holds " + docs.size() + " documents");
        }
        return docs.get(0);
    }

    /** The Kubernetes object of {@code kind} named {@code name} among the YAML files of {@code dir}. */
    static <T extends HasMetadata> T object(Path dir, String kind, String name, Class<T> type) {
        try (var files = Files.list(dir)) {
            List<ObjectNode> matches = files.filter(f -> f.toString().endsWith(".yaml")).sorted()
                    .flatMap(f -> documents(f).stream())
                    .filter(d -> kind.equals(d.path("kind").asText()) && name.equals(d.path("metadata").path("name").asText()))
                    .map(ObjectNode.class::cast).toList();
            if (matches.size() != 1) {
                throw new AssertionError(matches.size() + " objects " + kind + "/" + name + " in " + dir);
            }
            return KUBE.convertValue(matches.get(0), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
