package dev.aimengine.operator.apiserver.catalogue;

import dev.aimengine.operator.api.v1alpha1.AIMClusterModel;
import dev.aimengine.operator.api.v1alpha1.AIMClusterServiceTemplate;
import dev.aimengine.operator.api.v1alpha1.AIMModel;
import dev.aimengine.operator.api.v1alpha1.AIMModelStatus;
import dev.aimengine.operator.api.v1alpha1.AIMRuntimeConfig;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplate;
import dev.aimengine.operator.testing.GpuNodes;
import dev.aimengine.operator.testing.OperatorLog;
import dev.aimengine.operator.testing.RealApiServer;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.aimengine.operator.testing.Fixtures.load;
import static dev.aimengine.operator.testing.Fixtures.newNamespace;
import static dev.aimengine.operator.testing.Fixtures.state;
import static dev.aimengine.operator.testing.Fixtures.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** AIM Engine's end-to-end catalogue, {@code aimmodel/*} entries that need no registry, on the real API server. */
@QuarkusTest
@TestProfile(RealApiServer.class)
@ExtendWith(OperatorLog.Watch.class)
class ModelCatalogueTest {
    static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    KubernetesClient client;
    String ns;

    @BeforeEach
    void setUp() {
        GpuNodes.ensure(client);
        ns = newNamespace(client, "model");
    }

