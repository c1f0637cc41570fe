package dev.aimengine.operator.apiserver.catalogue;

import dev.aimengine.operator.api.v1alpha1.AIMArtifact;
import dev.aimengine.operator.api.v1alpha1.AIMClusterRuntimeConfig;
import dev.aimengine.operator.api.v1alpha1.AIMRuntimeConfig;
import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.api.v1alpha1.AIMServiceStatus;
import dev.aimengine.operator.api.v1alpha1.AIMTemplateCache;
import dev.aimengine.operator.testing.GpuNodes;
import dev.aimengine.operator.testing.OperatorLog;
import dev.aimengine.operator.testing.RealApiServer;
import dev.aimengine.operator.testing.standin.StandIns;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static dev.aimengine.operator.apiserver.catalogue.Serving.SERVICE_LABEL;
import static dev.aimengine.operator.apiserver.catalogue.Serving.SERVICE_NAME_LABEL;
import static dev.aimengine.operator.apiserver.catalogue.Serving.WAIT;
import static dev.aimengine.operator.apiserver.catalogue.Serving.annotation;
import static dev.aimengine.operator.apiserver.catalogue.Serving.env;
import static dev.aimengine.operator.apiserver.catalogue.Serving.predictor;
import static dev.aimengine.operator.testing.Fixtures.condition;
import static dev.aimengine.operator.testing.Fixtures.load;
import static dev.aimengine.operator.testing.Fixtures.newNamespace;
import static dev.aimengine.operator.testing.Fixtures.state;
import static dev.aimengine.operator.testing.Fixtures.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * AIM Engine's end-to-end catalogue, {@code aimservice/common/*} (and {@code aimservice/gpu/pending-resources}), on
 * the real API server: services on models and templates as users write them, with stand-ins for the downloads,
 * KServe and KEDA. Where the catalogue deploys a registry image, a model that skips registry inspection and a template
 * with an inline source take its place.
 */
@QuarkusTest
@TestProfile(RealApiServer.class)
@ExtendWith(OperatorLog.Watch.class)
class ServiceCommonCatalogueTest {
    static final String AUTOSCALING = """
            autoScaling:
              metrics:
                - type: PodMetric
                  podmetric:
                    metric:
                      backend: opentelemetry
                      metricNames: ["vllm:num_requests_running"]
                      query: "vllm:num_requests_running"
                      operationOverTime: avg
                    target: {type: Value, value: "1"}
            """;

    @Inject
    KubernetesClient client;
    StandIns cluster;
    Serving s;

