package dev.aimengine.operator.apiserver.catalogue;

import dev.aimengine.operator.api.v1alpha1.AIMClusterModel;
import dev.aimengine.operator.api.v1alpha1.AIMClusterServiceTemplate;
import dev.aimengine.operator.api.v1alpha1.AIMModel;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplate;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplateStatus;
import dev.aimengine.operator.testing.GpuNodes;
import dev.aimengine.operator.testing.OperatorLog;
import dev.aimengine.operator.testing.RealApiServer;
import dev.aimengine.operator.testing.standin.StandInAimImage;
import dev.aimengine.operator.testing.standin.StandInKubelet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static dev.aimengine.operator.testing.Fixtures.condition;
import static dev.aimengine.operator.testing.Fixtures.load;
import static dev.aimengine.operator.testing.Fixtures.newNamespace;
import static dev.aimengine.operator.testing.Fixtures.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * AIM Engine's end-to-end catalogue, {@code aimservicetemplate/discovery/*}: templates without inline sources learn
 * their profile and model sources from a discovery Job (the stand-in kubelet runs the AIM image's dry-run and serves
 * its log through {@code pods/log}, which the operator reads as in production).
 */
@QuarkusTest
@TestProfile(RealApiServer.class)
@ExtendWith(OperatorLog.Watch.class)
class DiscoveryCatalogueTest {
    static final Duration WAIT = Duration.ofSeconds(90);
    static final String OPERATOR_NAMESPACE = "aim-system";
    static final String IMAGE = "ghcr.io/silogen/aim-dummy:0.1.8";

    @Inject
    KubernetesClient client;
    StandInKubelet kubelet;
    String ns;

    @BeforeEach
    void setUp() {
        GpuNodes.ensure(client);
        ns = newNamespace(client, "discovery");
        kubelet = new StandInKubelet(client);
    }

    @AfterEach
    void tearDown() {
        kubelet.close();
    }

