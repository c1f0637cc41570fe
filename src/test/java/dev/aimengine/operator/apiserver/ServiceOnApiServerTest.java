package dev.aimengine.operator.apiserver;

import dev.aimengine.operator.api.v1alpha1.AIMArtifact;
import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.api.v1alpha1.AIMServiceStatus;
import dev.aimengine.operator.api.v1alpha1.AIMTemplateCache;
import dev.aimengine.operator.common.AimNames;
import dev.aimengine.operator.testing.ClusterSim;
import dev.aimengine.operator.testing.RealApiServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.aimengine.operator.testing.Fixtures.load;
import static dev.aimengine.operator.testing.Fixtures.newNamespace;
import static dev.aimengine.operator.testing.Fixtures.state;
import static dev.aimengine.operator.testing.Fixtures.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tier 3: AIMService end to end on a real API server, with KServe and a kubelet simulated by the test. */
@QuarkusTest
@TestProfile(RealApiServer.class)
class ServiceOnApiServerTest {
    static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    KubernetesClient client;
    ClusterSim sim;

    @BeforeEach
    void setUp() {
        sim = new ClusterSim(client);
        if (client.nodes().withName("svc-mi300x").get() == null) {
            client.nodes().resource(new NodeBuilder().withNewMetadata().withName("svc-mi300x")
                    .withLabels(Map.of("amd.com/gpu.device-id", "74a1", "amd.com/gpu.vram", "192G")).endMetadata()
                    .withNewStatus().withAllocatable(Map.of("amd.com/gpu", new io.fabric8.kubernetes.api.model.Quantity("8")))
                    .endStatus().build()).create();
        }
    }

