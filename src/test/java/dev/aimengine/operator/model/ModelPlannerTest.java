package dev.aimengine.operator.model;

import dev.aimengine.operator.api.v1alpha1.AIMModelSpec;
import dev.aimengine.operator.api.v1alpha1.AIMModelStatus;
import dev.aimengine.operator.api.v1alpha1.ImageMetadata;
import io.fabric8.kubernetes.api.model.HasMetadata;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    /** Plans with the metadata the spec or status holds, else as if the registry had the image without labels. */
    static Decision<AIMModelStatus> plan(AIMModel m, String... templateStatuses) {
        ImageMetadataLookup known = ImageMetadataLookup.withoutRegistry(m.getSpec(), m.getStatus());
        return plan(m, known != null ? known : inspected(m, Map.of()), templateStatuses);
    }

    static Decision<AIMModelStatus> plan(HasMetadata m, ImageMetadataLookup image, String... templateStatuses) {
        AIMModelSpec spec = m instanceof AIMModel n ? n.getSpec() : ((AIMClusterModel) m).getSpec();
        AIMModelStatus status = m instanceof AIMModel n ? n.getStatus() : ((AIMClusterModel) m).getStatus();
        return ModelPlanner.plan(new ModelPlanner.Input(m, spec, status, NO_CONFIG, image,
                new ArrayList<>(Arrays.asList(templateStatuses)), NOW));
    }

    static ImageMetadataLookup inspected(AIMModel m, Map<String, String> labels) {
        try {
            return new ImageMetadataLookup.Inspected(m.getSpec().image, "sha256:abc", ImageLabels.parse(labels));
        } catch (ImageLabels.InvalidLabelException e) {
            throw new AssertionError(e);
        }
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
        assertEquals("True/ImageFound", state(o, "ImageMetadataReady"), "custom models read their image too");
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
        Decision<AIMModelStatus> r = plan(m, new ImageMetadataLookup.Inspected("aim-base:0.9", "sha256:abc",
                new ImageMetadata()), "Progressing");
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


    // ---- image metadata read from the registry ----

    static final Map<String, String> LLAMA_LABELS = Map.of(
            "com.amd.aim.model.canonicalName", "meta-llama/Llama-3.1-8B-Instruct",
            "org.opencontainers.image.version", "0.8.4",
            "com.amd.aim.model.recommendedDeployments",
            "[{'gpuModel': 'MI300X', 'gpuCount': 1, 'precision': 'fp8', 'metric': 'latency', 'profileId': 'p1'},"
                    + " {'gpuModel': 'MI325X', 'gpuCount': 8, 'precision': 'fp16', 'metric': 'throughput'}]");

    @Test
    void inspectedLabelsBecomeStatusMetadataAndTemplatesPerRecommendedDeployment() {
        AIMModel m = model("{image: \"amdenterpriseai/aim-llama:0.8.4\", customTemplates: [{name: extra, hardware: {gpu: {requests: 2, model: MI300X}}}]}");
        Decision<AIMModelStatus> r = plan(m, inspected(m, LLAMA_LABELS));
        assertEquals("meta-llama/Llama-3.1-8B-Instruct", r.status().imageMetadata.model.canonicalName);
        assertEquals("0.8.4", r.status().imageMetadata.oci.version);
        assertEquals(LLAMA_LABELS, r.status().imageMetadata.originalLabels);
        assertEquals(3, r.owned().size(), "two recommended deployments plus the additive custom template");
        AIMServiceTemplate first = (AIMServiceTemplate) r.owned().get(0);
        assertEquals(AimNames.templateFromRecommendedDeployment("llama", "amdenterpriseai/aim-llama:0.8.4",
                r.status().imageMetadata.model.recommendedDeployments.get(0)), first.getMetadata().getName());
        assertEquals("p1", first.getSpec().profileId);
        assertEquals("MI300X", first.getSpec().hardware.gpu.model);
        AIMServiceTemplate second = (AIMServiceTemplate) r.owned().get(1);
        assertEquals(8, second.getSpec().hardware.gpu.requests);
        assertEquals("throughput", second.getSpec().metric);
        assertEquals("extra", r.owned().get(2).getMetadata().getLabels().get("aim.eai.amd.com/template.alias"));
        StatusOutcome o = outcome(r);
        assertEquals("True/ImageMetadataFound", state(o, "ImageMetadataReady"));
        assertTrue(o.condition("ImageMetadataReady").getMessage().contains("meta-llama/Llama-3.1-8B-Instruct"));
        assertEquals("False/CreatingTemplates", state(o, "ServiceTemplatesReady"));
        assertTrue(o.shouldApply());
    }

    @Test
    void anImageWithoutAimLabelsIsFoundAndExpectsNoTemplates() {
        AIMModel m = model("{image: \"registry.example.com/org/plain:1\"}");
        Decision<AIMModelStatus> r = plan(m, inspected(m, Map.of("org.opencontainers.image.title", "plain")));
        StatusOutcome o = outcome(r);
        assertEquals("True/ImageFound", state(o, "ImageMetadataReady"));
        assertEquals("True/NoTemplatesExpected", state(o, "ServiceTemplatesReady"));
        assertEquals(AIMStatus.Ready, o.status());
        assertEquals("plain", r.status().imageMetadata.oci.title, "recorded, so the image is not read again");
        assertTrue(r.owned().isEmpty());
    }

    @Test
    void metadataRecordedInStatusIsUsedWithoutReadingTheImageAgain() {
        AIMModel m = model("{image: \"amdenterpriseai/aim-llama:0.8.4\"}");
        Decision<AIMModelStatus> first = plan(m, inspected(m, LLAMA_LABELS));
        m.setStatus(first.status());
        ImageMetadataLookup lookup = ImageMetadataLookup.withoutRegistry(m.getSpec(), m.getStatus());
        assertInstanceOf(ImageMetadataLookup.Cached.class, lookup, "no registry call once the status has metadata");
        Decision<AIMModelStatus> again = plan(m, lookup, "Ready", "Ready");
        assertEquals(2, again.owned().size());
        assertEquals("meta-llama/Llama-3.1-8B-Instruct", again.status().imageMetadata.model.canonicalName);
        StatusOutcome o = outcome(again);
        assertEquals("True/ImageMetadataFound", state(o, "ImageMetadataReady"));
        assertEquals(AIMStatus.Ready, o.status());
    }

    @Test
    void specMetadataWinsOverStatusAndExtractionDisabledWinsOverBoth() {
        AIMModel m = model("""
                {image: "img:1", imageMetadata: {model: {canonicalName: from/spec}}}
                """);
        m.setStatus(new AIMModelStatus());
        m.getStatus().imageMetadata = new ImageMetadata();
        assertInstanceOf(ImageMetadataLookup.Provided.class, ImageMetadataLookup.withoutRegistry(m.getSpec(), m.getStatus()));
        m.getSpec().discovery = new dev.aimengine.operator.api.v1alpha1.AIMModelSpec.Discovery();
        m.getSpec().discovery.extractMetadata = false;
        assertInstanceOf(ImageMetadataLookup.Skipped.class, ImageMetadataLookup.withoutRegistry(m.getSpec(), m.getStatus()));
        m.getSpec().discovery.extractMetadata = true;
        m.getSpec().imageMetadata = null;
        assertInstanceOf(ImageMetadataLookup.Cached.class, ImageMetadataLookup.withoutRegistry(m.getSpec(), m.getStatus()));
        m.setStatus(null);
        assertNull(ImageMetadataLookup.withoutRegistry(m.getSpec(), null), "nothing known: ask the registry");
    }

    @Test
    void extractionDisabledStillMakesTemplatesFromSpecMetadata() {
        AIMModel m = model("""
                {image: "img:1", discovery: {extractMetadata: false},
                 imageMetadata: {model: {recommendedDeployments: [{gpuModel: MI300X, gpuCount: 1}]}}}
                """);
        Decision<AIMModelStatus> r = plan(m);
        assertEquals(1, r.owned().size());
        assertEquals("True/ImageFound", state(outcome(r), "ImageMetadataReady"));
    }

    /** One row per way reading the metadata can fail: condition, parent condition, status, what the engine does. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "SECRET_NOT_FOUND, SecretNotFound, ConfigValid, False/ReferenceNotFound, Failed, WAIT, true",
            "SECRET_ACCESS_FAILED, SecretAccessFailed, DependenciesReachable, False/InfrastructureError, Degraded, RETRY, false",
            "INVALID_IMAGE_REFERENCE, InvalidImageReference, ConfigValid, False/InvalidSpec, Failed, WAIT, false",
            "REGISTRY_AUTH_FAILED, RegistryAuthFailed, AuthValid, False/AuthError, Failed, WAIT, true",
            "IMAGE_NOT_FOUND, ImageNotFound, DependenciesReachable, False/InfrastructureError, Degraded, RETRY, false",
            "REGISTRY_UNREACHABLE, RegistryUnreachable, DependenciesReachable, False/InfrastructureError, Degraded, RETRY, false",
            "REGISTRY_INVALID_RESPONSE, RegistryInvalidResponse, DependenciesReachable, False/InfrastructureError, Degraded, RETRY, false",
            "IMAGE_LABELS_INVALID, ImageLabelsInvalid, DependenciesReachable, False/InfrastructureError, Degraded, RETRY, false" })
    void failuresToReadTheImageAreCategorised(ImageMetadataLookup.Failure failure, String reason, String parent,
            String parentState, AIMStatus status, StatusOutcome.Decision decision, boolean rechecks) {
        // a custom model plans its template without metadata: the engine must still hold it back
        AIMModel m = model("""
                {image: "amdenterpriseai/aim-base:0.9", custom: {hardware: {gpu: {requests: 1}}},
                 modelSources: [{modelId: org/model, sourceUri: "hf://org/model"}]}
                """);
        Decision<AIMModelStatus> r = plan(m, new ImageMetadataLookup.Failed(failure, "what went wrong with the image"));
        StatusOutcome o = outcome(r);
        assertEquals("False/" + reason, state(o, "ImageMetadataReady"));
        assertEquals("what went wrong with the image", o.condition("ImageMetadataReady").getMessage());
        assertEquals(parentState, state(o, parent));
        assertEquals(status, o.status());
        assertEquals(decision, o.decision());
        assertFalse(o.shouldApply(), "no template is applied until the image has been read");
        assertNull(r.status().imageMetadata);
        assertEquals(rechecks ? ModelPlanner.RECHECK_MIN : null, r.requeueFor(o.status()),
                "a model waiting for a secret or access looks again by itself");
    }

    @Test
    void aModelWithoutSecretsOrAccessLooksAgainLessOftenTheLongerItWaits() {
        AIMModel m = model("{image: \"img:1\", imagePullSecrets: [{name: pull}]}");
        var failed = new ImageMetadataLookup.Failed(ImageMetadataLookup.Failure.SECRET_NOT_FOUND, "missing");
        assertEquals(Duration.ofSeconds(5), recheckAfter(m, failed, "SecretNotFound", Duration.ofSeconds(1)));
        assertEquals(Duration.ofSeconds(40), recheckAfter(m, failed, "SecretNotFound", Duration.ofSeconds(40)));
        assertEquals(Duration.ofMinutes(5), recheckAfter(m, failed, "SecretNotFound", Duration.ofHours(2)));
        assertEquals(Duration.ofSeconds(5), recheckAfter(m, failed, "RegistryUnreachable", Duration.ofHours(2)),
                "a failure of another kind starts over");
    }

    private static Duration recheckAfter(AIMModel m, ImageMetadataLookup.Failed failed, String previousReason,
            Duration ago) {
        AIMModelStatus previous = new AIMModelStatus();
        previous.conditions = new ArrayList<>(List.of(new io.fabric8.kubernetes.api.model.ConditionBuilder()
                .withType("ImageMetadataReady").withStatus("False").withReason(previousReason).withMessage("m")
                .withLastTransitionTime(dev.aimengine.operator.common.status.Conditions.timestamp(NOW.minus(ago)))
                .build()));
        m.setStatus(previous);
        Decision<AIMModelStatus> r = plan(m, failed);
        return r.requeueFor(AIMStatus.Failed);
    }

    @Test
    void clusterModelsFailingToReadTheImageArePendingOrFailedLikeNamespacedOnes() {
        AIMClusterModel m = YAML.unmarshal("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMClusterModel
                metadata: {name: llama}
                spec: {image: "amdenterpriseai/aim-llama:0.8.4", imagePullSecrets: [{name: pull}]}
                """, AIMClusterModel.class);
        StatusOutcome o = outcome(plan(m, new ImageMetadataLookup.Failed(ImageMetadataLookup.Failure.SECRET_NOT_FOUND,
                "imagePullSecret \"pull\" not found in namespace \"aim-system\"")));
        assertEquals(AIMStatus.Failed, o.status());
        assertEquals("False/SecretNotFound", state(o, "ImageMetadataReady"));
        assertEquals("False/ReferenceNotFound", state(o, "ConfigValid"));
        assertEquals("False/AwaitingMetadata", state(o, "ClusterServiceTemplatesReady"));
    }
}
