package dev.aimengine.operator.apiserver.catalogue;

import dev.aimengine.operator.api.v1alpha1.AIMArtifact;
import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplate;
import dev.aimengine.operator.api.v1alpha1.AIMTemplateCache;
import dev.aimengine.operator.testing.Frozen;
import dev.aimengine.operator.testing.GpuNodes;
import dev.aimengine.operator.testing.OperatorLog;
import dev.aimengine.operator.testing.RealApiServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import static dev.aimengine.operator.testing.Fixtures.load;
import static dev.aimengine.operator.testing.Fixtures.newNamespace;
import static dev.aimengine.operator.testing.Fixtures.state;
import static dev.aimengine.operator.testing.Fixtures.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** AIM Engine's end-to-end catalogue, {@code aimtemplatecache/*}, on the real API server. */
@QuarkusTest
@TestProfile(RealApiServer.class)
@ExtendWith(OperatorLog.Watch.class)
class TemplateCacheCatalogueTest {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String TWO_SOURCES = """
              modelSources:
                - {modelId: org/small, sourceUri: "hf://org/small", size: 2Gi}
                - {modelId: org/large, sourceUri: "hf://org/large", size: 4Gi}
            """;

    @Inject
    KubernetesClient client;
    String ns;

    @BeforeEach
    void setUp() {
        GpuNodes.ensure(client);
        ns = newNamespace(client, "tcache");
    }

    @Test
    @DisplayName("aimtemplatecache/happy-path-namespace")
    void happyPathNamespace() {
        frozenTemplate("t", "Ready", TWO_SOURCES);
        cache("c", "{templateName: t, templateScope: Namespace, env: [{name: HF_TOKEN, value: token}]}");
        List<AIMArtifact> artifacts = artifactsOf("c", 2);
        assertArtifacts(artifacts, "Namespace");
    }

    @Test
    @DisplayName("aimtemplatecache/happy-path-cluster")
    void happyPathCluster() {
        String template = unique("tcache-cluster");
        Frozen.apply(client, null, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMClusterServiceTemplate
                metadata: {name: %s}
                spec: {modelName: m}
                status:
                  status: Ready
                  conditions: [%s]
                %s
                """.formatted(template, Frozen.readyCondition("True", "AllComponentsReady"), TWO_SOURCES));
        cache("c", "{templateName: %s, templateScope: Cluster, env: [{name: HF_TOKEN, value: token}]}".formatted(template));
        assertArtifacts(artifactsOf("c", 2), "Cluster");
    }

    @Test
    @DisplayName("aimtemplatecache/fails-if-service-template-failed")
    void failsIfServiceTemplateFailed() {
        frozenTemplate("t", "Failed", "");
        cache("c", "{templateName: t, templateScope: Namespace}");
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> assertEquals("Failed", cacheNamed("c").getStatus().status));
    }

    @Test
    @DisplayName("aimtemplatecache/fails-if-service-template-has-wrong-scope")
    void failsIfServiceTemplateHasWrongScope() {
        frozenTemplate("t", "Ready", TWO_SOURCES);
        cache("wrong-cluster", "{templateName: t, templateScope: Cluster}");
        String clusterTemplate = unique("tcache-scope");
        Frozen.apply(client, null, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMClusterServiceTemplate
                metadata: {name: %s}
                spec: {modelName: m}
                status: {status: Ready, conditions: [%s]}
                """.formatted(clusterTemplate, Frozen.readyCondition("True", "AllComponentsReady")));
        cache("wrong-namespace", "{templateName: %s, templateScope: Namespace}".formatted(clusterTemplate));
        for (String c : List.of("wrong-cluster", "wrong-namespace")) {
            expectReferenceNotFound(c);
        }
    }

    @Test
    @DisplayName("aimtemplatecache/fails-if-service-template-not-found")
    void failsIfServiceTemplateNotFound() {
        cache("c", "{templateName: missing, templateScope: Namespace}");
        expectReferenceNotFound("c");
    }

