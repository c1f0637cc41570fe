package dev.aimengine.operator.template;

import dev.aimengine.operator.api.v1alpha1.AIMTemplateCache;
import dev.aimengine.operator.common.reconcile.Decision;

import dev.aimengine.operator.api.v1alpha1.AIMClusterModel;
import dev.aimengine.operator.api.v1alpha1.AIMClusterServiceTemplate;
import dev.aimengine.operator.api.v1alpha1.AIMModel;
import dev.aimengine.operator.api.v1alpha1.AIMModelStatus;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplate;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplateStatus;
import dev.aimengine.operator.common.status.AIMStatus;
import dev.aimengine.operator.common.status.StatusEngine;
import dev.aimengine.operator.common.status.StatusOutcome;
import dev.aimengine.operator.gpu.GpuSnapshot;
import dev.aimengine.operator.runtimeconfig.RuntimeConfigResolution;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class TemplatePlannerTest {
    static final KubernetesSerialization YAML = new KubernetesSerialization();
    static final GpuSnapshot MI300X = GpuSnapshot.of(List.of(new NodeBuilder().withNewMetadata().withName("n")
            .withLabels(Map.of("amd.com/gpu.device-id", "74a1")).endMetadata().build()), List.of());
    static final RuntimeConfigResolution NO_CONFIG = RuntimeConfigResolution.of(null, null, null);

    static AIMServiceTemplate template(String spec) {
        return YAML.unmarshal("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMServiceTemplate
                metadata: {name: t, namespace: ns, uid: u1}
                spec: %s
                """.formatted(spec), AIMServiceTemplate.class);
    }

    static TemplateModel model() {
        return TemplateModel.of(YAML.unmarshal("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMModel
                metadata: {name: m, namespace: ns, uid: m1}
                spec: {image: "img:1"}
                """, AIMModel.class));
    }

    static Decision<AIMServiceTemplateStatus> plan(AIMServiceTemplate t, TemplateModel model, GpuSnapshot gpus) {
        return TemplatePlanner.plan(new TemplatePlanner.Input(t, t.getSpec(), t.getStatus(), model, NO_CONFIG, gpus));
    }

    static AIMTemplateCache cache(Decision<AIMServiceTemplateStatus> r) {
        return r.owned().stream().filter(AIMTemplateCache.class::isInstance).map(AIMTemplateCache.class::cast)
                .findFirst().orElse(null);
    }

    static StatusOutcome outcome(Decision<AIMServiceTemplateStatus> r) {
        return StatusEngine.evaluate(List.of(), r.components(), r.conditions(), 1L, Instant.EPOCH);
    }

    static String state(StatusOutcome o, String type) {
        var c = o.condition(type);
        return c == null ? "absent" : c.getStatus() + "/" + c.getReason();
    }

    @Test
    void inlineSourcesMakeTheTemplateReadyWithStatusFromTheSpec() {
        AIMServiceTemplate t = template("""
                {modelName: m, metric: latency, precision: fp16, type: optimized,
                 hardware: {gpu: {requests: 2, model: MI300X, resourceName: amd.com/gpu}},
                 modelSources: [{modelId: org/model, sourceUri: "hf://org/model", size: 8Gi}]}
                """);
        Decision<AIMServiceTemplateStatus> r = plan(t, model(), MI300X);
        StatusOutcome o = outcome(r);
        assertEquals(AIMStatus.Ready, o.status());
        assertEquals("True/InlineModelSources", state(o, "Discovered"));
        assertEquals("True/GPUAvailable", state(o, "GPUReady"));
        assertEquals("True/ModelFound", state(o, "ModelReady"));
        assertEquals("True/DefaultConfigNotFound", state(o, "RuntimeConfigReady"));
        AIMServiceTemplateStatus s = r.status();
        assertEquals("2 x MI300X", s.hardwareSummary);
        assertEquals("hf://org/model", s.modelSources.get(0).sourceUri);
        assertEquals(2, s.profile.metadata.gpuCount);
        assertEquals("MI300X", s.profile.metadata.gpu);
        assertEquals("optimized", s.profile.metadata.type);
        assertEquals("latency", s.profile.metadata.metric);
        assertEquals(List.of("74a1", "74a9", "74b5", "74bd"), s.resolvedNodeAffinity
                .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms().get(0)
                .getMatchExpressions().get(0).getValues());
        assertEquals("m", s.resolvedModel.name);
        assertEquals("Namespace", s.resolvedModel.scope);
        assertNull(cache(r));
    }

    @Test
    void missingGpuModelIsNotAvailableAndPlansNothing() {
        AIMServiceTemplate t = template("""
                {modelName: m, hardware: {gpu: {requests: 1, model: MI250X}}, caching: {enabled: true},
                 modelSources: [{modelId: org/model, sourceUri: "hf://org/model"}]}
                """);
        Decision<AIMServiceTemplateStatus> r = plan(t, model(), MI300X);
        StatusOutcome o = outcome(r);
        assertEquals(AIMStatus.NotAvailable, o.status());
        assertEquals("False/GPUNotAvailable", state(o, "GPUReady"));
        assertEquals("1 x MI250X", r.status().hardwareSummary);
        assertNull(cache(r), "no cache while the GPU is not available");
    }

    @Test
    void templatesWithoutSourcesRunADiscoveryJob() {
        Decision<AIMServiceTemplateStatus> r = plan(template("{modelName: m, hardware: {gpu: {requests: 1, model: MI300X}}}"),
                model(), MI300X);
        StatusOutcome o = outcome(r);
        assertEquals(AIMStatus.Progressing, o.status());
        assertEquals("False/AwaitingDiscovery", state(o, "Discovered"));
        assertEquals("False/JobCreating", state(o, "DiscoveryJobReady"));
        var job = r.owned().stream().filter(io.fabric8.kubernetes.api.model.batch.v1.Job.class::isInstance)
                .map(io.fabric8.kubernetes.api.model.batch.v1.Job.class::cast).findFirst().orElseThrow();
        assertEquals("aim-discovery", job.getMetadata().getLabels().get("app.kubernetes.io/name"));
        assertEquals(List.of("dry-run", "--format=json"), job.getSpec().getTemplate().getSpec().getContainers().get(0)
                .getArgs());
    }

    @Test
    void discoveryResultsAlreadyInStatusAreKept() {
        AIMServiceTemplate t = template("{modelName: m, hardware: {gpu: {requests: 1, model: MI300X}}}");
        t.setStatus(YAML.unmarshal("""
                status: Ready
                modelSources: [{modelId: org/model, sourceUri: "hf://org/model", size: 512Mi}]
                profile: {metadata: {engine: vllm, gpu: MI300X, gpuCount: 1, type: optimized}}
                """, AIMServiceTemplateStatus.class));
        Decision<AIMServiceTemplateStatus> r = plan(t, model(), MI300X);
        assertEquals(AIMStatus.Ready, outcome(r).status());
        assertEquals("True/DiscoveryComplete", state(outcome(r), "Discovered"));
        assertEquals("vllm", r.status().profile.metadata.engine);
    }

    @Test
    void missingModelFailsWithReferenceNotFound() {
        StatusOutcome o = outcome(plan(template("{modelName: nope, modelSources: [{modelId: a/b, sourceUri: 'hf://a/b'}]}"),
                null, MI300X));
        assertEquals(AIMStatus.Failed, o.status());
        assertEquals("False/ReferenceNotFound", state(o, "ModelReady"));
        assertEquals(StatusOutcome.Decision.WAIT, o.decision());
    }

    @Test
    void namespacedTemplateFallsBackToAClusterModel() {
        AIMClusterModel cm = YAML.unmarshal("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMClusterModel
                metadata: {name: m, uid: c1}
                spec: {image: "img:1"}
                """, AIMClusterModel.class);
        Decision<AIMServiceTemplateStatus> r = plan(template("{modelName: m, modelSources: [{modelId: a/b, sourceUri: 'hf://a/b'}]}"),
                TemplateModel.of(cm), MI300X);
        assertEquals("True/ClusterModelFound", state(outcome(r), "ModelReady"));
        assertEquals("Cluster", r.status().resolvedModel.scope);
    }

    @Test
    void modelFailingOnlyBecauseOfItsTemplatesDoesNotFailTheTemplate() {
        TemplateModel failing = modelWith("Failed", "ServiceTemplatesReady");
        assertEquals("True/ModelFound", state(outcome(plan(template(
                "{modelName: m, modelSources: [{modelId: a/b, sourceUri: 'hf://a/b'}]}"), failing, MI300X)), "ModelReady"));
        TemplateModel reallyFailing = modelWith("Degraded", "ImageMetadataReady");
        StatusOutcome o = outcome(plan(template("{modelName: m, modelSources: [{modelId: a/b, sourceUri: 'hf://a/b'}]}"),
                reallyFailing, MI300X));
        assertEquals("False/ModelFailed", state(o, "ModelReady"));
        assertEquals(AIMStatus.Degraded, o.status());
    }

    @Test
    void clusterTemplatesReportClusterModelReady() {
        AIMClusterServiceTemplate t = YAML.unmarshal("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMClusterServiceTemplate
                metadata: {name: t}
                spec: {modelName: m, modelSources: [{modelId: a/b, sourceUri: 'hf://a/b'}]}
                """, AIMClusterServiceTemplate.class);
        StatusOutcome o = outcome(TemplatePlanner.plan(new TemplatePlanner.Input(t, t.getSpec(), null, null, NO_CONFIG,
                MI300X)));
        assertEquals("False/ReferenceNotFound", state(o, "ClusterModelReady"));
    }

    @Test
    void cachingEnabledCreatesTheTemplateOwnedCache() {
        Decision<AIMServiceTemplateStatus> r = plan(template("""
                {modelName: m, runtimeConfigName: rc, caching: {enabled: true, env: [{name: HF_TOKEN, value: x}]},
                 modelSources: [{modelId: a/b, sourceUri: 'hf://a/b'}]}
                """), model(), MI300X);
        assertNotNull(cache(r));
        assertEquals("t", cache(r).getMetadata().getName());
        assertEquals("ns", cache(r).getMetadata().getNamespace());
        assertEquals("Namespace", cache(r).getSpec().templateScope);
        assertEquals("rc", cache(r).getSpec().runtimeConfigName);
        assertEquals("HF_TOKEN", cache(r).getSpec().env.get(0).getName());
    }

    @Test
    void missingNamedRuntimeConfigFailsTheTemplate() {
        AIMServiceTemplate t = template("{modelName: m, runtimeConfigName: tuned, modelSources: [{modelId: a/b, sourceUri: 'hf://a/b'}]}");
        StatusOutcome o = outcome(TemplatePlanner.plan(new TemplatePlanner.Input(t, t.getSpec(), null, model(),
                RuntimeConfigResolution.of("tuned", null, null), MI300X)));
        assertEquals("False/ConfigNotFound", state(o, "RuntimeConfigReady"));
        assertEquals("RuntimeConfig tuned not found", o.condition("RuntimeConfigReady").getMessage());
        assertEquals(AIMStatus.Failed, o.status());
    }

    private static TemplateModel modelWith(String status, String failingCondition) {
        AIMModel m = YAML.unmarshal("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMModel
                metadata: {name: m, namespace: ns}
                spec: {image: "img:1"}
                """, AIMModel.class);
        m.setStatus(new AIMModelStatus());
        m.getStatus().status = status;
        m.getStatus().conditions = List.of(new ConditionBuilder().withType(failingCondition).withStatus("False")
                .withReason("X").build());
        return TemplateModel.of(m);
    }

}
