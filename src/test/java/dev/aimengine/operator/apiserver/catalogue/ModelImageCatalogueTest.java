package dev.aimengine.operator.apiserver.catalogue;

import dev.aimengine.operator.api.v1alpha1.AIMClusterModel;
import dev.aimengine.operator.api.v1alpha1.AIMClusterServiceTemplate;
import dev.aimengine.operator.api.v1alpha1.AIMModel;
import dev.aimengine.operator.api.v1alpha1.AIMModelStatus;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplate;
import dev.aimengine.operator.testing.GpuNodes;
import dev.aimengine.operator.testing.OperatorLog;
import dev.aimengine.operator.testing.RealApiServer;
import dev.aimengine.operator.testing.TestRegistry;
import dev.aimengine.operator.testing.standin.StandInAimImage;
import dev.aimengine.operator.testing.standin.StandIns;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static dev.aimengine.operator.testing.Fixtures.condition;
import static dev.aimengine.operator.testing.Fixtures.load;
import static dev.aimengine.operator.testing.Fixtures.newNamespace;
import static dev.aimengine.operator.testing.Fixtures.state;
import static dev.aimengine.operator.testing.Fixtures.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * AIM Engine's end-to-end catalogue entries that start from an image in a registry: {@code aimmodel/*} with
 * registry inspection, and {@code aimservice/common/model-by-image} and {@code profile-id-propagation}. The images
 * live in a real registry ({@link TestRegistry}, Debian's docker-registry) with the labels AIM images carry; the
 * operator reads them with its own registry client. Discovery Jobs run the stand-in AIM image's dry-run. Faults a user
 * meets are here too: an unknown image, labels that cannot be read, a registry refusing the pull secret (the same
 * registry behind htpasswd) and one that accepts connections but never answers.
 */
@QuarkusTest
@TestProfile(RealApiServer.class)
@ExtendWith(OperatorLog.Watch.class)
class ModelImageCatalogueTest {
    static final Duration WAIT = Duration.ofSeconds(90);
    static final String OPERATOR_NAMESPACE = "aim-system";
    static final String CANONICAL = "com.amd.aim.model.canonicalName";
    static final String RECOMMENDED = "com.amd.aim.model.recommendedDeployments";

    @Inject
    KubernetesClient client;
    @ConfigProperty(name = "aim.registry.timeout", defaultValue = "20s")
    Duration registryTimeout;
    TestRegistry registry;
    StandIns cluster;
    String ns;

    @BeforeEach
    void setUp() {
        GpuNodes.ensure(client);
        registry = TestRegistry.get();
        cluster = StandIns.start(client);
        ns = newNamespace(client, "model-image");
        cluster.kubelet.runPods(ns, StandInAimImage::runs, new StandInAimImage(0));
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    /** An AIM image for one model, recommending one single-GPU deployment per profile ID ({@code <gpu>-<precision>-<metric>...}). */
    String aimImage(String repository, String model, String... profiles) {
        String deployments = java.util.Arrays.stream(profiles).map(p -> {
            String[] parts = p.split("-");
            return "{\"gpuModel\": \"" + parts[0].toUpperCase() + "\", \"gpuCount\": 1, \"precision\": \""
                    + parts[1] + "\", \"metric\": \""
                    + parts[2] + "\", \"profileId\": \"" + p + "\", \"description\": \"" + p + "\"}";
        }).collect(Collectors.joining(", ", "[", "]"));
        registry.push(repository, "0.1.0", Map.of(CANONICAL, model, RECOMMENDED, deployments,
                "org.opencontainers.image.title", model));
        return registry.host() + "/" + repository + ":0.1.0";
    }

    AIMModelStatus modelStatus(String name) {
        return client.resources(AIMModel.class).inNamespace(ns).withName(name).get().getStatus();
    }

    List<AIMServiceTemplate> templatesOf(String model) {
        return client.resources(AIMServiceTemplate.class).inNamespace(ns).withLabel("aim.eai.amd.com/model", model)
                .list().getItems();
    }

    /** The smallest AIMModel a user writes: a name and an image. */
    void modelWithOnlyImage(String name, String image) {
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMModel
                metadata: {name: %s}
                spec: {image: "%s"}
                """.formatted(name, image), AIMModel.class)).inNamespace(ns).create();
    }

    @Test
    @DisplayName("aimmodel/auto-create-templates")
    void autoCreateTemplates() {
        String image = aimImage("amd/aim-auto", "org/auto", "mi300x-fp8-latency");
        modelWithOnlyImage("auto", image);

        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMModelStatus s = modelStatus("auto");
            assertEquals("True/ImageMetadataFound", state(s.conditions, "ImageMetadataReady"));
            assertEquals("org/auto", s.imageMetadata.model.canonicalName);
            assertEquals(1, templatesOf("auto").size());
        });
        AIMServiceTemplate t = templatesOf("auto").get(0);
        assertEquals("auto-generated", t.getMetadata().getLabels().get("aim.eai.amd.com/origin"));
        assertEquals("auto", t.getSpec().modelName);
        assertEquals("MI300X", t.getSpec().hardware.gpu.model);
        assertEquals(1, t.getSpec().hardware.gpu.requests);
        assertEquals("mi300x-fp8-latency", t.getSpec().profileId);
        assertEquals("auto", t.getMetadata().getOwnerReferences().get(0).getName());
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> assertEquals("Ready", modelStatus("auto").status,
                String.valueOf(modelStatus("auto").conditions)));
    }

    @Test
    @DisplayName("aimmodel/additive-custom-templates")
    void additiveCustomTemplates() {
        String image = aimImage("amd/aim-additive", "org/additive", "mi300x-fp8-latency", "mi300x-fp16-throughput");
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMModel
                metadata: {name: additive}
                spec:
                  image: "%s"
                  customTemplates:
                    - name: custom-high-memory
                      hardware: {gpu: {requests: 2, model: MI300X}}
                      env: [{name: MAX_MODEL_LEN, value: "32768"}]
                    - name: custom-low-latency
                      type: optimized
                      profile: {metric: latency, precision: fp16}
                      hardware: {gpu: {requests: 1, model: MI300X}}
                """.formatted(image), AIMModel.class)).inNamespace(ns).create();

        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMModelStatus s = modelStatus("additive");
            assertEquals("Ready", s.status, String.valueOf(s.conditions));
            assertEquals("Image", s.sourceType);
        });
        List<AIMServiceTemplate> templates = templatesOf("additive");
        assertEquals(4, templates.size(), "two recommended, two custom");
        Map<String, AIMServiceTemplate> byAlias = templates.stream()
                .filter(t -> t.getMetadata().getLabels().containsKey("aim.eai.amd.com/template.alias"))
                .collect(Collectors.toMap(t -> t.getMetadata().getLabels().get("aim.eai.amd.com/template.alias"),
                        t -> t));
        AIMServiceTemplate highMemory = byAlias.get("custom-high-memory");
        assertEquals(2, highMemory.getSpec().hardware.gpu.requests);
        assertEquals("MI300X", highMemory.getSpec().hardware.gpu.model);
        assertEquals("32768", highMemory.getSpec().env.stream().filter(e -> e.getName().equals("MAX_MODEL_LEN"))
                .map(EnvVar::getValue).findFirst().orElse(null));
        AIMServiceTemplate lowLatency = byAlias.get("custom-low-latency");
        assertEquals("optimized", lowLatency.getSpec().type);
        assertEquals("latency", lowLatency.getSpec().metric);
        assertEquals("fp16", lowLatency.getSpec().precision);
        assertEquals(1, lowLatency.getSpec().hardware.gpu.requests);
    }

    @Test
    @DisplayName("aimmodel/cluster-scoped-templates")
    void clusterScopedTemplates() {
        cluster.kubelet.runPods(OPERATOR_NAMESPACE, StandInAimImage::runs, new StandInAimImage(0));
        String name = unique("cluster-image");
        String image = aimImage("amd/aim-" + name, "org/" + name, "mi300x-fp8-latency");
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMClusterModel
                metadata: {name: %s}
                spec: {image: "%s"}
                """.formatted(name, image), AIMClusterModel.class)).create();

        List<AIMClusterServiceTemplate> templates = await().ignoreExceptions().atMost(WAIT).until(() -> client
                .resources(AIMClusterServiceTemplate.class).withLabel("aim.eai.amd.com/model", name).list().getItems(),
                l -> l.size() == 1);
        AIMClusterServiceTemplate t = templates.get(0);
        assertEquals("auto-generated", t.getMetadata().getLabels().get("aim.eai.amd.com/origin"));
        assertEquals(name, t.getSpec().modelName);
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMModelStatus s = client.resources(AIMClusterModel.class).withName(name).get().getStatus();
            assertEquals("True/ImageMetadataFound", state(s.conditions, "ImageMetadataReady"));
            assertEquals("Ready", s.status, String.valueOf(s.conditions));
        });
    }

    @Test
    @DisplayName("aimmodel/invalid-image-pull-secret")
    void invalidImagePullSecret() {
        String image = aimImage("amd/aim-secret", "org/secret", "mi300x-fp8-latency");
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMModel
                metadata: {name: secret}
                spec:
                  image: "%s"
                  imagePullSecrets: [{name: missing-pull-secret}]
                """.formatted(image), AIMModel.class)).inNamespace(ns).create();

        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMModelStatus s = modelStatus("secret");
            assertEquals("Failed", s.status, String.valueOf(s.conditions));
            assertEquals("False/ReferenceNotFound", state(s.conditions, "ConfigValid"));
            assertTrue(state(s.conditions, "Ready").startsWith("False/"), state(s.conditions, "Ready"));
            assertEquals("False/SecretNotFound", state(s.conditions, "ImageMetadataReady"));
        });
        assertTrue(templatesOf("secret").isEmpty(), "nothing is created before the image has been read");
    }

    @Test
    @DisplayName("aimmodel/custom-models/nonexistent-image")
    void customModelNonexistentImage() {
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMModel
                metadata: {name: missing}
                spec:
                  image: "%s/amd/aim-base:0"
                  modelSources: [{modelId: org/tiny, sourceUri: "hf://org/tiny", size: 1Gi}]
                  custom: {hardware: {gpu: {requests: 1, model: MI300X}}}
                """.formatted(registry.host()), AIMModel.class)).inNamespace(ns).create();

        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMModelStatus s = modelStatus("missing");
            assertEquals("Degraded", s.status, String.valueOf(s.conditions));
            assertEquals("Custom", s.sourceType);
            assertEquals("False/ImageNotFound", state(s.conditions, "ImageMetadataReady"));
        });
        assertWarning("missing", "ImageNotFound", "amd/aim-base:0");
    }

    @Test
    void malformedLabelsAreReportedWithTheLabelTheyCameFrom() {
        registry.push("amd/aim-malformed", "1", Map.of(RECOMMENDED, "not a list"));
        modelWithOnlyImage("malformed", registry.host() + "/amd/aim-malformed:1");

        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMModelStatus s = modelStatus("malformed");
            assertEquals("Degraded", s.status, String.valueOf(s.conditions));
            assertEquals("False/ImageLabelsInvalid", state(s.conditions, "ImageMetadataReady"));
            assertEquals("False", state(s.conditions, "DependenciesReachable").split("/")[0]);
        });
        assertWarning("malformed", "ImageLabelsInvalid", "recommendedDeployments");
        assertTrue(templatesOf("malformed").isEmpty(), "nothing is created from labels that cannot be read");
    }

    /** A {@code kubernetes.io/dockerconfigjson} pull secret holding one user's password for one registry. */
    Secret pullSecret(String name, String registryHost, String user, String password) {
        String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        String config = "{\"auths\":{\"" + registryHost + "\":{\"auth\":\"" + auth + "\"}}}";
        return new SecretBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withType("kubernetes.io/dockerconfigjson")
                .withStringData(Map.of(".dockerconfigjson", config)).build();
    }

    @Test
    void aRegistryRefusingThePullSecretFailsTheModelUntilTheSecretIsCorrected() {
        TestRegistry locked = TestRegistry.withPassword();
        locked.push("private/aim-locked", "1", Map.of(CANONICAL, "org/locked", RECOMMENDED,
                "[{\"gpuModel\": \"MI300X\", \"gpuCount\": 1, \"precision\": \"fp8\", \"metric\": \"latency\"}]"));
        String image = locked.host() + "/private/aim-locked:1";
        client.resource(pullSecret("locked-pull", locked.host(), TestRegistry.USER, "an-old-password")).create();
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMModel
                metadata: {name: locked}
                spec:
                  image: "%s"
                  imagePullSecrets: [{name: locked-pull}]
                """.formatted(image), AIMModel.class)).inNamespace(ns).create();

        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMModelStatus s = modelStatus("locked");
            assertEquals("Failed", s.status, String.valueOf(s.conditions));
            assertEquals("False/RegistryAuthFailed", state(s.conditions, "ImageMetadataReady"));
            assertEquals("False/AuthError", state(s.conditions, "AuthValid"));
            String message = condition(s.conditions, "ImageMetadataReady").orElseThrow().getMessage();
            assertTrue(message.contains(locked.host()) && message.contains(image) && message.contains("locked-pull"),
                    message);
        });
        assertWarning("locked", "RegistryAuthFailed", "locked-pull");
        AIMModelStatus refused = modelStatus("locked");
        assertNull(refused.imageMetadata, "nothing of the image is recorded before it has been read");
        assertTrue(templatesOf("locked").isEmpty(), "nothing is created before the image has been read");

        // the user fixes the secret; the model is not touched and still recovers by looking again
        client.resource(pullSecret("locked-pull", locked.host(), TestRegistry.USER, TestRegistry.PASSWORD)).update();
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMModelStatus s = modelStatus("locked");
            assertEquals("True/ImageMetadataFound", state(s.conditions, "ImageMetadataReady"));
            assertEquals("org/locked", s.imageMetadata.model.canonicalName);
            assertEquals(1, templatesOf("locked").size());
        });
    }

    @Test
    void aPrivateImageWithoutPullSecretsSaysThatNoneAreSet() {
        TestRegistry locked = TestRegistry.withPassword();
        locked.push("private/aim-anonymous", "1", Map.of(CANONICAL, "org/anonymous"));
        String image = locked.host() + "/private/aim-anonymous:1";
        modelWithOnlyImage("anonymous", image);

        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMModelStatus s = modelStatus("anonymous");
            assertEquals("Failed", s.status, String.valueOf(s.conditions));
            assertEquals("False/RegistryAuthFailed", state(s.conditions, "ImageMetadataReady"));
            String message = condition(s.conditions, "ImageMetadataReady").orElseThrow().getMessage();
            assertTrue(message.contains(image) && message.contains("no imagePullSecrets are set"), message);
        });
        assertWarning("anonymous", "RegistryAuthFailed", "no imagePullSecrets are set");
        assertTrue(templatesOf("anonymous").isEmpty());
    }

    @Test
    void aRegistryThatNeverAnswersIsReportedWithinTheDeadlineAndRetried() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        List<Long> acceptedAt = new CopyOnWriteArrayList<>();
        // accepts every connection and never writes a byte back
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                        acceptedAt.add(System.nanoTime());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            }, "silent-registry");
            acceptor.setDaemon(true);
            acceptor.start();
            String image = "127.0.0.1:" + silent.getLocalPort() + "/amd/aim-silent:1";
            long created = System.nanoTime();
            modelWithOnlyImage("silent", image);

            await().ignoreExceptions().atMost(registryTimeout.plus(Duration.ofSeconds(30))).untilAsserted(() -> {
                AIMModelStatus s = modelStatus("silent");
                assertEquals("False/RegistryUnreachable", state(s.conditions, "ImageMetadataReady"));
                assertEquals("False/InfrastructureError", state(s.conditions, "DependenciesReachable"));
                assertEquals("Degraded", s.status, String.valueOf(s.conditions));
                String message = condition(s.conditions, "ImageMetadataReady").orElseThrow().getMessage();
                assertTrue(message.contains(image) && message.contains("no answer")
                        && message.contains("within " + registryTimeout.toSeconds() + " s"), message);
            });
            Duration reported = Duration.ofNanos(System.nanoTime() - created);
            assertTrue(reported.compareTo(registryTimeout.plus(Duration.ofSeconds(30))) < 0,
                    "reported " + reported + " after creation, with a deadline of " + registryTimeout);
            assertWarning("silent", "RegistryUnreachable", "no answer");
            assertNull(modelStatus("silent").imageMetadata, "nothing of the image is recorded");
            assertTrue(templatesOf("silent").isEmpty(), "nothing is created from an image that was never read");
            await().atMost(WAIT).untilAsserted(() -> assertTrue(held.size() >= 2,
                    "asked again without any change to the model; connections so far: " + held.size()));
            // each attempt holds a reconcile thread for the whole deadline; the next one waits at least the
            // shortest backoff (2 s) after the deadline ran out, instead of starting at once
            Duration pause = Duration.ofNanos(acceptedAt.get(1) - acceptedAt.get(0)).minus(registryTimeout);
            assertTrue(pause.compareTo(Duration.ofMillis(1500)) >= 0, "asked again " + pause.toMillis()
                    + " ms after the first attempt gave up");
        } finally {
            client.resources(AIMModel.class).inNamespace(ns).withName("silent").delete();
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void aTagNotPushedYetIsLookedForAgainUntilItIsThere() {
        registry.push("amd/aim-later", "0.1", Map.of(CANONICAL, "org/later"));
        String image = registry.host() + "/amd/aim-later:0.2";
        modelWithOnlyImage("later", image);

        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMModelStatus s = modelStatus("later");
            assertEquals("False/ImageNotFound", state(s.conditions, "ImageMetadataReady"));
            assertEquals("Degraded", s.status, String.valueOf(s.conditions));
            String message = condition(s.conditions, "ImageMetadataReady").orElseThrow().getMessage();
            assertTrue(message.contains(image) && message.contains("MANIFEST_UNKNOWN"), message);
        });
        assertWarning("later", "ImageNotFound", "amd/aim-later:0.2");
        assertTrue(templatesOf("later").isEmpty());

        // the tag is pushed; nobody touches the model
        registry.push("amd/aim-later", "0.2", Map.of(CANONICAL, "org/later", RECOMMENDED,
                "[{\"gpuModel\": \"MI300X\", \"gpuCount\": 1, \"precision\": \"fp8\", \"metric\": \"latency\"}]"));
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMModelStatus s = modelStatus("later");
            assertEquals("True/ImageMetadataFound", state(s.conditions, "ImageMetadataReady"));
            assertEquals("True/Reachable", state(s.conditions, "DependenciesReachable"));
            assertEquals(1, templatesOf("later").size());
        });
    }

    @Test
    void aRegistryNobodyListensOnIsUnreachable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = socket.getLocalPort();
        }
        String image = "127.0.0.1:" + port + "/amd/aim-gone:1";
        modelWithOnlyImage("gone", image);

        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMModelStatus s = modelStatus("gone");
            assertEquals("False/RegistryUnreachable", state(s.conditions, "ImageMetadataReady"));
            assertEquals("False/InfrastructureError", state(s.conditions, "DependenciesReachable"));
            assertEquals("Degraded", s.status, String.valueOf(s.conditions));
            String message = condition(s.conditions, "ImageMetadataReady").orElseThrow().getMessage();
            assertTrue(message.contains(image) && message.contains("cannot reach 127.0.0.1"), message);
        });
        assertWarning("gone", "RegistryUnreachable", "cannot reach");
        assertNull(modelStatus("gone").imageMetadata);
        assertTrue(templatesOf("gone").isEmpty());
    }

    /** A Warning Event on the model with this reason, whose message names {@code detail}. */
    void assertWarning(String model, String reason, String detail) {
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> assertTrue(client.v1().events().inNamespace(ns)
                .list().getItems().stream().anyMatch(e -> model.equals(e.getInvolvedObject().getName())
                        && "Warning".equals(e.getType()) && reason.equals(e.getReason())
                        && e.getMessage().contains(detail)),
                "a Warning " + reason + " naming " + detail + " among " + client.v1().events().inNamespace(ns).list()
                        .getItems().stream().filter(e -> model.equals(e.getInvolvedObject().getName()))
                        .map(e -> e.getType() + " " + e.getReason() + ": " + e.getMessage()).toList()));
    }

    @Test
    @DisplayName("aimmodel/custom-models/valid-image")
    void customModelValidImage() {
        registry.push("amd/aim-base", "0.9", Map.of("org.opencontainers.image.title", "AIM base"));
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMModel
                metadata: {name: valid}
                spec:
                  image: "%s/amd/aim-base:0.9"
                  modelSources: [{modelId: org/tiny, sourceUri: "hf://org/tiny", size: 1Gi}]
                  custom: {hardware: {gpu: {requests: 1, model: MI300X}}}
                """.formatted(registry.host()), AIMModel.class)).inNamespace(ns).create();

        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMModelStatus s = modelStatus("valid");
            assertEquals("Ready", s.status, String.valueOf(s.conditions));
            assertEquals("True/ImageFound", state(s.conditions, "ImageMetadataReady"));
            assertEquals("AIM base", s.imageMetadata.oci.title);
        });
        List<AIMServiceTemplate> templates = templatesOf("valid");
        assertEquals(1, templates.size());
        assertEquals("Ready", templates.get(0).getStatus().status);
    }

    @Test
    @DisplayName("aimservice/common/model-by-image")
    void modelByImage() {
        // two recommended deployments, one for the cluster's GPU (MI300X) and one for a GPU it lacks
        String image = aimImage("amd/aim-by-image", "org/by-image", "mi300x-fp8-latency", "mi325x-fp8-latency");
        Serving s = new Serving(client, ns, cluster);
        s.service("svc", "model: {image: \"" + image + "\"}");

        GenericKubernetesResource isvc = s.download("svc");
        s.expect("svc", st -> {
            assertEquals("Starting", st.status, String.valueOf(st.conditions));
            assertNotNull(st.resolvedModel);
            assertNotNull(st.resolvedTemplate);
            assertEquals("True/ModelResolved", state(st.conditions, "ModelReady"));
            assertEquals("True/Resolved", state(st.conditions, "TemplateReady"));
        });
        AIMModel model = client.resources(AIMModel.class).inNamespace(ns).withName(s.status("svc").resolvedModel.name)
                .get();
        assertEquals(image, model.getSpec().image);
        assertEquals("auto-generated", model.getMetadata().getLabels().get("aim.eai.amd.com/origin"));
        assertEquals("org/by-image", model.getStatus().imageMetadata.model.canonicalName);
        assertEquals(2, model.getStatus().imageMetadata.model.recommendedDeployments.size());
        Map<String, String> templateStatus = templatesOf(model.getMetadata().getName()).stream().collect(
                Collectors.toMap(t -> t.getSpec().hardware.gpu.model, t -> t.getStatus().status));
        assertEquals(Map.of("MI300X", "Ready", "MI325X", "NotAvailable"), templateStatus);
        assertEquals("mi300x-fp8-latency", Serving.env(isvc, "AIM_PROFILE_ID"));
        cluster.serve(isvc);
        s.expectStatus("svc", "Running");
    }

    @Test
    @DisplayName("aimservice/common/profile-id-propagation")
    void profileIdPropagation() {
        String image = aimImage("amd/aim-profiles", "org/profiles", "mi300x-fp8-latency",
                "mi300x-fp16-latency-unopt");
        Serving s = new Serving(client, ns, cluster);
        s.service("svc", """
                model: {image: "%s"}
                overrides: {metric: latency, precision: fp16}
                template: {allowUnoptimized: true}
                """.formatted(image));

        GenericKubernetesResource isvc = s.download("svc");
        assertEquals("mi300x-fp16-latency-unopt", Serving.env(isvc, "AIM_PROFILE_ID"));
        assertEquals("fp16", Serving.env(isvc, "AIM_PRECISION"));
        assertEquals("latency", Serving.env(isvc, "AIM_METRIC"));
    }
}