    @Test
    @DisplayName("aimtemplatecache/not-available-when-gpu-unavailable")
    void notAvailableWhenGpuUnavailable() {
        // a real (not frozen) template for a GPU no node has: the template controller reports it NotAvailable
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMModel
                metadata: {name: m}
                spec: {image: "amdenterpriseai/aim-base:0.9", discovery: {extractMetadata: false, createServiceTemplates: false}}
                """, dev.aimengine.operator.api.v1alpha1.AIMModel.class)).inNamespace(ns).create();
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMServiceTemplate
                metadata: {name: t}
                spec:
                  modelName: m
                  hardware: {gpu: {requests: 1, model: MI250X}}
                  modelSources: [{modelId: org/model, sourceUri: "hf://org/model", size: 1Gi}]
                """, AIMServiceTemplate.class)).inNamespace(ns).create();
        cache("c", "{templateName: t, templateScope: Namespace}");
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMTemplateCache c = cacheNamed("c");
            assertEquals("NotAvailable", c.getStatus().status, String.valueOf(c.getStatus().conditions));
            assertEquals("False", state(c.getStatus().conditions, "Ready").split("/")[0]);
            assertEquals("False", state(c.getStatus().conditions, "ServiceTemplateReady").split("/")[0]);
        });
    }

    @Test
    @DisplayName("aimtemplatecache/waits-for-service-template-readiness")
    void waitsForServiceTemplateReadiness() {
        GenericKubernetesResource t = frozenTemplate("t", "Progressing", "");
        cache("c", "{templateName: t, templateScope: Namespace}");
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> assertEquals("Pending", cacheNamed("c").getStatus().status));

        // the template becomes Ready (still frozen) with its sources: the cache now makes progress
        client.genericKubernetesResources("aim.eai.amd.com/v1alpha1", "AIMServiceTemplate").inNamespace(ns)
                .withName(t.getMetadata().getName()).editStatus(live -> {
                    live.setAdditionalProperty("status", client.getKubernetesSerialization().unmarshal("""
                            status: Ready
                            conditions: [%s]
                            %s
                            """.formatted(Frozen.readyCondition("True", "AllComponentsReady"), TWO_SOURCES.strip()),
                            java.util.Map.class));
                    return live;
                });
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMTemplateCache c = cacheNamed("c");
            assertEquals("Progressing", c.getStatus().status, String.valueOf(c.getStatus().conditions));
            assertEquals(2, c.getStatus().artifacts.size());
        });
    }

    @Test
    @DisplayName("aimtemplatecache/service-dedicated-creates-own-cache")
    void serviceDedicatedCreatesOwnCache() {
        modelAndTemplate();
        service("seed", "Shared");
        AIMTemplateCache shared = cacheOfService("seed");
        AIMService dedicatedService = service("dedicated", "Dedicated");
        AIMTemplateCache dedicated = cacheOfService("dedicated");
        assertNotEquals(shared.getMetadata().getName(), dedicated.getMetadata().getName());
        assertEquals("Dedicated", dedicated.getSpec().mode);
        assertEquals("dedicated", dedicated.getMetadata().getOwnerReferences().get(0).getName());
        assertEquals(dedicatedService.getMetadata().getUid(), dedicated.getMetadata().getOwnerReferences().get(0).getUid());
    }

    @Test
    @DisplayName("aimtemplatecache/service-shared-ignores-dedicated-cache")
    void serviceSharedIgnoresDedicatedCache() {
        modelAndTemplate();
        service("seed", "Dedicated");
        AIMTemplateCache dedicated = cacheOfService("seed");
        service("shared", "Shared");
        AIMTemplateCache shared = cacheOfService("shared");
        assertNotEquals(dedicated.getMetadata().getName(), shared.getMetadata().getName());
        assertEquals("Shared", shared.getSpec().mode);
    }

    @Test
    @DisplayName("aimtemplatecache/service-legacy-mode-mapping")
    void serviceLegacyModeMapping() {
        // one namespace per mode: a second Shared service would reuse the first one's cache
        for (var mode : java.util.Map.of("Always", "Shared", "Auto", "Shared", "Never", "Dedicated").entrySet()) {
            ns = newNamespace(client, "legacy");
            modelAndTemplate();
            service("svc", mode.getKey());
            assertEquals(mode.getValue(), cacheOfService("svc").getSpec().mode, mode.getKey());
        }
    }

    @Test
    @DisplayName("aimtemplatecache/dedicated-ignores-shared-artifacts")
    void dedicatedIgnoresSharedArtifacts() {
        modelAndTemplate();
        service("seed", "Shared");
        artifactsOf(cacheOfService("seed").getMetadata().getName(), 1);
        service("dedicated", "Dedicated");
        AIMTemplateCache dedicated = cacheOfService("dedicated");
        List<AIMArtifact> artifacts = artifactsOf(dedicated.getMetadata().getName(), 1);
        for (AIMArtifact a : artifacts) {
            assertEquals(dedicated.getMetadata().getName(), a.getMetadata().getOwnerReferences().get(0).getName(),
                    "a Dedicated cache owns its artifacts");
        }
    }

    @Test
    @DisplayName("aimtemplatecache/shared-ignores-dedicated-artifacts")
    void sharedIgnoresDedicatedArtifacts() {
        modelAndTemplate();
        service("seed", "Dedicated");
        artifactsOf(cacheOfService("seed").getMetadata().getName(), 1);
        service("shared", "Shared");
        List<AIMArtifact> artifacts = artifactsOf(cacheOfService("shared").getMetadata().getName(), 1);
        for (AIMArtifact a : artifacts) {
            assertTrue(a.getMetadata().getOwnerReferences() == null || a.getMetadata().getOwnerReferences().isEmpty(),
                    "a Shared cache's artifacts have no owner");
        }
    }

    // ---- helpers ----

    GenericKubernetesResource frozenTemplate(String name, String status, String extraStatus) {
        return Frozen.apply(client, ns, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMServiceTemplate
                metadata: {name: %s}
                spec: {modelName: m}
                status:
                  status: %s
                  conditions: [%s]
                %s
                """.formatted(name, status, Frozen.readyCondition("Ready".equals(status) ? "True" : "False",
                "Ready".equals(status) ? "AllComponentsReady" : "Frozen"), extraStatus));
    }

    /** A frozen Ready model and a frozen Ready MI300X template with one source, for services. */
    void modelAndTemplate() {
        Frozen.apply(client, ns, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMModel
                metadata: {name: m}
                spec: {image: "amdenterpriseai/aim-base:0.9"}
                status: {status: Ready, conditions: [%s]}
                """.formatted(Frozen.readyCondition("True", "AllComponentsReady")));
        frozenTemplate("t", "Ready", """
                  profile: {metadata: {type: optimized, gpu: MI300X}}
                  modelSources: [{modelId: org/model, sourceUri: "hf://org/model", size: 1Gi}]
                """);
    }

    AIMService service(String name, String mode) {
        return client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMService
                metadata: {name: %s}
                spec: {model: {name: m}, template: {name: t}, caching: {mode: %s}}
                """.formatted(name, mode), AIMService.class)).inNamespace(ns).create();
    }

    void cache(String name, String spec) {
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMTemplateCache
                metadata: {name: %s}
                spec: %s
                """.formatted(name, spec), AIMTemplateCache.class)).inNamespace(ns).create();
    }

    AIMTemplateCache cacheNamed(String name) {
        return client.resources(AIMTemplateCache.class).inNamespace(ns).withName(name).get();
    }

    AIMTemplateCache cacheOfService(String service) {
        return await().ignoreExceptions().atMost(WAIT).until(() -> client.resources(AIMTemplateCache.class).inNamespace(ns)
                .withLabel("aim.eai.amd.com/service", service).list().getItems().get(0), c -> c != null);
    }

    List<AIMArtifact> artifactsOf(String cache, int count) {
        return await().ignoreExceptions().atMost(WAIT).until(() -> client.resources(AIMArtifact.class).inNamespace(ns)
                .withLabel("aim.eai.amd.com/template-cache.name", cache).list().getItems(), l -> l.size() == count);
    }

    void assertArtifacts(List<AIMArtifact> artifacts, String scope) {
        List<AIMArtifact> sorted = artifacts.stream().sorted(Comparator.comparing(
                (AIMArtifact a) -> a.getMetadata().getLabels().get("aim.eai.amd.com/template.index"))).toList();
        assertEquals("0", sorted.get(0).getMetadata().getLabels().get("aim.eai.amd.com/template.index"));
        assertEquals("1", sorted.get(1).getMetadata().getLabels().get("aim.eai.amd.com/template.index"));
        assertEquals("hf://org/small", sorted.get(0).getSpec().sourceUri);
        assertEquals("2Gi", sorted.get(0).getSpec().size.toString());
        assertEquals("hf://org/large", sorted.get(1).getSpec().sourceUri);
        assertEquals("4Gi", sorted.get(1).getSpec().size.toString());
        for (AIMArtifact a : sorted) {
            assertEquals(scope, a.getMetadata().getLabels().get("aim.eai.amd.com/template.scope"));
            assertEquals("c", a.getMetadata().getLabels().get("aim.eai.amd.com/template-cache.name"));
            assertEquals("HF_TOKEN", a.getSpec().env.get(0).getName());
            assertEquals("token", a.getSpec().env.get(0).getValue());
        }
    }

    void expectReferenceNotFound(String cache) {
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMTemplateCache c = cacheNamed(cache);
            assertEquals("Failed", c.getStatus().status, cache + ": " + c.getStatus().conditions);
            assertEquals("False/ReferenceNotFound", state(c.getStatus().conditions, "Ready"));
            assertEquals("False/ReferenceNotFound", state(c.getStatus().conditions, "ServiceTemplateReady"));
        });
    }
}