    /** The spec's basic example: cluster model + cluster template with inline sources + service by model name. */
    @Test
    void basicExampleReachesRunning() {
        String ns = newNamespace(client, "basic");
        String model = unique("qwen");
        String template = model + "-mi300x";
        clusterModelAndTemplate(model, template, "optimized", "MI300X");
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMService
                metadata: {name: chat}
                spec:
                  model: {name: %s}
                  env: [{name: AIM_ENGINE_ARGS, value: '{"max-model-len": 4096}'}]
                """.formatted(model), AIMService.class)).inNamespace(ns).create();

        AIMTemplateCache cache = await().ignoreExceptions().atMost(WAIT).until(
                () -> client.resources(AIMTemplateCache.class).inNamespace(ns).withLabel("aim.eai.amd.com/service", "chat")
                        .list().getItems().get(0), c -> c != null);
        assertEquals("Shared", cache.getSpec().mode);
        assertEquals("Cluster", cache.getSpec().templateScope);
        assertEquals(template, cache.getSpec().templateName);
        assertTrue(cache.getMetadata().getOwnerReferences() == null || cache.getMetadata().getOwnerReferences().isEmpty(),
                "a Shared cache has no owner");
        assertEquals("chat", cache.getMetadata().getLabels().get("aim.eai.amd.com/service.name"));

        downloadArtifactsOf(ns, cache.getMetadata().getName());

        String isvcName = AimNames.inferenceService("chat", ns);
        GenericKubernetesResource isvc = await().ignoreExceptions().atMost(WAIT).until(() -> isvc(ns, isvcName), x -> x != null);
        Map<String, Object> container = container(isvc);
        assertEquals("amdenterpriseai/aim-base:0.9", container.get("image"));
        assertEquals("kserve-container", container.get("name"));
        assertTrue(String.valueOf(container.get("env")).contains("AIM_ENGINE_ARGS"), String.valueOf(container.get("env")));
        assertTrue(String.valueOf(container.get("volumeMounts")).contains("/workspace/cache/Qwen/Qwen2-0.5B"),
                String.valueOf(container.get("volumeMounts")));
        assertEquals("1", String.valueOf(((Map<?, ?>) ((Map<?, ?>) container.get("resources")).get("limits")).get("amd.com/gpu")));
        assertEquals("chat", isvc.getMetadata().getOwnerReferences().get(0).getName());
        assertEquals("inference", isvc.getMetadata().getLabels().get("app.kubernetes.io/component"));
        assertEquals("none", isvc.getMetadata().getAnnotations().get("serving.kserve.io/autoscalerClass"));
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMServiceStatus s = service(ns, "chat").getStatus();
            assertEquals("Starting", s.status, String.valueOf(s.conditions));
            assertEquals("False/CreatingRuntime", state(s.conditions, "InferenceServiceReady"));
        });

        sim.markReady(isvc);
        sim.runPredictor(ns, isvcName);
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMServiceStatus s = service(ns, "chat").getStatus();
            assertEquals("Running", s.status, String.valueOf(s.conditions));
            assertEquals("True/AllComponentsReady", state(s.conditions, "Ready"));
            assertEquals(model, s.resolvedModel.name);
            assertEquals("Cluster", s.resolvedModel.scope);
            assertEquals(template, s.resolvedTemplate.name);
            assertEquals("Cluster", s.resolvedTemplate.scope);
            assertEquals(cache.getMetadata().getName(), s.cache.templateCacheRef.name);
            assertEquals("1", s.runtime.replicas);
            assertEquals("Selected", s.templateSelection.outcome);
            assertEquals("True/SufficientGPUCapacity", state(s.conditions, "GPUCapacityAvailable"));
        });
    }

    // ---- helpers ----

    void clusterModelAndTemplate(String model, String template, String type, String gpu) {
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMClusterModel
                metadata: {name: %s}
                spec: {image: "amdenterpriseai/aim-base:0.9", discovery: {extractMetadata: false, createServiceTemplates: false}}
                """.formatted(model), dev.aimengine.operator.api.v1alpha1.AIMClusterModel.class)).create();
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMClusterServiceTemplate
                metadata: {name: %s}
                spec:
                  modelName: %s
                  metric: latency
                  precision: fp16
                  type: %s
                  hardware: {gpu: {requests: 1, model: %s}}
                  modelSources: [{modelId: Qwen/Qwen2-0.5B, sourceUri: "hf://Qwen/Qwen2-0.5B", size: 1Gi}]
                """.formatted(template, model, type, gpu), dev.aimengine.operator.api.v1alpha1.AIMClusterServiceTemplate.class))
                .create();
    }

    /** Plays provisioner and kubelet for every artifact of a cache until they are Ready. */
    void downloadArtifactsOf(String ns, String cacheName) {
        List<AIMArtifact> artifacts = await().ignoreExceptions().atMost(WAIT).until(
                () -> client.resources(AIMArtifact.class).inNamespace(ns)
                        .withLabel("aim.eai.amd.com/template-cache.name", cacheName).list().getItems(), l -> !l.isEmpty());
        for (AIMArtifact a : artifacts) {
            String name = a.getMetadata().getName();
            PersistentVolumeClaim pvc = await().ignoreExceptions().atMost(WAIT).until(() -> client.persistentVolumeClaims()
                    .inNamespace(ns).withLabel("aim.eai.amd.com/cache.name", name).list().getItems().get(0), p -> p != null);
            sim.provision(pvc);
            Job job = await().ignoreExceptions().atMost(WAIT).until(() -> client.batch().v1().jobs().inNamespace(ns)
                    .withLabel("aim.eai.amd.com/cache.name", name).withLabel("aim.eai.amd.com/component", "download")
                    .list().getItems().get(0), j -> j != null);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                    .until(() -> !sim.jobPods(job).isEmpty() || true);
            sim.succeed(job);
            await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
                AIMArtifact live = client.resources(AIMArtifact.class).inNamespace(ns).withName(name).get();
                assertEquals("Ready", live.getStatus().status, String.valueOf(live.getStatus().conditions));
            });
        }
    }

    AIMService service(String ns, String name) {
        AIMService s = client.resources(AIMService.class).inNamespace(ns).withName(name).get();
        assertNotNull(s.getStatus());
        return s;
    }

    GenericKubernetesResource isvc(String ns, String name) {
        return client.genericKubernetesResources("serving.kserve.io/v1beta1", "InferenceService").inNamespace(ns)
                .withName(name).get();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> container(GenericKubernetesResource isvc) {
        Map<String, Object> predictor = (Map<String, Object>) ((Map<String, Object>) isvc.getAdditionalProperties()
                .get("spec")).get("predictor");
        return ((List<Map<String, Object>>) predictor.get("containers")).get(0);
    }
}
