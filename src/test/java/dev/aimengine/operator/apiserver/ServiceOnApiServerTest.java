package dev.aimengine.operator.apiserver;

import dev.aimengine.operator.api.v1alpha1.AIMArtifact;
import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.api.v1alpha1.AIMServiceStatus;
import dev.aimengine.operator.api.v1alpha1.AIMTemplateCache;
import dev.aimengine.operator.common.naming.AimNames;
import dev.aimengine.operator.testing.RealApiServer;
import dev.aimengine.operator.testing.standin.StandInDownloader;
import dev.aimengine.operator.testing.standin.StandInKServe;
import dev.aimengine.operator.testing.standin.StandInKubelet;
import dev.aimengine.operator.testing.standin.StandInProvisioner;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
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

/**
 * Tier 3: AIMService end to end on a real API server, with stand-ins for the kubelet, the volume provisioner, the
 * artifact downloader and KServe.
 */
@QuarkusTest
@TestProfile(RealApiServer.class)
@org.junit.jupiter.api.extension.ExtendWith(dev.aimengine.operator.testing.OperatorLog.Watch.class)
class ServiceOnApiServerTest {
    static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    KubernetesClient client;
    StandInKubelet kubelet;
    StandInKServe kserve;
    StandInProvisioner provisioner;
    StandInDownloader downloader;

    @BeforeEach
    void setUp() {
        kubelet = new StandInKubelet(client);
        kserve = new StandInKServe(client, kubelet);
        provisioner = new StandInProvisioner(client);
        downloader = new StandInDownloader(client)
                .huggingFaceRepo("Qwen/Qwen2-0.5B", Map.of("config.json", 661L, "model.safetensors", 988_097_824L))
                .huggingFaceRepo("org/model", Map.of("config.json", 512L, "model.safetensors", 500_000_000L));
        if (client.nodes().withName("svc-mi300x").get() == null) {
            client.nodes().resource(new NodeBuilder().withNewMetadata().withName("svc-mi300x")
                    .withLabels(Map.of("amd.com/gpu.device-id", "74a1", "amd.com/gpu.vram", "192G")).endMetadata()
                    .withNewStatus().withAllocatable(Map.of("amd.com/gpu", new io.fabric8.kubernetes.api.model.Quantity("8")))
                    .endStatus().build()).create();
        }
    }