    @Test
    @DisplayName("aimservicetemplate/discovery/happy-path-namespace")
    void happyPathNamespace() {
        kubelet.runPods(ns, StandInAimImage::runs, new StandInAimImage(0));
        model(ns, "m", IMAGE);
        template("t", "m");
        Job job = await().ignoreExceptions().atMost(WAIT).until(() -> client.batch().v1().jobs().inNamespace(ns)
                .withLabel("aim.eai.amd.com/template", "t").list().getItems().get(0), j -> j != null);
        assertEquals("aim-discovery", job.getMetadata().getLabels().get("app.kubernetes.io/name"));
        assertEquals("t", job.getMetadata().getOwnerReferences().get(0).getName());
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> assertDiscovered(
                client.resources(AIMServiceTemplate.class).inNamespace(ns).withName("t").get().getStatus(), "m"));
    }

    @Test
    @DisplayName("aimservicetemplate/discovery/happy-path-cluster")
    void happyPathCluster() {
        kubelet.runPods(OPERATOR_NAMESPACE, StandInAimImage::runs, new StandInAimImage(0));
        String model = unique("discovery-cm");
        String template = model + "-t";
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMClusterModel
                metadata: {name: %s}
                spec: {image: "%s", discovery: {extractMetadata: false, createServiceTemplates: false}}
                """.formatted(model, IMAGE), AIMClusterModel.class)).create();
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMClusterServiceTemplate
                metadata: {name: %s}
                spec: {modelName: %s, hardware: {gpu: {requests: 1, model: MI300X}}}
                """.formatted(template, model), AIMClusterServiceTemplate.class)).create();
        await().ignoreExceptions().atMost(WAIT).until(() -> !client.batch().v1().jobs().inNamespace(OPERATOR_NAMESPACE)
                .withLabel("aim.eai.amd.com/template", template).list().getItems().isEmpty());
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> assertDiscovered(
                client.resources(AIMClusterServiceTemplate.class).withName(template).get().getStatus(), model));
    }

    @Test
    @DisplayName("aimservicetemplate/discovery/concurrent-limit")
    void concurrentLimit() throws Exception {
        kubelet.runPods(ns, StandInAimImage::runs, new StandInAimImage(1500));
        model(ns, "m", IMAGE);
        AtomicInteger maxActive = new AtomicInteger();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> {
            try {
                int active = (int) client.batch().v1().jobs().inAnyNamespace()
                        .withLabel("app.kubernetes.io/name", "aim-discovery").list().getItems().stream()
                        .filter(j -> j.getStatus() == null || j.getStatus().getConditions() == null
                                || j.getStatus().getConditions().stream().noneMatch(c -> "True".equals(c.getStatus())))
                        .count();
                maxActive.accumulateAndGet(active, Math::max);
            } catch (RuntimeException ignored) {
                // a sample lost to a busy API server does not matter
            }
        }, 0, 200, TimeUnit.MILLISECONDS);
        try {
            IntStream.range(0, 30).forEach(i -> template("t" + i, "m"));
            await().ignoreExceptions().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertEquals(30, client.resources(AIMServiceTemplate.class).inNamespace(ns)
                            .list().getItems().stream().filter(t -> t.getStatus() != null
                                    && "Ready".equals(t.getStatus().status)).count()));
        } finally {
            sampler.shutdownNow();
        }
        assertTrue(maxActive.get() <= 10, "at most 10 discovery jobs at a time, saw " + maxActive.get());
        assertTrue(maxActive.get() >= 2, "the jobs did run side by side, saw " + maxActive.get());
    }

    @Test
    @DisplayName("aimservicetemplate/discovery/success-with-failures")
    void successWithFailures() {
        kubelet.runPods(ns, StandInAimImage::runs, new StandInAimImage(0));
        model(ns, "broken", "docker.io/library/busybox:1.36");
        IntStream.range(0, 15).forEach(i -> template("broken-" + i, "broken"));
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> assertTrue(client.resources(AIMServiceTemplate.class)
                .inNamespace(ns).list().getItems().stream().filter(t -> t.getStatus() != null
                        && t.getStatus().discovery != null && t.getStatus().discovery.attempts >= 1).count() >= 5));
        model(ns, "m", IMAGE);
        template("works", "m");
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMServiceTemplateStatus s = client.resources(AIMServiceTemplate.class).inNamespace(ns).withName("works")
                    .get().getStatus();
            assertEquals("Ready", s.status, String.valueOf(s.conditions));
            assertEquals("hf://HuggingFaceTB/SmolLM2-135M", s.modelSources.get(0).sourceUri);
        });
        List<AIMServiceTemplate> broken = client.resources(AIMServiceTemplate.class).inNamespace(ns).list().getItems()
                .stream().filter(t -> t.getMetadata().getName().startsWith("broken-")).toList();
        for (AIMServiceTemplate t : broken) {
            assertNotEquals("Ready", t.getStatus().status, t.getMetadata().getName() + " never becomes Ready");
        }
        AIMServiceTemplateStatus failing = broken.stream().map(AIMServiceTemplate::getStatus)
                .filter(s -> s.discovery != null && s.discovery.attempts >= 1).findFirst().orElseThrow();
        var discovered = condition(failing.conditions, "Discovered").orElseThrow();
        assertEquals("False", discovered.getStatus());
        assertEquals("AwaitingDiscovery", discovered.getReason());
        assertTrue(discovered.getMessage().startsWith("Waiting ") && discovered.getMessage().contains("before retry"),
                discovered.getMessage());
    }

    // ---- helpers ----

    static void assertDiscovered(AIMServiceTemplateStatus s, String model) {
        assertEquals("Ready", s.status, String.valueOf(s.conditions));
        var meta = s.profile.metadata;
        assertEquals(List.of("vllm", "MI300X", "fp8", "latency"), List.of(meta.engine, meta.gpu, meta.precision,
                meta.metric));
        assertEquals(Map.of("distributed_executor_backend", "mp", "gpu-memory-utilization", "0.95",
                "tensor-parallel-size", "1"), Map.of(
                        "distributed_executor_backend", s.profile.engineArgs.get("distributed_executor_backend").asText(),
                        "gpu-memory-utilization", s.profile.engineArgs.get("gpu-memory-utilization").asText(),
                        "tensor-parallel-size", s.profile.engineArgs.get("tensor-parallel-size").asText()));
        assertEquals(9, s.profile.envVars.size());
        assertEquals(1, s.modelSources.size());
        assertEquals("HuggingFaceTB/SmolLM2-135M", s.modelSources.get(0).modelId);
        assertEquals("hf://HuggingFaceTB/SmolLM2-135M", s.modelSources.get(0).sourceUri);
        assertEquals("512Mi", s.modelSources.get(0).size.toString());
        assertEquals(model, s.resolvedModel.name);
        var discovered = condition(s.conditions, "Discovered").orElseThrow();
        assertEquals("True/DiscoveryComplete", discovered.getStatus() + "/" + discovered.getReason());
    }

    void model(String namespace, String name, String image) {
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMModel
                metadata: {name: %s}
                spec: {image: "%s", discovery: {extractMetadata: false, createServiceTemplates: false}}
                """.formatted(name, image), AIMModel.class)).inNamespace(namespace).create();
    }

    void template(String name, String model) {
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMServiceTemplate
                metadata: {name: %s}
                spec: {modelName: %s, hardware: {gpu: {requests: 1, model: MI300X}}}
                """.formatted(name, model), AIMServiceTemplate.class)).inNamespace(ns).create();
    }
}
