package dev.aimengine.operator.apiserver.catalogue;

import dev.aimengine.operator.api.v1alpha1.AIMModel;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplate;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplateStatus;
import dev.aimengine.operator.testing.GpuNodes;
import dev.aimengine.operator.testing.OperatorLog;
import dev.aimengine.operator.testing.RealApiServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;

import static dev.aimengine.operator.testing.Fixtures.condition;
import static dev.aimengine.operator.testing.Fixtures.load;
import static dev.aimengine.operator.testing.Fixtures.newNamespace;
import static dev.aimengine.operator.testing.Fixtures.state;
import static dev.aimengine.operator.testing.Fixtures.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** AIM Engine's end-to-end catalogue, {@code aimservicetemplate/*} entries that need no discovery job. */
@QuarkusTest
@TestProfile(RealApiServer.class)
@ExtendWith(OperatorLog.Watch.class)
class ServiceTemplateCatalogueTest {
    static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    KubernetesClient client;
    String ns;

    @BeforeEach
    void setUp() {
        GpuNodes.ensure(client);
        ns = newNamespace(client, "tpl");
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMModel
                metadata: {name: m}
                spec: {image: "amdenterpriseai/aim-base:0.9", discovery: {extractMetadata: false, createServiceTemplates: false}}
                """, AIMModel.class)).inNamespace(ns).create();
    }

    @Test
    @DisplayName("aimservicetemplate/inline-model-sources")
    void inlineModelSources() {
        template("t", """
                modelName: m
                hardware: {gpu: {requests: 1, model: MI300X}}
                modelSources: [{modelId: org/model, sourceUri: "hf://org/model", size: "9094593249"}]
                """);
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMServiceTemplateStatus s = status("t");
            assertEquals("Ready", s.status, String.valueOf(s.conditions));
            assertEquals("9094593249", s.modelSources.get(0).size.toString());
            Condition discovered = condition(s.conditions, "Discovered").orElseThrow();
            assertEquals("True/InlineModelSources", discovered.getStatus() + "/" + discovered.getReason());
            assertEquals("Model sources provided in-line in spec", discovered.getMessage());
            assertEquals("m", s.resolvedModel.name);
        });
        assertTrue(client.batch().v1().jobs().inNamespace(ns).withLabel("aim.eai.amd.com/template", "t").list()
                .getItems().isEmpty(), "no discovery job");
    }

    @Test
    @DisplayName("aimservicetemplate/min-vram")
    void minVram() {
        template("fits", """
                modelName: m
                hardware: {gpu: {requests: 1, minVram: 64Gi}}
                modelSources: [{modelId: org/model, sourceUri: "hf://org/model", size: 1Gi}]
                """);
        template("too-big", """
                modelName: m
                hardware: {gpu: {requests: 1, minVram: 1Ti}}
                modelSources: [{modelId: org/model, sourceUri: "hf://org/model", size: 1Gi}]
                """);
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMServiceTemplateStatus s = status("fits");
            assertEquals("Ready", s.status, String.valueOf(s.conditions));
            assertEquals(1, s.resolvedHardware.gpu.requests);
            assertEquals("64Gi", s.resolvedHardware.gpu.minVram.toString());
            assertEquals("True/GPUAvailable", state(s.conditions, "GPUReady"));
        });
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMServiceTemplateStatus s = status("too-big");
            assertEquals("NotAvailable", s.status, String.valueOf(s.conditions));
            assertEquals("False/VRAMNotAvailable", state(s.conditions, "GPUReady"));
        });
    }

    @Test
    @DisplayName("aimservicetemplate/node-gpu-label-changes")
    void nodeGpuLabelChanges() {
        // an MI355X (device 75a3) appears and disappears on a node of its own; nothing else in the suite uses it
        String node = unique("mi355x");
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(node).endMetadata().build()).create();
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMModel
                metadata: {name: big}
                spec:
                  image: amdenterpriseai/aim-base:0.9
                  custom: {hardware: {gpu: {requests: 1, model: MI355X}}}
                  modelSources: [{modelId: org/model, sourceUri: "hf://org/model", size: 1Gi}]
                """, AIMModel.class)).inNamespace(ns).create();
        expectTemplateAndModel("NotAvailable");

        label(node, "75a3");
        expectTemplateAndModel("Ready");

        label(node, null);
        expectTemplateAndModel("NotAvailable");
        client.nodes().withName(node).delete();
    }

    // ---- helpers ----

    void expectTemplateAndModel(String status) {
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            var template = client.resources(AIMServiceTemplate.class).inNamespace(ns)
                    .withLabel("aim.eai.amd.com/model", "big").list().getItems().get(0);
            assertEquals(status, template.getStatus().status, String.valueOf(template.getStatus().conditions));
            assertEquals(status, client.resources(AIMModel.class).inNamespace(ns).withName("big").get().getStatus().status);
        });
    }

    void label(String node, String deviceId) {
        client.nodes().withName(node).edit(n -> {
            Map<String, String> labels = new java.util.HashMap<>(n.getMetadata().getLabels() == null ? Map.of()
                    : n.getMetadata().getLabels());
            if (deviceId == null) {
                labels.remove("amd.com/gpu.device-id");
            } else {
                labels.put("amd.com/gpu.device-id", deviceId);
            }
            n.getMetadata().setLabels(labels);
            return n;
        });
    }

    void template(String name, String spec) {
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMServiceTemplate
                metadata: {name: %s}
                spec:
                %s
                """.formatted(name, spec.indent(2)), AIMServiceTemplate.class)).inNamespace(ns).create();
    }

    AIMServiceTemplateStatus status(String name) {
        return client.resources(AIMServiceTemplate.class).inNamespace(ns).withName(name).get().getStatus();
    }
}
