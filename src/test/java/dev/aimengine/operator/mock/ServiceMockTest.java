package dev.aimengine.operator.mock;

import dev.aimengine.operator.api.v1alpha1.AIMClusterModel;
import dev.aimengine.operator.api.v1alpha1.AIMClusterServiceTemplate;
import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.api.v1alpha1.AIMTemplateCache;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.aimengine.operator.testing.Fixtures.load;
import static dev.aimengine.operator.testing.Fixtures.state;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tier 2: without KServe and the Gateway API installed, the service says so instead of failing its reconciles. */
@QuarkusTest
@WithKubernetesTestServer
class ServiceMockTest {

    @Inject
    KubernetesClient client;

    @Test
    void missingOptionalApisAreReportedAndTheRestProceeds() {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("svc-mock-node")
                .addToLabels("amd.com/gpu.device-id", "74a1").endMetadata().build()).createOr(n -> n.update());
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMClusterModel
                metadata: {name: mock-svc-model}
                spec: {image: "aim-base:0.9", discovery: {extractMetadata: false, createServiceTemplates: false}}
                """, AIMClusterModel.class)).create();
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMClusterServiceTemplate
                metadata: {name: mock-svc-template}
                spec:
                  modelName: mock-svc-model
                  type: optimized
                  hardware: {gpu: {requests: 1, model: MI300X}}
                  modelSources: [{modelId: org/model, sourceUri: "hf://org/model", size: 1Gi}]
                """, AIMClusterServiceTemplate.class)).create();
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMService
                metadata: {name: no-kserve, namespace: default}
                spec: {model: {name: mock-svc-model}, routing: {enabled: true, gatewayRef: {name: gw}}}
                """, AIMService.class)).inNamespace("default").create();

        await().ignoreExceptions().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            AIMService s = client.resources(AIMService.class).inNamespace("default").withName("no-kserve").get();
            assertEquals("False/KServeNotInstalled", state(s.getStatus().conditions, "InferenceServiceReady"));
            assertEquals("False/GatewayAPINotInstalled", state(s.getStatus().conditions, "HTTPRouteReady"));
            assertEquals("Failed", s.getStatus().status);
            assertEquals("mock-svc-template", s.getStatus().resolvedTemplate.name);
            assertTrue(s.getMetadata().getFinalizers().contains("aim.eai.amd.com/template-cache-cleanup"));
        });
        // the weights can still be prepared
        await().ignoreExceptions().atMost(Duration.ofSeconds(30)).until(() -> !client.resources(AIMTemplateCache.class)
                .inNamespace("default").withLabel("aim.eai.amd.com/service", "no-kserve").list().getItems().isEmpty());
    }
}
