package dev.aimengine.operator.mock;

import dev.aimengine.operator.api.v1alpha1.AIMClusterModel;
import dev.aimengine.operator.api.v1alpha1.AIMClusterServiceTemplate;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tier 2: catalogue reconcile loops on the fabric8 CRUD mock server. */
@QuarkusTest
@WithKubernetesTestServer
class CatalogueMockTest {

    @Inject
    KubernetesClient client;

    @Test
    void clusterModelWithCustomTemplatesCreatesTemplatesAndBecomesReady() {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("gpu-node-mock")
                .addToLabels("amd.com/gpu.device-id", "74a1").endMetadata().build()).create();
        client.resource(client.getKubernetesSerialization().unmarshal("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMClusterModel
                metadata: {name: mock-custom}
                spec:
                  image: amdenterpriseai/aim-base:0.9
                  custom: {hardware: {gpu: {requests: 1, model: MI300X}}}
                  modelSources: [{modelId: Qwen/Qwen2-0.5B, sourceUri: "hf://Qwen/Qwen2-0.5B", size: 1Gi}]
                  customTemplates:
                    - {name: fast, type: optimized, profile: {metric: latency, precision: fp16}}
                    - {name: wide, hardware: {gpu: {requests: 2}}}
                """, AIMClusterModel.class)).create();

        await().ignoreExceptions().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<AIMClusterServiceTemplate> templates = client.resources(AIMClusterServiceTemplate.class)
                    .withLabel("aim.eai.amd.com/model", "mock-custom").list().getItems();
            assertEquals(2, templates.size());
            assertTrue(templates.stream().allMatch(t -> t.getStatus() != null && "Ready".equals(t.getStatus().status)),
                    () -> templates.stream().map(t -> t.getMetadata().getName() + "=" + (t.getStatus() == null ? null
                            : t.getStatus().status + " " + t.getStatus().conditions)).toList().toString());
        });
        await().ignoreExceptions().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            AIMClusterModel model = client.resources(AIMClusterModel.class).withName("mock-custom").get();
            assertEquals("Ready", model.getStatus().status, String.valueOf(model.getStatus().conditions));
            assertEquals("Custom", model.getStatus().sourceType);
            Condition c = model.getStatus().conditions.stream()
                    .filter(x -> x.getType().equals("ClusterServiceTemplatesReady")).findFirst().orElseThrow();
            assertEquals("AllTemplatesReady", c.getReason());
        });
        AIMClusterServiceTemplate fast = client.resources(AIMClusterServiceTemplate.class)
                .withLabel("aim.eai.amd.com/template.alias", "fast").list().getItems().get(0);
        assertEquals("1 x MI300X", fast.getStatus().hardwareSummary);
        assertEquals("optimized", fast.getStatus().profile.metadata.type);
        assertEquals("latency", fast.getSpec().metric);
        assertEquals(List.of("74a1", "74a9", "74b5", "74bd"), fast.getStatus().resolvedNodeAffinity
                .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms().get(0)
                .getMatchExpressions().get(0).getValues());
        AIMClusterServiceTemplate wide = client.resources(AIMClusterServiceTemplate.class)
                .withLabel("aim.eai.amd.com/template.alias", "wide").list().getItems().get(0);
        assertEquals("2 x MI300X", wide.getStatus().hardwareSummary);
        assertEquals("unoptimized", wide.getSpec().type);

        // the gauge counts from the controllers' informer caches, which may trail the API server briefly
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String m = given().get("/q/metrics").asString();
            assertTrue(m.contains("aim_resources{kind=\"AIMClusterModel\",status=\"Ready\"} 1.0"), () -> m.lines().filter(l -> l.startsWith("aim_")).toList().toString());
            assertTrue(m.contains("aim_resources{kind=\"AIMClusterServiceTemplate\",status=\"Ready\"} 2.0"), "template gauge");
        });
        String metrics = given().get("/q/metrics").asString();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("operator_sdk_reconciliations_success_total")
                && l.contains("kind=\"AIMClusterModel\"") && !l.endsWith(" 0.0")), "JOSDK reconcile metrics are exported");
        assertTrue(metrics.lines().filter(l -> l.startsWith("operator_sdk_")).noneMatch(l -> l.contains("name=\"mock-custom")),
                "no per-resource labels");
    }
}
