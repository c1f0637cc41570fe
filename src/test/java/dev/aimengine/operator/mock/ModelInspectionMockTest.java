package dev.aimengine.operator.mock;

import dev.aimengine.operator.api.v1alpha1.AIMClusterModel;
import dev.aimengine.operator.api.v1alpha1.AIMModel;
import dev.aimengine.operator.api.v1alpha1.AIMModelStatus;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplate;
import dev.aimengine.operator.common.naming.AimNames;
import dev.aimengine.operator.registry.RegistryCredentials;
import dev.aimengine.operator.registry.RegistryException;
import dev.aimengine.operator.testing.StandInRegistryClient;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.aimengine.operator.testing.Fixtures.condition;
import static dev.aimengine.operator.testing.Fixtures.state;
import static dev.aimengine.operator.testing.Fixtures.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tier 2: models read their image's labels through the registry client (played by {@link StandInRegistryClient}) with
 * the pull secrets they name, record them in status once, and make templates from them; a missing secret and an
 * unreachable registry show in the conditions and Events and heal on their own.
 */
@QuarkusTest
@WithKubernetesTestServer
class ModelInspectionMockTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String NS = "default";
    static final String OPERATOR_NS = "aim-system";

    @Inject
    KubernetesClient client;
    @Inject
    StandInRegistryClient registry;

    @Test
    void aModelByImageRecordsItsLabelsOnceAndCreatesATemplatePerRecommendedDeployment() {
        String name = unique("llama");
        String image = "registry.example.com/aim/" + name + ":0.8.4";
        registry.answer(image, Map.of(
                "com.amd.aim.model.canonicalName", "meta-llama/Llama-3.1-8B-Instruct",
                "org.opencontainers.image.vendor", "AMD",
                "com.amd.aim.model.recommendedDeployments",
                "[{'gpuModel': 'MI300X', 'gpuCount': 1, 'precision': 'fp8', 'metric': 'latency'},"
                        + " {'gpuModel': 'MI300X', 'gpuCount': 8, 'precision': 'fp16', 'metric': 'throughput'}]"));
        model(name, "image: " + image);

        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMModelStatus s = status(name);
            assertEquals("True/ImageMetadataFound", state(s.conditions, "ImageMetadataReady"));
            assertEquals("meta-llama/Llama-3.1-8B-Instruct", s.imageMetadata.model.canonicalName);
            assertEquals("AMD", s.imageMetadata.oci.vendor);
            assertEquals(3, s.imageMetadata.originalLabels.size());
            assertEquals("Image", s.sourceType);
        });
        List<AIMServiceTemplate> templates = await().ignoreExceptions().atMost(WAIT).until(() -> client
                .resources(AIMServiceTemplate.class).inNamespace(NS).withLabel("aim.eai.amd.com/model", name).list()
                .getItems(), l -> l.size() == 2);
        AIMServiceTemplate single = templates.stream().filter(t -> t.getSpec().hardware.gpu.requests == 1)
                .findFirst().orElseThrow();
        assertEquals("fp8", single.getSpec().precision);
        assertEquals("latency", single.getSpec().metric);
        assertEquals("MI300X", single.getSpec().hardware.gpu.model);
        assertEquals(AimNames.templateFromRecommendedDeployment(name, image,
                status(name).imageMetadata.model.recommendedDeployments.get(0)), single.getMetadata().getName());
        assertEquals("auto-generated", single.getMetadata().getLabels().get("aim.eai.amd.com/origin"));

        // the labels are kept: a re-pushed tag and later reconciles do not read the image again
        registry.answer(image, Map.of("com.amd.aim.model.canonicalName", "someone/else"));
        // a label patch (no resourceVersion: the operator may be writing the status at the same moment)
        client.resources(AIMModel.class).inNamespace(NS).withName(name)
                .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                        io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                        "{\"metadata\":{\"labels\":{\"touched\":\"yes\"}}}");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertEquals("meta-llama/Llama-3.1-8B-Instruct", status(name).imageMetadata.model.canonicalName));
        assertEquals(1, registry.calls(image).size(), "one registry read per model");
    }

    @Test
    void aMissingPullSecretFailsTheModelUntilTheSecretAppears() {
        String name = unique("private");
        String secret = name + "-pull";
        String image = "registry.example.com/private/" + name + ":1";
        registry.answer(image, Map.of());
        model(name, "image: " + image + "\nimagePullSecrets: [{name: " + secret + "}]");

        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMModelStatus s = status(name);
            assertEquals("Failed", s.status, String.valueOf(s.conditions));
            assertEquals("False/ReferenceNotFound", state(s.conditions, "ConfigValid"));
            assertEquals("False/SecretNotFound", state(s.conditions, "ImageMetadataReady"));
            assertEquals("imagePullSecret \"" + secret + "\" not found in namespace \"" + NS + "\"",
                    condition(s.conditions, "ImageMetadataReady").orElseThrow().getMessage());
            assertEquals("False/ReferenceNotFound", state(s.conditions, "Ready"));
        });
        Event warning = await().ignoreExceptions().atMost(WAIT).until(() -> event(NS, name, "SecretNotFound"),
                e -> e != null);
        assertEquals("Warning", warning.getType());
        assertTrue(warning.getMessage().contains(secret), warning.getMessage());
        assertTrue(registry.calls(image).isEmpty(), "the registry is not asked without the credentials");

        client.resource(pullSecret(secret, NS, "registry.example.com", "alice", "s3cret")).create();
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMModelStatus s = status(name);
            assertEquals("True/ImageFound", state(s.conditions, "ImageMetadataReady"));
            assertEquals("True/ConfigurationValid", state(s.conditions, "ConfigValid"));
            assertEquals("Ready", s.status);
        });
        RegistryCredentials used = registry.calls(image).get(0).credentials();
        assertEquals("alice", used.forRegistry("registry.example.com").orElseThrow().username(),
                "the registry was asked with the secret's credentials");
    }

    @Test
    void anUnreachableRegistryIsRetriedAndTheModelRecovers() {
        String name = unique("unreachable");
        String image = "registry.example.com/aim/" + name + ":1";
        registry.fail(image, RegistryException.Kind.UNREACHABLE, "connect timed out");
        model(name, "image: " + image);

        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMModelStatus s = status(name);
            assertEquals("False/InfrastructureError", state(s.conditions, "DependenciesReachable"));
            assertEquals("False/RegistryUnreachable", state(s.conditions, "ImageMetadataReady"));
            String message = condition(s.conditions, "ImageMetadataReady").orElseThrow().getMessage();
            assertTrue(message.contains("registry.example.com") && message.contains(image)
                    && message.contains("connect timed out"), message);
            assertEquals("Degraded", s.status);
        });
        assertNotNull(await().ignoreExceptions().atMost(WAIT).until(() -> event(NS, name, "RegistryUnreachable"),
                e -> e != null));
        int attempts = registry.calls(image).size();

        registry.answer(image, Map.of("com.amd.aim.model.canonicalName", "org/model"));
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMModelStatus s = status(name);
            assertEquals("True/Reachable", state(s.conditions, "DependenciesReachable"));
            assertEquals("True/ImageMetadataFound", state(s.conditions, "ImageMetadataReady"));
            assertEquals("Ready", s.status, String.valueOf(s.conditions));
        });
        assertTrue(registry.calls(image).size() > attempts, "retried without any change to the model");
    }

    @Test
    void aClusterModelReadsItsPullSecretsInTheOperatorNamespace() {
        String name = unique("cluster");
        String secret = name + "-pull";
        String image = "registry.example.com/cluster/" + name + ":1";
        registry.answer(image, Map.of());
        // a secret of that name in another namespace does not count
        client.resource(pullSecret(secret, NS, "registry.example.com", "bob", "wrong")).create();
        client.resource(client.getKubernetesSerialization().unmarshal("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMClusterModel
                metadata: {name: %s}
                spec: {image: "%s", imagePullSecrets: [{name: %s}]}
                """.formatted(name, image, secret), AIMClusterModel.class)).create();
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMModelStatus s = client.resources(AIMClusterModel.class).withName(name).get().getStatus();
            assertEquals("Failed", s.status);
            assertEquals("imagePullSecret \"" + secret + "\" not found in namespace \"" + OPERATOR_NS + "\"",
                    condition(s.conditions, "ImageMetadataReady").orElseThrow().getMessage());
        });

        client.resource(pullSecret(secret, OPERATOR_NS, "registry.example.com", "carol", "right")).create();
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMModelStatus s = client.resources(AIMClusterModel.class).withName(name).get().getStatus();
            assertEquals("True/ImageFound", state(s.conditions, "ImageMetadataReady"));
            assertEquals("Ready", s.status, String.valueOf(s.conditions));
        });
        assertEquals("carol", registry.calls(image).get(0).credentials().forRegistry("registry.example.com")
                .orElseThrow().username());
    }

    private void model(String name, String spec) {
        client.resource(client.getKubernetesSerialization().unmarshal("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMModel
                metadata: {name: %s}
                spec:
                %s
                """.formatted(name, spec.indent(2)), AIMModel.class)).inNamespace(NS).create();
    }

    private AIMModelStatus status(String name) {
        return client.resources(AIMModel.class).inNamespace(NS).withName(name).get().getStatus();
    }

    private Event event(String namespace, String object, String reason) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> object.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason()))
                .findFirst().orElse(null);
    }

    static io.fabric8.kubernetes.api.model.Secret pullSecret(String name, String namespace, String registry,
            String user, String password) {
        String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        String config = "{\"auths\":{\"" + registry + "\":{\"auth\":\"" + auth + "\"}}}";
        return new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withType("kubernetes.io/dockerconfigjson")
                .withData(Map.of(".dockerconfigjson", Base64.getEncoder().encodeToString(
                        config.getBytes(StandardCharsets.UTF_8))))
                .build();
    }
}
