package dev.aimengine.operator.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aimengine.operator.api.v1alpha1.AIMClusterModel;
import dev.aimengine.operator.api.v1alpha1.AIMClusterRuntimeConfig;
import dev.aimengine.operator.api.v1alpha1.AIMClusterServiceTemplate;
import dev.aimengine.operator.api.v1alpha1.AIMModel;
import dev.aimengine.operator.api.v1alpha1.AIMRuntimeConfig;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplate;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplateStatus;
import dev.aimengine.operator.api.v1alpha1.AIMTemplateCache;
import dev.aimengine.operator.testing.RealApiServer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tier 3: the catalogue controllers (models, templates, runtime configs, GPU inventory) on a real API server. */
@QuarkusTest
@TestProfile(RealApiServer.class)
@org.junit.jupiter.api.extension.ExtendWith(dev.aimengine.operator.testing.OperatorLog.Watch.class)
class CatalogueOnApiServerTest {
    static final Duration WAIT = Duration.ofSeconds(40);

    @Inject
    KubernetesClient client;

    @Test
    void clusterModelWithCustomTemplatesBecomesReadyAndCreatesItsTemplates() {
        node(unique("mi300x"), Map.of("amd.com/gpu.device-id", "74a1", "amd.com/gpu.vram", "192G"));
        String model = unique("qwen");
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMClusterModel
                metadata: {name: %s}
                spec:
                  image: amdenterpriseai/aim-base:0.9
                  custom: {hardware: {gpu: {requests: 1, model: MI300X}}}
                  modelSources: [{modelId: Qwen/Qwen2-0.5B, sourceUri: "hf://Qwen/Qwen2-0.5B", size: 1Gi}]
                  customTemplates:
                    - {name: fast, type: optimized, profile: {metric: latency, precision: fp16}}
                    - {name: cpu, hardware: {cpu: {requests: 500m, limits: "2"}}}
                """.formatted(model), AIMClusterModel.class)).create();

        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMClusterModel m = client.resources(AIMClusterModel.class).withName(model).get();
            assertEquals("Ready", m.getStatus().status, String.valueOf(m.getStatus().conditions));
            assertEquals("True/AllTemplatesReady", state(m.getStatus().conditions, "ClusterServiceTemplatesReady"));
            // a custom model reads its base image too (here a Docker Hub image without AIM labels)
            assertEquals("True/ImageFound", state(m.getStatus().conditions, "ImageMetadataReady"));
            assertEquals(m.getMetadata().getGeneration(), m.getStatus().observedGeneration);
        });
        List<AIMClusterServiceTemplate> templates = client.resources(AIMClusterServiceTemplate.class)
                .withLabel("aim.eai.amd.com/model", model).list().getItems();
        assertEquals(2, templates.size());
        AIMClusterServiceTemplate fast = byAlias(templates, "fast");
        assertEquals("auto-generated", fast.getMetadata().getLabels().get("aim.eai.amd.com/origin"));
        assertEquals(model, fast.getMetadata().getOwnerReferences().get(0).getName());
        assertEquals("True/InlineModelSources", state(fast.getStatus().conditions, "Discovered"));
        assertEquals("1 x MI300X", fast.getStatus().hardwareSummary);
        assertEquals("hf://Qwen/Qwen2-0.5B", fast.getStatus().modelSources.get(0).sourceUri);
        assertEquals("aim-cluster-model-controller", fast.getMetadata().getManagedFields().stream()
                .filter(f -> "Apply".equals(f.getOperation())).findFirst().orElseThrow().getManager());
        AIMClusterServiceTemplate cpu = byAlias(templates, "cpu");
        // custom.hardware is merged: the GPU of the model's default plus the template's CPU
        assertEquals("500m", cpu.getSpec().resources.getRequests().get("cpu").toString());
        assertEquals("2", cpu.getSpec().resources.getLimits().get("cpu").toString());
    }

    @Test
    @org.junit.jupiter.api.DisplayName("aimmodel/custom-models/cpu-only")
    void cpuOnlyCustomModelWritesQuantitiesInCanonicalForm() {
        String ns = newNamespace(client, "cpu");
        // created as plain JSON, so that the model keeps the text as the user wrote it (2000m)
        GenericKubernetesResource created = client.genericKubernetesResources("aim.eai.amd.com/v1alpha1", "AIMModel")
                .inNamespace(ns).resource(client.getKubernetesSerialization().unmarshal("""
                        apiVersion: aim.eai.amd.com/v1alpha1
                        kind: AIMModel
                        metadata: {name: cpu-only}
                        spec:
                          image: amdenterpriseai/aim-base:0.9
                          modelSources: [{modelId: org/model, sourceUri: "hf://org/model"}]
                          custom: {hardware: {cpu: {requests: 500m, limits: 2000m}}}
                        """, GenericKubernetesResource.class)).create();
        assertEquals("2000m", json(created).at("/spec/custom/hardware/cpu/limits").asText());

        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMModel m = client.resources(AIMModel.class).inNamespace(ns).withName("cpu-only").get();
            assertEquals("Ready", m.getStatus().status, String.valueOf(m.getStatus().conditions));
            assertEquals("Custom", m.getStatus().sourceType);
        });
        List<AIMServiceTemplate> templates = client.resources(AIMServiceTemplate.class).inNamespace(ns)
                .withLabel("aim.eai.amd.com/model", "cpu-only").list().getItems();
        assertEquals(1, templates.size());
        String name = templates.get(0).getMetadata().getName();
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> assertEquals("Ready",
                template(ns, name).getStatus().status, String.valueOf(template(ns, name).getStatus().conditions)));

        JsonNode t = json(client.genericKubernetesResources("aim.eai.amd.com/v1alpha1", "AIMServiceTemplate")
                .inNamespace(ns).withName(name).get());
        assertEquals("500m", t.at("/spec/hardware/cpu/requests").asText());
        assertEquals("2", t.at("/spec/hardware/cpu/limits").asText());
        assertEquals("2", t.at("/spec/resources/limits/cpu").asText());
        assertEquals("500m", t.at("/status/resolvedHardware/cpu/requests").asText());
        assertEquals("2", t.at("/status/resolvedHardware/cpu/limits").asText());
        assertEquals("CPU", t.at("/status/hardwareSummary").asText());
    }

    @Test
    void gpuTemplateFollowsNodeLabels() {
        String ns = newNamespace(client, "gpu");
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMModel
                metadata: {name: m}
                spec: {image: "amdenterpriseai/aim-base:0.9", discovery: {extractMetadata: false, createServiceTemplates: false}}
                """, AIMModel.class)).inNamespace(ns).create();
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMServiceTemplate
                metadata: {name: needs-mi325x}
                spec:
                  modelName: m
                  hardware: {gpu: {requests: 1, model: MI325X}}
                  modelSources: [{modelId: org/model, sourceUri: "hf://org/model"}]
                """, AIMServiceTemplate.class)).inNamespace(ns).create();

        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMServiceTemplateStatus s = template(ns, "needs-mi325x").getStatus();
            assertEquals("NotAvailable", s.status);
            assertEquals("False/GPUNotAvailable", state(s.conditions, "GPUReady"));
        });
        assertTrue(events(ns, "needs-mi325x").stream()
                .anyMatch(e -> "Warning".equals(e.getType()) && "GPUNotAvailable".equals(e.getReason())));

        String node = unique("mi325x");
        node(node, Map.of("amd.com/gpu.device-id", "74a5"));
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMServiceTemplateStatus s = template(ns, "needs-mi325x").getStatus();
            assertEquals("Ready", s.status, String.valueOf(s.conditions));
            assertEquals("True/GPUAvailable", state(s.conditions, "GPUReady"));
            assertEquals(List.of("74a5", "74b9"), s.resolvedNodeAffinity.getRequiredDuringSchedulingIgnoredDuringExecution()
                    .getNodeSelectorTerms().get(0).getMatchExpressions().get(0).getValues());
        });

        client.nodes().withName(node).edit(n -> {
            n.getMetadata().getLabels().remove("amd.com/gpu.device-id");
            return n;
        });
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> assertEquals("NotAvailable",
                template(ns, "needs-mi325x").getStatus().status));
    }

    @Test
    void missingNamedRuntimeConfigFailsUntilItExists() {
        String ns = newNamespace(client, "rc");
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMModel
                metadata: {name: m}
                spec: {image: "img:1", discovery: {extractMetadata: false, createServiceTemplates: false}}
                """, AIMModel.class)).inNamespace(ns).create();
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMServiceTemplate
                metadata: {name: t}
                spec:
                  modelName: m
                  runtimeConfigName: tuned
                  hardware: {cpu: {requests: "1"}}
                  modelSources: [{modelId: org/model, sourceUri: "hf://org/model"}]
                """, AIMServiceTemplate.class)).inNamespace(ns).create();

        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMServiceTemplateStatus s = template(ns, "t").getStatus();
            assertEquals("Failed", s.status);
            assertEquals("False/ConfigNotFound", state(s.conditions, "RuntimeConfigReady"));
            assertEquals("False/ReferenceNotFound", state(s.conditions, "ConfigValid"));
            assertEquals("False/ReferenceNotFound", state(s.conditions, "Ready"));
        });
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMRuntimeConfig
                metadata: {name: tuned}
                spec: {env: [{name: A, value: b}]}
                """, AIMRuntimeConfig.class)).inNamespace(ns).create();
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMServiceTemplateStatus s = template(ns, "t").getStatus();
            assertEquals("Ready", s.status, String.valueOf(s.conditions));
            assertEquals("True/ConfigurationValid", state(s.conditions, "ConfigValid"));
            assertEquals("Namespace", s.resolvedRuntimeConfig.scope);
        });
    }

    @Test
    void namespaceRuntimeConfigIsMergedOverTheClusterOne() {
        String ns = newNamespace(client, "merge");
        String config = unique("teams");
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMClusterRuntimeConfig
                metadata: {name: %s}
                spec: {labelPropagation: {enabled: true, match: ["team-*"]}}
                """.formatted(config), AIMClusterRuntimeConfig.class)).create();
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMRuntimeConfig
                metadata: {name: %s}
                spec: {labelPropagation: {enabled: true, match: ["cost-*"]}}
                """.formatted(config), AIMRuntimeConfig.class)).inNamespace(ns).create();
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMModel
                metadata: {name: m}
                spec: {image: "img:1", discovery: {extractMetadata: false, createServiceTemplates: false}}
                """, AIMModel.class)).inNamespace(ns).create();
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMServiceTemplate
                metadata:
                  name: cached
                  labels: {team-a: "yes", cost-center: "42", aim.eai.amd.com/tier: gold}
                spec:
                  modelName: m
                  runtimeConfigName: %s
                  hardware: {cpu: {requests: "1"}}
                  modelSources: [{modelId: org/model, sourceUri: "hf://org/model"}]
                  caching: {enabled: true, env: [{name: HF_TOKEN, value: x}]}
                """.formatted(config), AIMServiceTemplate.class)).inNamespace(ns).create();

        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMTemplateCache cache = client.resources(AIMTemplateCache.class).inNamespace(ns).withName("cached").get();
            assertTrue(cache != null, "template-owned cache not created");
            Map<String, String> labels = cache.getMetadata().getLabels();
            assertEquals("42", labels.get("cost-center"), labels.toString());
            assertFalse(labels.containsKey("team-a"), "the namespace match list replaces the cluster one");
            assertEquals("gold", labels.get("aim.eai.amd.com/tier"), "aim.eai.amd.com/ labels always propagate");
            assertEquals("cached", labels.get("aim.eai.amd.com/service-template.name"));
            assertEquals("Namespace", cache.getSpec().templateScope);
            assertEquals("HF_TOKEN", cache.getSpec().env.get(0).getName());
            assertEquals("cached", cache.getMetadata().getOwnerReferences().get(0).getName());
        });
        // the template's status is written just after its cache is applied
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() ->
                assertEquals("Merged", template(ns, "cached").getStatus().resolvedRuntimeConfig.scope));

        // An explicit false in the namespace config overrides the cluster's true (upstream's merge could not).
        client.resources(AIMRuntimeConfig.class).inNamespace(ns).withName(config).edit(c -> {
            c.getSpec().labelPropagation.enabled = false;
            return c;
        });
        client.resources(AIMServiceTemplate.class).inNamespace(ns).withName("cached").edit(t -> {
            t.getMetadata().getLabels().put("cost-extra", "1");
            return t;
        });
        await().ignoreExceptions().during(Duration.ofSeconds(3)).atMost(WAIT).untilAsserted(() -> assertFalse(
                client.resources(AIMTemplateCache.class).inNamespace(ns).withName("cached").get()
                        .getMetadata().getLabels().containsKey("cost-extra")));
    }

    @Test
    void pausedTemplateIsLeftUntouched() {
        String ns = newNamespace(client, "paused");
        AIMServiceTemplate t = client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMServiceTemplate
                metadata:
                  name: frozen
                  annotations: {aim.eai.amd.com/reconciliation-paused: "true"}
                spec:
                  modelName: does-not-exist
                  modelSources: [{modelId: org/model, sourceUri: "hf://org/model"}]
                """, AIMServiceTemplate.class)).inNamespace(ns).create();
        t.setStatus(new AIMServiceTemplateStatus());
        t.getStatus().status = "Ready";
        client.resource(t).inNamespace(ns).updateStatus();

        await().ignoreExceptions().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            AIMServiceTemplateStatus s = template(ns, "frozen").getStatus();
            assertEquals("Ready", s.status);
            assertNull(s.conditions);
        });

        client.resources(AIMServiceTemplate.class).inNamespace(ns).withName("frozen").edit(x -> {
            x.getMetadata().getAnnotations().remove("aim.eai.amd.com/reconciliation-paused");
            return x;
        });
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMServiceTemplateStatus s = template(ns, "frozen").getStatus();
            assertEquals("Failed", s.status);
            assertEquals("False/ReferenceNotFound", state(s.conditions, "ModelReady"));
        });
    }

    private AIMServiceTemplate template(String ns, String name) {
        AIMServiceTemplate t = client.resources(AIMServiceTemplate.class).inNamespace(ns).withName(name).get();
        if (t.getStatus() == null) {
            t.setStatus(new AIMServiceTemplateStatus());
        }
        return t;
    }

    private List<Event> events(String ns, String name) {
        return client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName())).toList();
    }

    private JsonNode json(Object o) {
        return client.getKubernetesSerialization().convertValue(o, JsonNode.class);
    }

    private Node node(String name, Map<String, String> labels) {
        return client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).withLabels(labels)
                .endMetadata().build()).create();
    }

    private static AIMClusterServiceTemplate byAlias(List<AIMClusterServiceTemplate> templates, String alias) {
        return templates.stream().filter(t -> alias.equals(t.getMetadata().getLabels().get("aim.eai.amd.com/template.alias")))
                .findFirst().orElseThrow();
    }
}
