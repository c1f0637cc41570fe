package dev.aimengine.operator.model;

import dev.aimengine.operator.api.v1alpha1.AIMModelStatus;
import dev.aimengine.operator.common.reconcile.Decision;

import dev.aimengine.operator.api.v1alpha1.AIMClusterModel;
import dev.aimengine.operator.api.v1alpha1.AIMClusterServiceTemplate;
import dev.aimengine.operator.api.v1alpha1.AIMModel;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplate;
import dev.aimengine.operator.common.status.AIMStatus;
import dev.aimengine.operator.common.naming.AimNames;
import dev.aimengine.operator.common.status.StatusEngine;
import dev.aimengine.operator.common.status.StatusOutcome;
import dev.aimengine.operator.runtimeconfig.RuntimeConfigResolution;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelPlannerTest {
    static final KubernetesSerialization YAML = new KubernetesSerialization();
    static final RuntimeConfigResolution NO_CONFIG = RuntimeConfigResolution.of(null, null, null);

    static AIMModel model(String spec) {
        return YAML.unmarshal("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMModel
                metadata: {name: llama, namespace: ns}
                spec: %s
                """.formatted(spec), AIMModel.class);
    }

    static Decision<AIMModelStatus> plan(AIMModel m, String... templateStatuses) {
        return ModelPlanner.plan(new ModelPlanner.Input(m, m.getSpec(), m.getStatus(), NO_CONFIG,
                new ArrayList<>(Arrays.asList(templateStatuses))));
    }

    static StatusOutcome outcome(Decision<AIMModelStatus> r) {
        return StatusEngine.evaluate(List.of(), r.components(), 1L, Instant.EPOCH);
    }

    static String state(StatusOutcome o, String type) {
        var c = o.condition(type);
        return c == null ? "absent" : c.getStatus() + "/" + c.getReason();
    }

    @Test
    void customModelWithoutCustomTemplatesGetsOneAutoTemplate() {
        AIMModel m = model("""
                {image: "aim-base:0.9", custom: {hardware: {gpu: {requests: 1, model: MI300X}}},
                 modelSources: [{modelId: org/model, sourceUri: "hf://org/model"}],
                 env: [{name: A, value: "1"}], serviceAccountName: sa}
                """);
        Decision<AIMModelStatus> r = plan(m);
        assertEquals("Custom", r.status().sourceType);
        assertEquals(1, r.owned().size());
        AIMServiceTemplate t = assertInstanceOf(AIMServiceTemplate.class, r.owned().get(0));
        assertEquals(AimNames.autoCustomTemplate("llama"), t.getMetadata().getName());
        assertEquals("ns", t.getMetadata().getNamespace());
        assertEquals("llama", t.getMetadata().getLabels().get("aim.eai.amd.com/model"));
        assertEquals("auto-generated", t.getMetadata().getLabels().get("aim.eai.amd.com/origin"));
        assertEquals("unoptimized", t.getSpec().type);
        assertEquals("MI300X", t.getSpec().hardware.gpu.model);
        assertEquals("hf://org/model", t.getSpec().modelSources.get(0).sourceUri);
        assertEquals("A", t.getSpec().env.get(0).getName());
        assertEquals("sa", t.getSpec().serviceAccountName);
        StatusOutcome o = outcome(r);
        assertEquals("False/CreatingTemplates", state(o, "ServiceTemplatesReady"));
        assertEquals("True/InspectionSkipped", state(o, "ImageMetadataReady"));
        assertEquals(AIMStatus.Progressing, o.status());
    }

    @Test
    void customTemplatesMergeHardwareEnvAndProfile() {
        AIMModel m = model("""
                {image: "aim-base:0.9", custom: {type: preview, hardware: {gpu: {requests: 1, model: MI300X}}},
                 modelSources: [{modelId: org/model, sourceUri: "hf://org/model"}],
                 env: [{name: A, value: "1"}, {name: B, value: "2"}],
                 customTemplates: [
                   {name: big, hardware: {gpu: {requests: 4}}, env: [{name: B, value: "3"}], profile: {metric: throughput, precision: fp8}},
                   {name: cpu, type: optimized, hardware: {cpu: {requests: 500m, limits: "2"}}}]}
                """);
        Decision<AIMModelStatus> r = plan(m);
        assertEquals(2, r.owned().size());
        AIMServiceTemplate big = (AIMServiceTemplate) r.owned().get(0);
        assertEquals("big", big.getMetadata().getLabels().get("aim.eai.amd.com/template.alias"));
        assertEquals(4, big.getSpec().hardware.gpu.requests);
        assertEquals("MI300X", big.getSpec().hardware.gpu.model, "model inherited from custom.hardware");
        assertEquals("preview", big.getSpec().type, "custom.type when the template sets none");
        assertEquals("throughput", big.getSpec().metric);
        assertEquals("fp8", big.getSpec().precision);
        assertEquals("3", big.getSpec().env.stream().filter(e -> e.getName().equals("B")).findFirst().orElseThrow().getValue());
        AIMServiceTemplate cpu = (AIMServiceTemplate) r.owned().get(1);
        assertEquals("optimized", cpu.getSpec().type);
        assertEquals("500m", cpu.getSpec().resources.getRequests().get("cpu").toString());
        assertEquals("2", cpu.getSpec().resources.getLimits().get("cpu").toString());
        assertEquals(1, cpu.getSpec().hardware.gpu.requests, "GPU default kept next to the template's CPU");
    }

    @Test
    void clusterModelsCreateClusterTemplatesWithoutEnv() {
        AIMClusterModel m = YAML.unmarshal("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMClusterModel
                metadata: {name: llama}
                spec: {image: "aim-base:0.9", custom: {hardware: {gpu: {requests: 1}}}, env: [{name: A, value: "1"}],
                       modelSources: [{modelId: org/model, sourceUri: "hf://org/model"}]}
                """, AIMClusterModel.class);
        Decision<AIMModelStatus> r = ModelPlanner.plan(new ModelPlanner.Input(m, m.getSpec(), null, NO_CONFIG, List.of("Progressing")));
        AIMClusterServiceTemplate t = assertInstanceOf(AIMClusterServiceTemplate.class, r.owned().get(0));
        assertNull(t.getMetadata().getNamespace());
        assertNull(t.getSpec().env);
        // cluster models report components as upstream dependencies: not ready means Pending
        assertEquals(AIMStatus.Pending, outcome(r).status());
    }

    @Test
    void userProvidedMetadataBecomesTemplatesPerRecommendedDeployment() {
        AIMModel m = model("""
                {image: "amdenterpriseai/aim-llama:0.8.4",
                 imageMetadata: {model: {canonicalName: meta-llama/Llama-3.1-8B, recommendedDeployments: [
                   {gpuModel: MI300X, gpuCount: 1, precision: fp8, metric: latency, profileId: p1},
                   {gpuModel: MI325X, gpuCount: 8, precision: fp16, metric: throughput}]}},
                 customTemplates: [{name: extra, hardware: {gpu: {requests: 2, model: MI300X}}}]}
                """);
        Decision<AIMModelStatus> r = plan(m);
        assertEquals("Image", r.status().sourceType);
        assertEquals("meta-llama/Llama-3.1-8B", r.status().imageMetadata.model.canonicalName);
        assertEquals(3, r.owned().size(), "two recommended deployments plus the additive custom template");
        AIMServiceTemplate first = (AIMServiceTemplate) r.owned().get(0);
        assertEquals(AimNames.templateFromRecommendedDeployment("llama", "amdenterpriseai/aim-llama:0.8.4",
                m.getSpec().imageMetadata.model.recommendedDeployments.get(0)), first.getMetadata().getName());
        assertEquals("p1", first.getSpec().profileId);
        assertEquals("latency", first.getSpec().metric);
        assertEquals(1, first.getSpec().hardware.gpu.requests);
        assertNull(first.getSpec().modelSources);
        assertEquals("True/ImageMetadataFound", state(outcome(r), "ImageMetadataReady"));
    }

    @Test
    void imageModelsWithoutMetadataSayRegistryInspectionIsUnavailable() {
        Decision<AIMModelStatus> r = plan(model("{image: \"amdenterpriseai/aim-llama:0.8.4\"}"));
        StatusOutcome o = outcome(r);
        assertEquals("False/RegistryInspectionUnavailable", state(o, "ImageMetadataReady"));
        assertEquals("False/AwaitingMetadata", state(o, "ServiceTemplatesReady"));
        assertEquals(AIMStatus.Pending, o.status());
        assertTrue(r.owned().isEmpty());
    }

    @Test
    void extractionDisabledWithoutCustomTemplatesExpectsNoTemplates() {
        StatusOutcome o = outcome(plan(model("{image: \"img:1\", discovery: {extractMetadata: false}}")));
        assertEquals("True/NoTemplatesExpected", state(o, "ServiceTemplatesReady"));
        assertEquals(AIMStatus.Ready, o.status());
        assertEquals("True/NoTemplatesExpected", state(outcome(plan(model(
                "{image: \"img:1\", discovery: {createServiceTemplates: false}, modelSources: [{modelId: a/b, sourceUri: 'hf://a/b'}]}"))),
                "ServiceTemplatesReady"));
    }

    @Test
    void templateStatusesAreAggregated() {
        AIMModel m = model("{image: \"img:1\", discovery: {extractMetadata: false, createServiceTemplates: false}}");
        assertAggregate(m, "True/AllTemplatesReady", AIMStatus.Ready, "Ready", "Ready");
        assertAggregate(m, "False/NoTemplatesAvailable", AIMStatus.NotAvailable, "NotAvailable", "NotAvailable");
        assertAggregate(m, "True/SomeTemplatesReady", AIMStatus.Ready, "Ready", "NotAvailable");
        assertAggregate(m, "False/SomeTemplatesDegraded", AIMStatus.Degraded, "Ready", "Failed");
        assertAggregate(m, "False/AllTemplatesFailed", AIMStatus.Failed, "Failed", "Degraded");
        assertAggregate(m, "False/TemplatesProgressing", AIMStatus.Progressing, "Ready", "Pending");
    }

    private static void assertAggregate(AIMModel m, String condition, AIMStatus status, String... templates) {
        StatusOutcome o = outcome(plan(m, templates));
        assertEquals(condition, state(o, "ServiceTemplatesReady"), Arrays.toString(templates));
        assertEquals(status, o.status(), Arrays.toString(templates));
    }

}
