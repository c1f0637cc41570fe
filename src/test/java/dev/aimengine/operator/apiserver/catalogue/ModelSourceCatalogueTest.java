package dev.aimengine.operator.apiserver.catalogue;

import dev.aimengine.operator.api.v1alpha1.AIMClusterModel;
import dev.aimengine.operator.api.v1alpha1.AIMClusterModelSource;
import dev.aimengine.operator.api.v1alpha1.AIMClusterModelSourceStatus;
import dev.aimengine.operator.testing.OperatorLog;
import dev.aimengine.operator.testing.RealApiServer;
import dev.aimengine.operator.testing.TestRegistry;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.aimengine.operator.testing.Fixtures.condition;
import static dev.aimengine.operator.testing.Fixtures.load;
import static dev.aimengine.operator.testing.Fixtures.state;
import static dev.aimengine.operator.testing.Fixtures.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * AIM Engine's end-to-end catalogue, {@code aimclustermodelsource/*}, against a real registry on loopback (Debian's
 * docker-registry, whose catalog and tag lists the operator reads). AIM Engine's entries search Docker Hub and GHCR;
 * here the same filters search the local registry, each test in repositories of its own.
 */
@QuarkusTest
@TestProfile(RealApiServer.class)
@ExtendWith(OperatorLog.Watch.class)
class ModelSourceCatalogueTest {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String OPERATOR_NAMESPACE = "aim-system";

    @Inject
    KubernetesClient client;
    TestRegistry registry;
    String prefix;

    @BeforeEach
    void setUp() {
        registry = TestRegistry.get();
        prefix = unique("src");
    }

    AIMClusterModelSourceStatus status(String name) {
        return client.resources(AIMClusterModelSource.class).withName(name).get().getStatus();
    }

    List<AIMClusterModel> models(String source) {
        return client.resources(AIMClusterModel.class).withLabel("aim.eai.amd.com/model-source", source).list()
                .getItems();
    }