    @BeforeEach
    void setUp() {
        GpuNodes.ensure(client);
        cluster = StandIns.start(client);
        s = new Serving(client, newNamespace(client, "svc-common"), cluster);
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    @Test
    @DisplayName("aimservice/common/auto-template-selection")
    void autoTemplateSelection() {
        s.modelWithTemplate("m", "t");
        s.service("svc", "model: {name: m}");
        GenericKubernetesResource isvc = s.download("svc");
        s.expect("svc", st -> {
            assertEquals("Starting", st.status, String.valueOf(st.conditions));
            assertEquals("m", st.resolvedModel.name);
            assertEquals("t", st.resolvedTemplate.name);
            assertEquals("True/ModelResolved", state(st.conditions, "ModelReady"));
            assertEquals("True/Resolved", state(st.conditions, "TemplateReady"));
        });
        cluster.serve(isvc);
        s.expectStatus("svc", "Running");
        // the smallest service warns about nothing on its way to Running (not the cache it creates, not the pods)
        assertEquals(List.of(), client.v1().events().inNamespace(s.ns).list().getItems().stream()
                .filter(e -> "Warning".equals(e.getType()))
                .map(e -> e.getInvolvedObject().getName() + " " + e.getReason() + ": " + e.getMessage()).toList());
    }

    @Test
    @DisplayName("aimservice/common/autoscaling")
    void autoscaling() {
        s.modelWithTemplate("m", "t");
        s.service("svc", "model: {name: m}\nminReplicas: 1\nmaxReplicas: 3\n" + AUTOSCALING);
        GenericKubernetesResource isvc = s.download("svc");
        s.expectStatus("svc", "Starting");
        assertEquals("keda", annotation(isvc, "serving.kserve.io/autoscalerClass"));
        assertEquals("8000", annotation(isvc, "prometheus.kserve.io/port"));
        assertEquals(1, predictor(isvc).get("minReplicas"));
        assertEquals(3, predictor(isvc).get("maxReplicas"));

        cluster.serve(isvc);
        s.expect("svc", st -> {
            assertEquals("Running", st.status, String.valueOf(st.conditions));
            assertEquals(1, st.runtime.minReplicas);
            assertEquals(3, st.runtime.maxReplicas);
        });
    }

    @Test
    @DisplayName("aimservice/common/autoscaling-update")
    void autoscalingUpdate() {
        s.modelWithTemplate("m", "t");
        s.service("svc", "model: {name: m}\nminReplicas: 1\nmaxReplicas: 3\n" + AUTOSCALING);
        GenericKubernetesResource isvc = s.download("svc");
        assertEquals(1, predictor(isvc).get("minReplicas"));
        assertEquals(3, predictor(isvc).get("maxReplicas"));
        // KServe and KEDA follow every change of the InferenceService from here on
        cluster.kserve.serveAll(s.ns);
        s.expect("svc", st -> {
            assertEquals("Running", st.status, String.valueOf(st.conditions));
            assertEquals(1, st.runtime.minReplicas);
            assertEquals(3, st.runtime.maxReplicas);
        });

        client.resources(AIMService.class).inNamespace(s.ns).withName("svc").edit(svc -> {
            svc.getSpec().minReplicas = 2;
            svc.getSpec().maxReplicas = 5;
            return svc;
        });
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            Map<String, Object> predictor = predictor(s.isvc("svc"));
            assertEquals(2, predictor.get("minReplicas"));
            assertEquals(5, predictor.get("maxReplicas"));
        });
        s.expect("svc", st -> {
            assertEquals("Running", st.status, String.valueOf(st.conditions));
            assertEquals(2, st.runtime.minReplicas);
            assertEquals(5, st.runtime.maxReplicas);
        });
    }

    @Test
    @DisplayName("aimservice/common/basic-lifecycle")
    void basicLifecycle() {
        s.model("m");
        s.template("t", "m", "metric: latency\nprecision: fp16");
        s.service("svc", "model: {name: m}\ntemplate: {name: t}");
        GenericKubernetesResource isvc = s.download("svc");
        s.expect("svc", st -> {
            assertEquals("Starting", st.status, String.valueOf(st.conditions));
            assertEquals("m", st.resolvedModel.name);
            assertEquals("t", st.resolvedTemplate.name);
            assertEquals("True/ModelResolved", state(st.conditions, "ModelReady"));
            assertEquals("True/Resolved", state(st.conditions, "TemplateReady"));
        });
        assertEquals("kserve-container", Serving.container(isvc).get("name"));
        assertEquals("/workspace/cache", env(isvc, "AIM_CACHE_PATH"));
        assertEquals("latency", env(isvc, "AIM_METRIC"));
        assertEquals("fp16", env(isvc, "AIM_PRECISION"));
        cluster.serve(isvc);
        s.expectStatus("svc", "Running");
    }

    @Test
    @DisplayName("aimservice/common/cache-cleanup/cache-cleanup-failed-deleted")
    void cacheCleanupFailedDeleted() {
        // the runtime config's env reaches the downloads: this switch makes the downloader fail
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMRuntimeConfig
                metadata: {name: default}
                spec: {env: [{name: AIM_DEBUG_CAUSE_FAILURE, value: "true"}]}
                """, AIMRuntimeConfig.class)).inNamespace(s.ns).create();
        s.modelWithTemplate("m", "t");
        s.service("svc", "model: {name: m}\ncaching: {mode: Shared}");
        s.awaitCache("svc");
        cluster.provisioner.provisionAll(s.ns);
        cluster.downloader.serveOn(cluster.kubelet, s.ns);
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            List<AIMArtifact> artifacts = s.artifacts("svc");
            assertEquals(1, artifacts.size());
            assertEquals("Failed", artifacts.get(0).getStatus().status);
            assertEquals("Failed", s.cache("svc").getStatus().status);
        });

        client.resources(AIMService.class).inNamespace(s.ns).withName("svc").delete();
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            assertNull(s.cache("svc"), "the Failed cache is deleted with its service");
            assertEquals(List.of(), s.artifacts("svc"), "and so is its Failed artifact");
        });
    }

    @Test
    @DisplayName("aimservice/common/cache-cleanup/cache-cleanup-ready-preserved")
    void cacheCleanupReadyPreserved() {
        s.modelWithTemplate("m", "t");
        s.service("svc", "model: {name: m}");
        s.download("svc");
        String cacheUid = s.cache("svc").getMetadata().getUid();
        assertEquals("Ready", s.cache("svc").getStatus().status);

        client.resources(AIMService.class).inNamespace(s.ns).withName("svc").delete();
        await().ignoreExceptions().atMost(WAIT).until(() -> s.get("svc") == null);
        AIMTemplateCache cache = s.cache("svc");
        assertNotNull(cache, "a Ready cache outlives its service");
        assertEquals(cacheUid, cache.getMetadata().getUid());
        assertEquals("Ready", cache.getStatus().status);
        List<AIMArtifact> artifacts = s.artifacts("svc");
        assertEquals(1, artifacts.size(), "and so does its Ready artifact");
        assertEquals("Ready", artifacts.get(0).getStatus().status);
    }

    @Test
    @DisplayName("aimservice/common/cache-cleanup/namespace-deletion-not-blocked")
    void namespaceDeletionNotBlocked() {
        s.modelWithTemplate("m", "t");
        s.service("svc", "model: {name: m}");
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMTemplateCache
                metadata:
                  name: c
                  labels: {aim.eai.amd.com/service.name: svc}
                spec: {templateName: no-such-template, templateScope: Namespace}
                """, AIMTemplateCache.class)).inNamespace(s.ns).create();
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMArtifact
                metadata:
                  name: a
                  labels: {aim.eai.amd.com/template-cache.name: c}
                spec: {sourceUri: "hf://org/this-model-does-not-exist", size: 1Gi}
                """, AIMArtifact.class)).inNamespace(s.ns).create();
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            assertEquals(List.of("aim.eai.amd.com/template-cache-cleanup"), s.get("svc").getMetadata().getFinalizers());
            assertEquals(List.of("aim.eai.amd.com/artifactcleanup"), client.resources(AIMTemplateCache.class)
                    .inNamespace(s.ns).withName("c").get().getMetadata().getFinalizers());
        });

        client.namespaces().withName(s.ns).delete();
        await().ignoreExceptions().atMost(WAIT).until(() -> client.namespaces().withName(s.ns).get() == null);
    }

    @Test
    @DisplayName("aimservice/common/cache-deleted-dedicated")
    void cacheDeletedDedicated() {
        expectCacheRecreated("Dedicated",
                log -> log.awaitSeen("CacheReady=False/CacheCreating", st -> "False/CacheCreating".equals(
                        state(st.conditions, "CacheReady"))));
    }

    @Test
    @DisplayName("aimservice/common/cache-deleted-shared")
    void cacheDeletedShared() {
        expectCacheRecreated("Shared", log -> log.awaitSeen("a status other than Running",
                st -> st.status != null && !"Running".equals(st.status)));
    }

    @Test
    @DisplayName("aimservice/common/caching-mode-never")
    void cachingModeNever() {
        s.modelWithTemplate("m", "t");
        AIMService svc = s.service("svc", "model: {name: m}\ncaching: {mode: Dedicated}");
        AIMTemplateCache cache = s.awaitCache("svc");
        assertEquals("Dedicated", cache.getSpec().mode);
        assertEquals(svc.getMetadata().getUid(), cache.getMetadata().getOwnerReferences().get(0).getUid(),
                "the service owns its Dedicated cache");
        GenericKubernetesResource isvc = s.download("svc");
        s.expect("svc", st -> {
            assertEquals("Starting", st.status, String.valueOf(st.conditions));
            assertEquals("m", st.resolvedModel.name);
            assertEquals("t", st.resolvedTemplate.name);
        });
        cluster.serve(isvc);
        s.expectStatus("svc", "Running");
    }

    @Test
    @DisplayName("aimservice/common/label-propagation")
    void labelPropagation() {
        // cluster-wide: a name of its own, so only the service that names it propagates labels
        String config = unique("label-propagation");
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMClusterRuntimeConfig
                metadata: {name: %s}
                spec:
                  labelPropagation: {enabled: true, match: ["team-*", cost-center]}
                  routing:
                    enabled: true
                    gatewayRef: {name: gw, namespace: %s}
                """.formatted(config, s.ns), AIMClusterRuntimeConfig.class)).create();
        try {
            s.modelWithTemplate("m", "t");
            s.service("svc", Map.of("team-alpha", "frontend", "cost-center", "cc-12345", "env", "test"),
                    "model: {name: m}\nruntimeConfigName: " + config);
            GenericKubernetesResource isvc = s.download("svc");
            cluster.serve(isvc);

            AIMTemplateCache cache = s.cache("svc");
            assertPropagated(cache);
            assertEquals("svc", label(cache, SERVICE_NAME_LABEL));
            AIMArtifact artifact = s.artifacts("svc").get(0);
            assertPropagated(artifact);
            String artifactName = artifact.getMetadata().getName();
            List<PersistentVolumeClaim> pvcs = client.persistentVolumeClaims().inNamespace(s.ns)
                    .withLabel("aim.eai.amd.com/cache.name", artifactName).list().getItems();
            assertEquals(1, pvcs.size());
            assertPropagated(pvcs.get(0));
            List<Job> jobs = client.batch().v1().jobs().inNamespace(s.ns)
                    .withLabel("aim.eai.amd.com/component", "download").list().getItems();
            assertEquals(1, jobs.size());
            assertPropagated(jobs.get(0));
            assertPropagated(isvc);
            assertEquals("svc", label(isvc, SERVICE_LABEL));
            HTTPRoute route = await().ignoreExceptions().atMost(WAIT).until(() -> client.resources(HTTPRoute.class)
                    .inNamespace(s.ns).withLabel(SERVICE_LABEL, "svc").list().getItems().get(0), r -> r != null);
            assertPropagated(route);
            Pod pod = cluster.kserve.predictorPods(s.ns, isvc.getMetadata().getName()).get(0);
            assertPropagated(pod);
            assertEquals("svc", label(pod, SERVICE_NAME_LABEL));
            assertEquals("inference", label(pod, "app.kubernetes.io/component"));
        } finally {
            client.resources(AIMClusterRuntimeConfig.class).withName(config).delete();
        }
    }

    @Test
    @DisplayName("aimservice/common/model-not-found")
    void modelNotFound() {
        s.service("svc", "model: {name: missing}\ntemplate: {name: t}");
        s.expect("svc", st -> {
            assertEquals("Failed", st.status, String.valueOf(st.conditions));
            assertEquals("False/ModelNotFound", state(st.conditions, "ModelReady"));
        });
    }

    @Test
    @DisplayName("aimservice/common/replicas")
    void replicas() {
        expectFixedReplicas("model: {name: m}\nreplicas: 3", 3);
    }

    @Test
    @DisplayName("aimservice/common/replicas-default")
    void replicasDefault() {
        expectFixedReplicas("model: {name: m}", 1);
    }

    @Test
    @DisplayName("aimservice/common/template-not-found")
    void templateNotFound() {
        s.model("m");
        s.service("svc", "model: {name: m}\ntemplate: {name: missing}");
        s.expect("svc", st -> {
            assertEquals("Failed", st.status, String.valueOf(st.conditions));
            assertEquals("False/TemplateNotFound", state(st.conditions, "TemplateReady"));
        });
    }

    @Test
    @DisplayName("aimservice/gpu/pending-resources")
    void pendingResources() {
        s.modelWithTemplate("m", "t");
        s.service("svc", """
                model: {name: m}
                caching: {mode: Never}
                resources:
                  requests: {amd.com/gpu: "20"}
                  limits: {amd.com/gpu: "20"}
                """);
        GenericKubernetesResource isvc = s.download("svc");
        @SuppressWarnings("unchecked")
        Map<String, Object> limits = (Map<String, Object>) ((Map<String, Object>) Serving.container(isvc)
                .get("resources")).get("limits");
        assertEquals("20", String.valueOf(limits.get("amd.com/gpu")));
        // no node has 20 GPUs: the predictor pod waits for one
        cluster.kserve.markUnschedulable(s.ns, isvc.getMetadata().getName());
        s.expect("svc", st -> {
            assertEquals("Pending", st.status, String.valueOf(st.conditions));
            assertEquals("False/FailedScheduling", state(st.conditions, "InferenceServicePodsReady"));
            String message = condition(st.conditions, "InferenceServicePodsReady").get().getMessage();
            assertTrue(message.contains("Insufficient amd.com/gpu"), message);
        });
    }

    // ---- helpers ----

    void expectFixedReplicas(String spec, int replicas) {
        s.modelWithTemplate("m", "t");
        s.service("svc", spec);
        GenericKubernetesResource isvc = s.download("svc");
        s.expectStatus("svc", "Starting");
        assertEquals(replicas, predictor(isvc).get("minReplicas"));
        assertEquals("none", annotation(isvc, "serving.kserve.io/autoscalerClass"));
        cluster.serve(isvc);
        s.expect("svc", st -> {
            assertEquals("Running", st.status, String.valueOf(st.conditions));
            AIMServiceStatus.RuntimeStatus r = st.runtime;
            assertEquals(List.of(replicas, replicas, replicas, replicas),
                    List.of(r.currentReplicas, r.desiredReplicas, r.minReplicas, r.maxReplicas));
            assertEquals(String.valueOf(replicas), r.replicas);
        });
    }

    /**
     * A running service with a cache of this mode; its cache and artifacts are deleted. The InferenceService keeps
     * its cache volumes throughout, the service reports the loss ({@code whileLost}), the cache is made again, and
     * the service is back to Running with {@code CacheReady=True}.
     */
    void expectCacheRecreated(String mode, Consumer<Serving.StatusLog> whileLost) {
        s.modelWithTemplate("m", "t");
        s.service("svc", "model: {name: m}\ncaching: {mode: " + mode + "}");
        GenericKubernetesResource isvc = s.run("svc");
        s.expect("svc", st -> assertEquals("True/CacheReady", state(st.conditions, "CacheReady")));
        List<String> claims = Serving.claims(isvc);
        assertFalse(claims.isEmpty(), "the InferenceService mounts the cache");
        AIMTemplateCache cache = s.cache("svc");

        try (Serving.StatusLog log = s.watch("svc")) {
            client.resources(AIMArtifact.class).inNamespace(s.ns).withLabel(SERVICE_NAME_LABEL, "svc").delete();
            client.resources(AIMTemplateCache.class).inNamespace(s.ns).withLabel(SERVICE_NAME_LABEL, "svc").delete();
            whileLost.accept(log);
        }
        assertTrue(Serving.claims(s.isvc("svc")).containsAll(claims), "the InferenceService keeps its volumes");

        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMTemplateCache again = s.cache("svc");
            assertNotEquals(cache.getMetadata().getUid(), again.getMetadata().getUid(), "a new cache");
            assertEquals(mode, again.getSpec().mode);
            assertEquals("Ready", again.getStatus().status);
        });
        s.expect("svc", st -> {
            assertEquals("Running", st.status, String.valueOf(st.conditions));
            assertEquals("True/CacheReady", state(st.conditions, "CacheReady"));
        });
        assertTrue(Serving.claims(s.isvc("svc")).containsAll(claims), "the InferenceService still has its volumes");
    }

    /** The labels the runtime config propagates are there; the one it does not match is not. */
    static void assertPropagated(HasMetadata o) {
        String what = o.getKind() + " " + o.getMetadata().getName();
        assertNotNull(o.getMetadata().getLabels(), what);
        assertEquals("frontend", label(o, "team-alpha"), what);
        assertEquals("cc-12345", label(o, "cost-center"), what);
        assertFalse(o.getMetadata().getLabels().containsKey("env"), what + " must not carry env");
    }

    static String label(HasMetadata o, String key) {
        return o.getMetadata().getLabels() == null ? null : o.getMetadata().getLabels().get(key);
    }
}