    @AfterEach
    void tearDown() {
        for (AutoCloseable standIn : new AutoCloseable[] { downloader, kserve, provisioner, kubelet }) {
            if (standIn != null) {
                try {
                    standIn.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
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
                kind: AIMRuntimeConfig
                metadata: {name: default}
                spec: {env: [{name: FROM_RUNTIME_CONFIG, value: "yes"}, {name: AIM_ENGINE_ARGS, value: '{"tensor-parallel-size": 1}'}]}
                """, dev.aimengine.operator.api.v1alpha1.AIMRuntimeConfig.class)).inNamespace(ns).create();
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
        Map<String, String> env = env(container);
        assertEquals("yes", env.get("FROM_RUNTIME_CONFIG"), "runtime-config env reaches the container");
        assertEquals("{\"tensor-parallel-size\":1,\"max-model-len\":4096}", env.get("AIM_ENGINE_ARGS"),
                "AIM_ENGINE_ARGS is deep-merged: runtime config, then service");
        assertEquals("/workspace/cache", env.get("AIM_CACHE_PATH"));
        assertEquals("latency", env.get("AIM_METRIC"));
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
            assertEquals("False/NoPods", state(s.conditions, "InferenceServicePodsReady"));
        });
        // waiting for KServe to make the pods is progress, told by a Normal Event, not a Warning (the reconcile that
        // wrote this status has recorded its Events already)
        List<io.fabric8.kubernetes.api.model.Event> events = client.v1().events().inNamespace(ns).list().getItems()
                .stream().filter(e -> "chat".equals(e.getInvolvedObject().getName())).toList();
        assertTrue(events.stream().noneMatch(e -> "Warning".equals(e.getType()) && "NoPods".equals(e.getReason())),
                events.stream().map(e -> e.getType() + " " + e.getReason() + ": " + e.getMessage()).toList().toString());
        assertTrue(events.stream().anyMatch(e -> "Normal".equals(e.getType())
                && e.getMessage().contains("InferenceServicePodsReady False (NoPods)")),
                events.stream().map(e -> e.getType() + " " + e.getReason() + ": " + e.getMessage()).toList().toString());

        kserve.markReady(isvc);
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
        // the happy path warns about nothing: not the cache it just created, not the pods KServe has yet to start
        List<String> warnings = client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> "Warning".equals(e.getType()))
                .map(e -> e.getInvolvedObject().getKind() + "/" + e.getInvolvedObject().getName() + " " + e.getReason()
                        + ": " + e.getMessage())
                .toList();
        assertEquals(List.of(), warnings, "no Warning Event on the way to Running");

        String metrics = io.restassured.RestAssured.given().get("/q/metrics").asString();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("aim_service_time_to_inference_service_seconds_count")
                && !l.endsWith(" 0.0")), "time from creation to InferenceService is recorded");
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("aim_resources{kind=\"AIMService\",status=\"Running\"}")
                && !l.endsWith(" 0.0")), "services are counted by status");

        // a deleted cache is recreated without disturbing the running InferenceService
        String isvcUid = isvc(ns, isvcName).getMetadata().getUid();
        String cacheUid = cache.getMetadata().getUid();
        client.resource(cache).delete();
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMTemplateCache again = client.resources(AIMTemplateCache.class).inNamespace(ns)
                    .withName(cache.getMetadata().getName()).get();
            assertTrue(!cacheUid.equals(again.getMetadata().getUid()), "cache recreated");
            assertEquals("Ready", again.getStatus().status, "the Ready shared artifacts are matched again");
            assertEquals("Running", service(ns, "chat").getStatus().status);
        });
        GenericKubernetesResource after = isvc(ns, isvcName);
        assertEquals(isvcUid, after.getMetadata().getUid(), "InferenceService untouched");
        assertTrue(String.valueOf(container(after).get("volumeMounts")).contains("/workspace/cache/Qwen/Qwen2-0.5B"));

        // deleting the service takes its InferenceService (owner reference) but leaves the Ready shared cache
        client.resources(AIMService.class).inNamespace(ns).withName("chat").delete();
        await().ignoreExceptions().atMost(WAIT).until(() -> client.resources(AIMService.class).inNamespace(ns)
                .withName("chat").get() == null);
        await().ignoreExceptions().atMost(WAIT).until(() -> isvc(ns, isvcName) == null);
        assertNotNull(client.resources(AIMTemplateCache.class).inNamespace(ns).withName(cache.getMetadata().getName()).get(),
                "a Ready shared cache survives the service");
    }

    @Test
    void serviceByImageCreatesAnUnownedModel() {
        String ns = newNamespace(client, "image");
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMService
                metadata: {name: by-image}
                spec:
                  model: {image: "amdenterpriseai/aim-meta-llama-llama-3-1-8b-instruct:0.8.4"}
                  serviceAccountName: inference
                """, AIMService.class)).inNamespace(ns).create();
        String expected = AimNames.modelFromImage("amdenterpriseai/aim-meta-llama-llama-3-1-8b-instruct:0.8.4");
        var model = await().ignoreExceptions().atMost(WAIT).until(() -> client.resources(
                dev.aimengine.operator.api.v1alpha1.AIMModel.class).inNamespace(ns).withName(expected).get(), m -> m != null);
        assertEquals("auto-generated", model.getMetadata().getLabels().get("aim.eai.amd.com/origin"));
        assertTrue(model.getMetadata().getOwnerReferences() == null || model.getMetadata().getOwnerReferences().isEmpty());
        assertEquals("inference", model.getSpec().serviceAccountName);
        // the test registry client has Docker Hub images without labels: the model expects no templates, so the
        // service finds its model but no template for it
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            var m = client.resources(dev.aimengine.operator.api.v1alpha1.AIMModel.class).inNamespace(ns)
                    .withName(expected).get().getStatus();
            assertEquals("True/ImageFound", state(m.conditions, "ImageMetadataReady"));
            assertEquals("Ready", m.status, String.valueOf(m.conditions));
        });
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMServiceStatus s = service(ns, "by-image").getStatus();
            assertEquals("Pending", s.status, String.valueOf(s.conditions));
            assertEquals("True/ModelResolved", state(s.conditions, "ModelReady"));
            assertEquals("False/TemplateNotFound", state(s.conditions, "TemplateReady"));
        });
    }

    @Test
    void tiedTemplatesAreReportedAndAnExplicitNameResolvesThem() {
        String ns = newNamespace(client, "tie");
        namespacedModel(ns, "llama");
        template(ns, "llama-a", "llama", "optimized", "MI300X");
        template(ns, "llama-b", "llama", "optimized", "MI300X");
        // both must be Ready first: a service seeing only one Ready template rightly takes it and keeps it
        for (String t : List.of("llama-a", "llama-b")) {
            await().ignoreExceptions().atMost(WAIT).until(() -> "Ready".equals(client.resources(
                    dev.aimengine.operator.api.v1alpha1.AIMServiceTemplate.class).inNamespace(ns).withName(t).get()
                    .getStatus().status));
        }
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMService
                metadata: {name: auto}
                spec: {model: {name: llama}}
                """, AIMService.class)).inNamespace(ns).create();
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMServiceStatus s = service(ns, "auto").getStatus();
            assertEquals("False/TemplateSelectionAmbiguous", state(s.conditions, "TemplateReady"));
            String message = dev.aimengine.operator.testing.Fixtures.condition(s.conditions, "TemplateReady").get().getMessage();
            assertTrue(message.contains("llama-a") && message.contains("llama-b"), message);
            assertEquals("Ambiguous", s.templateSelection.outcome);
            assertEquals("Pending", s.status);
        });
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMService
                metadata: {name: explicit}
                spec: {model: {name: llama}, template: {name: llama-b}}
                """, AIMService.class)).inNamespace(ns).create();
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMServiceStatus s = service(ns, "explicit").getStatus();
            assertEquals("True/Resolved", state(s.conditions, "TemplateReady"));
            assertEquals("llama-b", s.resolvedTemplate.name);
            assertEquals("Namespace", s.resolvedTemplate.scope);
        });
        // deleting a service deletes the template caches made for it that never became Ready
        AIMTemplateCache pending = await().ignoreExceptions().atMost(WAIT).until(() -> client.resources(AIMTemplateCache.class)
                .inNamespace(ns).withLabel("aim.eai.amd.com/service", "explicit").list().getItems().get(0), c -> c != null);
        client.resources(AIMService.class).inNamespace(ns).withName("explicit").delete();
        await().ignoreExceptions().atMost(WAIT).until(() -> client.resources(AIMTemplateCache.class).inNamespace(ns)
                .withName(pending.getMetadata().getName()).get() == null);
        String metrics = io.restassured.RestAssured.given().get("/q/metrics").asString();
        assertTrue(metrics.contains("aim_template_selections_total{outcome=\"ambiguous\"}"), "selection outcomes counted");
    }

    @Test
    void theTemplateForTheGpuInTheClusterWins() {
        String ns = newNamespace(client, "gpu");
        namespacedModel(ns, "llama");
        template(ns, "llama-mi325x", "llama", "optimized", "MI325X");
        template(ns, "llama-mi300x", "llama", "optimized", "MI300X");
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMService
                metadata: {name: svc, labels: {team-a: "x"}}
                spec: {model: {name: llama}, caching: {mode: Dedicated}}
                """, AIMService.class)).inNamespace(ns).create();
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMServiceStatus s = service(ns, "svc").getStatus();
            assertEquals("llama-mi300x", s.resolvedTemplate.name, String.valueOf(s.templateSelection));
            var rejected = s.templateSelection.candidates.stream().filter(c -> c.name.equals("llama-mi325x")).findFirst()
                    .orElseThrow();
            assertEquals("Rejected", rejected.result);
        });
        // a Dedicated cache is owned by its service and goes with it
        AIMTemplateCache cache = await().ignoreExceptions().atMost(WAIT).until(() -> client.resources(AIMTemplateCache.class)
                .inNamespace(ns).withLabel("aim.eai.amd.com/service", "svc").list().getItems().get(0), c -> c != null);
        assertEquals("Dedicated", cache.getSpec().mode);
        assertEquals("svc", cache.getMetadata().getOwnerReferences().get(0).getName());
        client.resources(AIMService.class).inNamespace(ns).withName("svc").delete();
        await().ignoreExceptions().atMost(WAIT).until(() -> client.resources(AIMTemplateCache.class).inNamespace(ns)
                .withName(cache.getMetadata().getName()).get() == null);
    }

    @Test
    void routingFollowsThePathTemplateAndReportsProblems() {
        String ns = newNamespace(client, "route");
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMRuntimeConfig
                metadata: {name: default}
                spec:
                  routing:
                    enabled: true
                    gatewayRef: {name: gw, namespace: gateways}
                    pathTemplate: "/ml/{.metadata.namespace}/{.metadata.labels['project']}"
                    requestTimeout: 3m
                    annotations: {from-config: "1"}
                """, dev.aimengine.operator.api.v1alpha1.AIMRuntimeConfig.class)).inNamespace(ns).create();
        namespacedModel(ns, "m");
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMService
                metadata: {name: routed, labels: {project: Chat}}
                spec: {model: {name: m}, routing: {annotations: {from-service: "2"}}}
                """, AIMService.class)).inNamespace(ns).create();
        String routeName = AimNames.httpRoute("routed", ns);
        var route = await().ignoreExceptions().atMost(WAIT).until(() -> client.resources(
                io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute.class).inNamespace(ns).withName(routeName).get(),
                r -> r != null);
        var rule = route.getSpec().getRules().get(0);
        assertEquals("/ml/" + ns + "/chat", rule.getMatches().get(0).getPath().getValue());
        assertEquals("3m0s", rule.getTimeouts().getRequest());
        assertEquals(AimNames.inferenceService("routed", ns) + "-predictor", rule.getBackendRefs().get(0).getName());
        assertEquals(80, rule.getBackendRefs().get(0).getPort());
        assertEquals("gw", route.getSpec().getParentRefs().get(0).getName());
        assertEquals("1", route.getMetadata().getAnnotations().get("from-config"));
        assertEquals("2", route.getMetadata().getAnnotations().get("from-service"));
        assertEquals("routed", route.getMetadata().getOwnerReferences().get(0).getName());
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMServiceStatus s = service(ns, "routed").getStatus();
            assertEquals("/ml/" + ns + "/chat", s.routing.path);
            assertEquals("False/HTTPRoutePending", state(s.conditions, "HTTPRouteReady"));
        });

        // a path template naming a missing label: Degraded with a clear reason, still routed on the default path
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMService
                metadata: {name: broken}
                spec: {model: {name: m}}
                """, AIMService.class)).inNamespace(ns).create();
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMService s = service(ns, "broken");
            assertEquals("False/PathTemplateInvalid", state(s.getStatus().conditions, "HTTPRouteReady"));
            assertEquals("Degraded", s.getStatus().status);
            assertEquals("/" + ns + "/" + s.getMetadata().getUid(), s.getStatus().routing.path);
        });
    }

    @Test
    void routingWithoutAGatewayFails() {
        String ns = newNamespace(client, "nogw");
        namespacedModel(ns, "m");
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMService
                metadata: {name: lost}
                spec: {model: {name: m}, routing: {enabled: true}}
                """, AIMService.class)).inNamespace(ns).create();
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMServiceStatus s = service(ns, "lost").getStatus();
            assertEquals("Failed", s.status);
            assertEquals("False/GatewayNotConfigured", state(s.conditions, "HTTPRouteReady"));
            assertEquals("False/InvalidSpec", state(s.conditions, "ConfigValid"));
        });
    }

    /** With min/max replicas KServe autoscales through KEDA; the service reads KEDA's HPA for health and replicas. */
    @Test
    void anAutoscaledServiceFollowsKedasHpa() {
        String ns = newNamespace(client, "keda");
        namespacedModel(ns, "m");
        template(ns, "m-mi300x", "m", "optimized", "MI300X");
        kserve.serveAll(ns);
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMService
                metadata: {name: scaled}
                spec: {model: {name: m}, minReplicas: 2, maxReplicas: 4}
                """, AIMService.class)).inNamespace(ns).create();
        AIMTemplateCache cache = await().ignoreExceptions().atMost(WAIT).until(() -> client.resources(AIMTemplateCache.class)
                .inNamespace(ns).withLabel("aim.eai.amd.com/service", "scaled").list().getItems().get(0), c -> c != null);
        downloadArtifactsOf(ns, cache.getMetadata().getName());

        String isvcName = AimNames.inferenceService("scaled", ns);
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMServiceStatus s = service(ns, "scaled").getStatus();
            assertEquals("Running", s.status, String.valueOf(s.conditions));
            assertEquals("True/HPAOperational", state(s.conditions, "HPAReady"));
            assertEquals(2, s.runtime.minReplicas);
            assertEquals(4, s.runtime.maxReplicas);
            assertEquals(2, s.runtime.currentReplicas);
            assertEquals(2, s.runtime.desiredReplicas);
        });
        assertEquals("keda", isvc(ns, isvcName).getMetadata().getAnnotations().get("serving.kserve.io/autoscalerClass"));
        assertEquals(2, kserve.predictorPods(ns, isvcName).size());
    }

    @Test
    void aPausedServiceIsFrozen() {
        String ns = newNamespace(client, "frozen");
        namespacedModel(ns, "m");
        AIMService svc = client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMService
                metadata: {name: frozen, annotations: {aim.eai.amd.com/reconciliation-paused: "true"}}
                spec: {model: {name: m}}
                """, AIMService.class)).inNamespace(ns).create();
        // the finalizer is added even to a paused service (as AIM Engine does); let it land first
        await().ignoreExceptions().atMost(WAIT).until(() -> client.resources(AIMService.class).inNamespace(ns)
                .withName("frozen").get().getMetadata().getFinalizers().contains("aim.eai.amd.com/template-cache-cleanup"));
        client.resources(AIMService.class).inNamespace(ns).withName("frozen").editStatus(s -> {
            s.setStatus(new AIMServiceStatus());
            s.getStatus().status = "Running";
            return s;
        });
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            AIMServiceStatus s = service(ns, "frozen").getStatus();
            assertEquals("Running", s.status);
            assertTrue(s.conditions == null || s.conditions.isEmpty());
            assertTrue(client.resources(AIMTemplateCache.class).inNamespace(ns).list().getItems().isEmpty());
        });
        assertNotNull(svc);
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

    void namespacedModel(String ns, String name) {
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMModel
                metadata: {name: %s}
                spec: {image: "amdenterpriseai/aim-base:0.9", discovery: {extractMetadata: false, createServiceTemplates: false}}
                """.formatted(name), dev.aimengine.operator.api.v1alpha1.AIMModel.class)).inNamespace(ns).create();
    }

    void template(String ns, String name, String model, String type, String gpu) {
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMServiceTemplate
                metadata: {name: %s}
                spec:
                  modelName: %s
                  metric: latency
                  precision: fp16
                  type: %s
                  hardware: {gpu: {requests: 1, model: %s}}
                  modelSources: [{modelId: org/model, sourceUri: "hf://org/model", size: 1Gi}]
                """.formatted(name, model, type, gpu), dev.aimengine.operator.api.v1alpha1.AIMServiceTemplate.class))
                .inNamespace(ns).create();
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> env(Map<String, Object> container) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (Map<String, Object> e : (List<Map<String, Object>>) container.get("env")) {
            env.put(String.valueOf(e.get("name")), String.valueOf(e.get("value")));
        }
        return env;
    }

    /**
     * Provisions the volumes and runs the downloads of a cache's artifacts (the template's sources are known to the
     * stand-in downloader), until every artifact is Ready.
     */
    void downloadArtifactsOf(String ns, String cacheName) {
        provisioner.provisionAll(ns);
        downloader.serveOn(kubelet, ns);
        List<AIMArtifact> artifacts = await().ignoreExceptions().atMost(WAIT).until(
                () -> client.resources(AIMArtifact.class).inNamespace(ns)
                        .withLabel("aim.eai.amd.com/template-cache.name", cacheName).list().getItems(), l -> !l.isEmpty());
        for (AIMArtifact a : artifacts) {
            await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
                AIMArtifact live = client.resources(AIMArtifact.class).inNamespace(ns)
                        .withName(a.getMetadata().getName()).get();
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