    @Test
    @DisplayName("aimmodel/custom-models/template-creation")
    void customModelsTemplateCreation() {
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMModel
                metadata: {name: custom}
                spec:
                  image: amdenterpriseai/aim-base:0.9
                  modelSources: [{modelId: org/model, sourceUri: "hf://org/model", size: 100Mi}]
                  custom: {hardware: {gpu: {requests: 1, model: MI300X}}}
                  customTemplates:
                    - {name: default-hardware}
                    - {name: multi-gpu, hardware: {gpu: {requests: 2}}}
                    - {name: different-gpu, hardware: {gpu: {model: MI250X}}}
                    - name: latency-optimized
                      type: optimized
                      profile: {metric: latency, precision: fp16}
                      env: [{name: MAX_MODEL_LEN, value: "4096"}]
                    - name: throughput-optimized
                      type: preview
                      profile: {metric: throughput, precision: fp8}
                      env: [{name: MAX_NUM_SEQS, value: "64"}]
                    - {name: minimal}
                """, AIMModel.class)).inNamespace(ns).create();
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMModelStatus s = client.resources(AIMModel.class).inNamespace(ns).withName("custom").get().getStatus();
            assertEquals("Ready", s.status, String.valueOf(s.conditions));
            assertEquals("Custom", s.sourceType);
            assertEquals("True/SomeTemplatesReady", state(s.conditions, "ServiceTemplatesReady"));
        });
        Map<String, AIMServiceTemplate> byAlias = client.resources(AIMServiceTemplate.class).inNamespace(ns)
                .withLabel("aim.eai.amd.com/model", "custom").list().getItems().stream()
                .collect(Collectors.toMap(t -> t.getMetadata().getLabels().get("aim.eai.amd.com/template.alias"), t -> t));
        assertEquals(6, byAlias.size(), byAlias.keySet().toString());

        AIMServiceTemplate defaults = byAlias.get("default-hardware");
        assertEquals(1, defaults.getSpec().hardware.gpu.requests);
        assertEquals("MI300X", defaults.getSpec().hardware.gpu.model);
        assertEquals("unoptimized", defaults.getSpec().type);
        assertEquals("100Mi", defaults.getSpec().modelSources.get(0).size.toString());
        assertEquals("100Mi", defaults.getStatus().modelSources.get(0).size.toString());
        assertEquals("1 x MI300X", defaults.getStatus().hardwareSummary);
        assertEquals("Ready", defaults.getStatus().status);

        assertEquals("2 x MI300X", byAlias.get("multi-gpu").getStatus().hardwareSummary);

        AIMServiceTemplate different = byAlias.get("different-gpu");
        assertEquals("NotAvailable", different.getStatus().status);
        assertEquals("1 x MI250X", different.getStatus().hardwareSummary);
        assertEquals("MI250X", different.getStatus().resolvedHardware.gpu.model);
        assertEquals(1, different.getStatus().resolvedHardware.gpu.requests);

        AIMServiceTemplate latency = byAlias.get("latency-optimized");
        assertEquals("optimized", latency.getSpec().type);
        assertEquals("latency", latency.getSpec().metric);
        assertEquals("fp16", latency.getSpec().precision);
        assertEquals("4096", env(latency.getSpec().env).get("MAX_MODEL_LEN"));
        var meta = latency.getStatus().profile.metadata;
        assertEquals("latency", meta.metric);
        assertEquals("fp16", meta.precision);
        assertEquals(1, meta.gpuCount);
        assertEquals("MI300X", meta.gpu);
        assertEquals("optimized", meta.type);

        AIMServiceTemplate throughput = byAlias.get("throughput-optimized");
        assertEquals("preview", throughput.getSpec().type);
        assertEquals("fp8", throughput.getSpec().precision);
        assertEquals("64", env(throughput.getSpec().env).get("MAX_NUM_SEQS"));

        assertEquals("unoptimized", byAlias.get("minimal").getSpec().type);
    }

    @Test
    @DisplayName("aimmodel/error-recovery")
    void errorRecovery() {
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMModel
                metadata: {name: m}
                spec:
                  image: amdenterpriseai/aim-base:0.9
                  runtimeConfigName: tuned
                  discovery: {extractMetadata: false, createServiceTemplates: false}
                """, AIMModel.class)).inNamespace(ns).create();
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMModelStatus s = status("m");
            assertEquals("Failed", s.status);
            assertEquals("False/ReferenceNotFound", state(s.conditions, "ConfigValid"));
            assertEquals("False", state(s.conditions, "Ready").split("/")[0]);
        });
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMRuntimeConfig
                metadata: {name: tuned}
                spec: {}
                """, AIMRuntimeConfig.class)).inNamespace(ns).create();
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMModelStatus s = status("m");
            assertEquals("Ready", s.status, String.valueOf(s.conditions));
            assertEquals("True/AllComponentsReady", state(s.conditions, "Ready"));
            assertEquals("True", state(s.conditions, "ConfigValid").split("/")[0]);
        });
    }

    @Test
    @DisplayName("aimmodel/spec-provided-metadata")
    void specProvidedMetadata() {
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMModel
                metadata: {name: airgapped}
                spec:
                  image: registry.invalid/no/such-image:0
                  discovery: {createServiceTemplates: false}
                  imageMetadata:
                    model:
                      canonicalName: meta-llama/Llama-3.1-8B-Instruct
                      recommendedDeployments:
                        - {gpuModel: MI300X, gpuCount: 1, precision: fp8, metric: latency}
                """, AIMModel.class)).inNamespace(ns).create();
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMModelStatus s = status("airgapped");
            assertEquals("True/ImageMetadataFound", state(s.conditions, "ImageMetadataReady"));
            assertEquals("meta-llama/Llama-3.1-8B-Instruct", s.imageMetadata.model.canonicalName);
            assertEquals("MI300X", s.imageMetadata.model.recommendedDeployments.get(0).gpuModel);
            assertEquals("absent", state(s.conditions, "DependenciesReachable"), "no registry call was made");
        });
    }

    @Test
    @DisplayName("aimmodel/template-garbage-collection")
    void templateGarbageCollection() {
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMModel
                metadata: {name: custom}
                spec:
                  image: amdenterpriseai/aim-base:0.9
                  custom: {hardware: {gpu: {requests: 1, model: MI300X}}}
                  modelSources: [{modelId: org/model, sourceUri: "hf://org/model"}]
                """, AIMModel.class)).inNamespace(ns).create();
        await().ignoreExceptions().atMost(WAIT).until(() -> client.resources(AIMServiceTemplate.class).inNamespace(ns)
                .withLabel("aim.eai.amd.com/model", "custom").list().getItems().size() == 1);
        client.resources(AIMModel.class).inNamespace(ns).withName("custom").delete();
        await().ignoreExceptions().atMost(WAIT).until(() -> client.resources(AIMServiceTemplate.class).inNamespace(ns)
                .withLabel("aim.eai.amd.com/model", "custom").list().getItems().isEmpty());
    }

    @Test
    @DisplayName("aimmodel/clone-templates-for-gpu")
    void cloneTemplatesForGpu() {
        String model = unique("clone");
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMClusterModel
                metadata: {name: %s}
                spec:
                  image: amdenterpriseai/aim-base:0.9
                  custom: {hardware: {gpu: {requests: 1, model: MI300X}}}
                  modelSources: [{modelId: org/model, sourceUri: "hf://org/model", size: 1Gi}]
                """.formatted(model), AIMClusterModel.class)).create();
        await().ignoreExceptions().atMost(WAIT).until(() -> "Ready".equals(
                client.resources(AIMClusterModel.class).withName(model).get().getStatus().status));
        // what hack/clone-templates-for-gpu.sh does: copy each of the model's templates for another GPU, unowned
        List<AIMClusterServiceTemplate> originals = client.resources(AIMClusterServiceTemplate.class)
                .withLabel("aim.eai.amd.com/model", model).list().getItems();
        assertEquals(1, originals.size());
        AIMClusterServiceTemplate copy = new AIMClusterServiceTemplate();
        copy.getMetadata().setName(originals.get(0).getMetadata().getName() + "-mi308x");
        copy.getMetadata().setLabels(originals.get(0).getMetadata().getLabels());
        copy.setSpec(originals.get(0).getSpec());
        copy.getSpec().hardware.gpu.model = "MI308X";
        client.resource(copy).create();

        await().during(Duration.ofSeconds(5)).atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            AIMClusterServiceTemplate live = client.resources(AIMClusterServiceTemplate.class)
                    .withName(copy.getMetadata().getName()).get();
            assertNotNull(live, "the operator leaves a user's copy alone");
            assertEquals("MI308X", live.getSpec().hardware.gpu.model);
            assertTrue(live.getMetadata().getOwnerReferences() == null || live.getMetadata().getOwnerReferences().isEmpty());
            assertEquals("NotAvailable", live.getStatus().status, "no MI308X node in this cluster");
            assertEquals("Ready", client.resources(AIMClusterModel.class).withName(model).get().getStatus().status);
        });
    }

    AIMModelStatus status(String name) {
        return client.resources(AIMModel.class).inNamespace(ns).withName(name).get().getStatus();
    }

    static Map<String, String> env(List<EnvVar> env) {
        return env.stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }
}
