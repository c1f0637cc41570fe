package dev.aimengine.operator.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.quarkiverse.operatorsdk.runtime.RunTimeControllerConfiguration;
import io.quarkiverse.operatorsdk.runtime.RunTimeOperatorConfiguration;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tier 1: the environment of deploy/overlays/namespaced, read the way Quarkus reads the operator's environment into
 * quarkus-operator-sdk's run-time configuration, restricts every controller of a namespaced kind to the one namespace
 * and leaves the cluster-scoped kinds' controllers alone.
 */
class NamespacedOverlayTest {

    @Test
    void everyNamespacedControllerWatchesTheOverlaysNamespace() throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode patch = DeployFiles.document(DeployFiles.DEPLOY.resolve("overlays/namespaced/watch-namespace.yaml"));
        patch.path("spec").path("template").path("spec").path("containers").get(0).path("env")
                .forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
        assertFalse(env.isEmpty());

        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(RunTimeOperatorConfiguration.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new EnvConfigSource(env, 300)).build();
        Map<String, RunTimeControllerConfiguration> controllers =
                config.getConfigMapping(RunTimeOperatorConfiguration.class).controllers();

        Map<String, Boolean> namespacedByController = controllers();
        assertEquals(8, namespacedByController.size(), namespacedByController.toString());
        namespacedByController.forEach((name, namespaced) -> {
            Optional<List<String>> watched = Optional.ofNullable(controllers.get(name))
                    .flatMap(RunTimeControllerConfiguration::namespaces);
            if (namespaced) {
                assertEquals(Optional.of(List.of("default")), watched, "controller " + name);
            } else {
                assertTrue(watched.isEmpty(), "cluster-scoped controller " + name + " is restricted to " + watched);
            }
        });
        assertEquals(namespacedByController.values().stream().filter(b -> b).count(), controllers.size(),
                "settings for controllers that do not exist: " + controllers.keySet());
    }

    /** Controller name → whether its primary kind is namespaced, from the reconcilers' annotations. */
    static Map<String, Boolean> controllers() throws IOException, ClassNotFoundException {
        Path classes = Path.of("target", "classes");
        Map<String, Boolean> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith("Reconciler.class")).toList()) {
                String name = classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type;
                try {
                    type = Class.forName(name, false, NamespacedOverlayTest.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    continue;
                }
                ControllerConfiguration cc = type.getAnnotation(ControllerConfiguration.class);
                if (cc == null) {
                    continue;
                }
                // AIMServiceReconciler reconciles dev.aimengine.operator.api.v1alpha1.AIMService, and so on
                Class<?> primary = Class.forName("dev.aimengine.operator.api.v1alpha1."
                        + type.getSimpleName().replaceAll("Reconciler$", ""), false, type.getClassLoader());
                out.put(cc.name(), Namespaced.class.isAssignableFrom(primary));
            }
        }
        return out;
    }
}