    void source(String name, String spec) {
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMClusterModelSource
                metadata: {name: %s}
                spec:
                %s
                """.formatted(name, spec.indent(2)), AIMClusterModelSource.class)).create();
    }

    @Test
    @DisplayName("aimclustermodelsource/wildcard")
    void wildcard() {
        for (String repo : List.of("aim-a", "aim-b", "aim-c")) {
            for (String tag : List.of("0.8.4", "0.8.5", "0.9.0")) {
                registry.push(prefix + "/" + repo, tag, Map.of());
            }
        }
        String name = prefix + "-wildcard";
        source(name, """
                filters: [{image: "%s/%s/aim-*"}]
                maxModels: 5
                """.formatted(registry.host(), prefix));

        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMClusterModelSourceStatus s = status(name);
            assertEquals("Ready", s.status, String.valueOf(s.conditions));
            assertEquals(5, s.discoveredModels);
            assertEquals(9, s.availableModels);
            assertEquals(true, s.modelsLimitReached);
            assertEquals("True/LimitReached", state(s.conditions, "MaxModelsLimitReached"));
            assertEquals("True/AllFiltersSucceeded", state(s.conditions, "FiltersReady"));
            assertTrue(state(s.conditions, "Ready").startsWith("True/"), state(s.conditions, "Ready"));
            assertEquals(5, models(name).size());
        });
        AIMClusterModel model = models(name).get(0);
        assertEquals("auto-generated", model.getMetadata().getLabels().get("aim.eai.amd.com/origin"));
        assertEquals(name, model.getMetadata().getOwnerReferences().get(0).getName());
        assertTrue(model.getSpec().image.startsWith(registry.host() + "/" + prefix + "/aim-"), model.getSpec().image);
    }

    @Test
    @DisplayName("aimclustermodelsource/auto-sourcing")
    void autoSourcing() {
        for (String repo : List.of("aim-base", "aim-llama", "aim-qwen")) {
            for (String tag : List.of("0.8.3", "0.8.4", "latest")) {
                registry.push(prefix + "/" + repo, tag, Map.of());
            }
        }
        String name = prefix + "-auto";
        source(name, """
                filters:
                  - image: "%1$s/%2$s/aim-*"
                    exclude: ["%2$s/aim-base"]
                versions: ["0.8.4"]
                maxModels: 5
                """.formatted(registry.host(), prefix));

        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMClusterModelSourceStatus s = status(name);
            assertEquals("Ready", s.status, String.valueOf(s.conditions));
            Set<String> images = models(name).stream().map(m -> m.getSpec().image).collect(Collectors.toSet());
            assertEquals(Set.of(registry.host() + "/" + prefix + "/aim-llama:0.8.4",
                    registry.host() + "/" + prefix + "/aim-qwen:0.8.4"), images);
            assertEquals("False/WithinLimit", state(s.conditions, "MaxModelsLimitReached"));
        });
    }

    /** A pull secret in the operator's namespace, where cluster-scoped sources read theirs. */
    void operatorPullSecret(String name, String registryHost, String user, String password) {
        String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        client.resource(new SecretBuilder().withNewMetadata().withName(name).withNamespace(OPERATOR_NAMESPACE)
                .endMetadata().withType("kubernetes.io/dockerconfigjson")
                .withStringData(Map.of(".dockerconfigjson",
                        "{\"auths\":{\"" + registryHost + "\":{\"auth\":\"" + auth + "\"}}}"))
                .build()).create();
    }

    @Test
    @DisplayName("aimclustermodelsource/auth-failure")
    void ghcrWildcardWithoutSecretsFailsAndCreatesNothing() {
        // the entry as AIM Engine writes it: a wildcard on a GHCR organisation, no pull secrets. Listing a GHCR
        // organisation's packages needs a GitHub token, so the filter fails before any request is made.
        String name = prefix + "-ghcr";
        source(name, """
                filters: [{image: "ghcr.io/silogen-private/*"}]
                """);

        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMClusterModelSourceStatus s = status(name);
            assertEquals("Failed", s.status, String.valueOf(s.conditions));
            assertEquals("False/AllFiltersFailed", state(s.conditions, "FiltersReady"));
            assertTrue(state(s.conditions, "Ready").startsWith("False/"), state(s.conditions, "Ready"));
            assertTrue(String.valueOf(s.conditions).contains("no ghcr.io credentials"), String.valueOf(s.conditions));
        });
        assertTrue(models(name).isEmpty());
    }

    @Test
    @DisplayName("aimclustermodelsource/auth-failure (a registry refusing the pull secret)")
    void aRegistryRefusingThePullSecretFailsTheSourceAndCreatesNothing() {
        TestRegistry locked = TestRegistry.withPassword();
        for (String repo : List.of("aim-a", "aim-b")) {
            locked.push(prefix + "/" + repo, "0.8.4", Map.of());
        }
        operatorPullSecret(prefix + "-wrong", locked.host(), TestRegistry.USER, "not-the-password");
        operatorPullSecret(prefix + "-right", locked.host(), TestRegistry.USER, TestRegistry.PASSWORD);
        String refused = prefix + "-refused";
        source(refused, """
                filters: [{image: "%s/%s/aim-*"}]
                imagePullSecrets: [{name: %s-wrong}]
                """.formatted(locked.host(), prefix, prefix));

        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMClusterModelSourceStatus s = status(refused);
            assertEquals("Failed", s.status, String.valueOf(s.conditions));
            assertEquals("False/AllFiltersFailed", state(s.conditions, "FiltersReady"));
            String message = condition(s.conditions, "FiltersReady").orElseThrow().getMessage();
            assertTrue(message.contains(locked.host()) && message.contains("HTTP 401"), message);
        });
        assertTrue(models(refused).isEmpty(), "nothing is created from a listing that was refused");
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> assertTrue(client.v1().events()
                .inNamespace("default").list().getItems().stream().anyMatch(e -> refused.equals(
                        e.getInvolvedObject().getName()) && "Warning".equals(e.getType())
                        && "AllFiltersFailed".equals(e.getReason()) && e.getMessage().contains("HTTP 401"))));

        // the same filter with the right secret lists the private repositories
        String allowed = prefix + "-allowed";
        source(allowed, """
                filters: [{image: "%s/%s/aim-*"}]
                imagePullSecrets: [{name: %s-right}]
                """.formatted(locked.host(), prefix, prefix));
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMClusterModelSourceStatus s = status(allowed);
            assertEquals("Ready", s.status, String.valueOf(s.conditions));
            assertEquals(Set.of(locked.host() + "/" + prefix + "/aim-a:0.8.4",
                    locked.host() + "/" + prefix + "/aim-b:0.8.4"),
                    models(allowed).stream().map(m -> m.getSpec().image).collect(Collectors.toSet()));
        });
        assertEquals(List.of(new LocalObjectReference(prefix + "-right")),
                models(allowed).get(0).getSpec().imagePullSecrets, "the models read their images with the secret");
    }

    @Test
    @DisplayName("aimclustermodelsource/auth-failure (unreachable registry)")
    void unreachableRegistryFailsAndCreatesNothing() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String name = prefix + "-failure";
        source(name, """
                filters: [{image: "127.0.0.1:%d/org/*"}]
                """.formatted(port));

        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMClusterModelSourceStatus s = status(name);
            assertEquals("Failed", s.status, String.valueOf(s.conditions));
            assertEquals("False/AllFiltersFailed", state(s.conditions, "FiltersReady"));
            assertTrue(state(s.conditions, "Ready").startsWith("False/"), state(s.conditions, "Ready"));
        });
        assertTrue(models(name).isEmpty());
    }
}
