package dev.aimengine.operator.service.resolution;

import dev.aimengine.operator.service.inference.InferenceService;
import dev.aimengine.operator.service.selection.TemplateCandidate;
import dev.aimengine.operator.service.selection.TemplateSelector;
import dev.aimengine.operator.api.v1alpha1.AIMClusterModel;
import dev.aimengine.operator.api.v1alpha1.AIMClusterServiceTemplate;
import dev.aimengine.operator.api.v1alpha1.AIMModel;
import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplate;
import dev.aimengine.operator.api.v1alpha1.AIMTemplateCache;
import dev.aimengine.operator.common.status.AIMStatus;
import dev.aimengine.operator.common.naming.AimNames;
import dev.aimengine.operator.common.status.ErrorCategory;
import dev.aimengine.operator.gpu.GpuSnapshot;
import dev.aimengine.operator.runtimeconfig.RuntimeConfigResolution;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Model, template and cache resolution of an AIMService. */
class ServiceResolutionTest {
    static final KubernetesSerialization YAML = new KubernetesSerialization();

    static AIMService service(String spec) {
        return YAML.unmarshal("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMService
                metadata: {name: svc, namespace: ns, uid: svc-uid}
                spec: %s
                """.formatted(spec), AIMService.class);
    }

    static AIMModel model(String name, String image, String status) {
        AIMModel m = YAML.unmarshal("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMModel
                metadata: {name: %s, namespace: ns}
                spec: {image: "%s"}
                status: {status: %s}
                """.formatted(name, image, status), AIMModel.class);
        return m;
    }

    static AIMClusterModel clusterModel(String name, String image) {
        return YAML.unmarshal("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMClusterModel
                metadata: {name: %s}
                spec: {image: "%s"}
                status: {status: Ready}
                """.formatted(name, image), AIMClusterModel.class);
    }

    // ---- model ----

    @Test
    void byNamePrefersTheNamespace() {
        ModelResolution r = ModelResolution.resolve(service("{model: {name: llama}}"),
                List.of(model("llama", "a:1", "Ready")), List.of(clusterModel("llama", "b:1")));
        assertEquals("Namespace", r.reference().scope);
        assertEquals(AIMStatus.Ready, r.component().effectiveState());
        assertEquals("ModelResolved", r.component().effectiveReason());
        ModelResolution cluster = ModelResolution.resolve(service("{model: {name: llama}}"), List.of(),
                List.of(clusterModel("llama", "b:1")));
        assertEquals("Cluster", cluster.reference().scope);
    }

    @Test
    void byNameMissingIsAMissingReference() {
        ModelResolution r = ModelResolution.resolve(service("{model: {name: nope}}"), List.of(), List.of());
        assertEquals(ErrorCategory.MISSING_UPSTREAM_DEPENDENCY, r.component().errors().get(0).category());
        assertEquals("ModelNotFound", r.component().effectiveReason());
    }

    @Test
    void modelStatesMapToServiceStates() {
        assertEquals(AIMStatus.Progressing, ModelResolution.resolve(service("{model: {name: m}}"),
                List.of(model("m", "a:1", "Progressing")), List.of()).component().effectiveState());
        assertEquals(AIMStatus.Failed, ModelResolution.resolve(service("{model: {name: m}}"),
                List.of(model("m", "a:1", "Degraded")), List.of()).component().effectiveState());
    }

    @Test
    void byImageReusesCreatesOrRefusesToGuess() {
        AIMService svc = service("{model: {image: \"org/aim-llama:0.8.4\"}, serviceAccountName: sa, runtimeConfigName: rc}");
        assertEquals("existing", ModelResolution.resolve(svc, List.of(model("existing", "org/aim-llama:0.8.4", "Ready")),
                List.of()).model().name());
        ModelResolution create = ModelResolution.resolve(svc, List.of(), List.of());
        assertEquals(AimNames.modelFromImage("org/aim-llama:0.8.4"), create.toCreate().getMetadata().getName());
        assertEquals("auto-generated", create.toCreate().getMetadata().getLabels().get("aim.eai.amd.com/origin"));
        assertEquals("sa", create.toCreate().getSpec().serviceAccountName);
        assertEquals("rc", create.toCreate().getSpec().runtimeConfigName);
        assertEquals("CreatingModel", create.component().effectiveReason());
        ModelResolution two = ModelResolution.resolve(svc, List.of(model("a", "org/aim-llama:0.8.4", "Ready")),
                List.of(clusterModel("b", "org/aim-llama:0.8.4")));
        assertEquals("MultipleModelsForImage", two.component().effectiveReason());
        assertEquals(ErrorCategory.INVALID_SPEC, two.component().errors().get(0).category(), "no endless retry");
        assertEquals("InvalidImageReference", ModelResolution.resolve(service("{model: {image: \":::\"}}"),
                List.of(), List.of()).component().effectiveReason());
    }

    @Test
    void customModelsAreSharedUnlessTheEndpointDiffers() {
        String spec = """
                {model: {custom: {baseImage: "aim-base:0.9", hardware: {gpu: {requests: 1}},
                 modelSources: [{modelId: a/b, sourceUri: "s3://bucket/b", env: [{name: AWS_ENDPOINT_URL, value: "http://minio:9000"}]}]}},
                 env: [{name: X, value: "1"}]}
                """;
        ModelResolution create = ModelResolution.resolve(service(spec), List.of(), List.of());
        AIMModel created = create.toCreate();
        assertEquals("true", created.getMetadata().getLabels().get("aim.eai.amd.com/custom-model"));
        assertEquals("svc", created.getMetadata().getLabels().get("aim.eai.amd.com/service"));
        assertEquals("aim-base:0.9", created.getSpec().image);
        assertEquals(1, created.getSpec().custom.hardware.gpu.requests);
        assertEquals("X", created.getSpec().env.get(0).getName());
        created.setStatus(new dev.aimengine.operator.api.v1alpha1.AIMModelStatus());
        created.getStatus().status = "Ready";
        assertEquals(created.getMetadata().getName(),
                ModelResolution.resolve(service(spec), List.of(created), List.of()).model().name(), "reused");
        String otherEndpoint = spec.replace("http://minio:9000", "http://other:9000");
        assertNotNull(ModelResolution.resolve(service(otherEndpoint), List.of(created), List.of()).toCreate(),
                "a different AWS_ENDPOINT_URL makes a different model");
    }

    // ---- template ----

    static AIMServiceTemplate template(String name, String status) {
        return YAML.unmarshal("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMServiceTemplate
                metadata: {name: %s, namespace: ns}
                spec: {modelName: m, type: optimized, hardware: {gpu: {requests: 1, model: MI300X}},
                       modelSources: [{modelId: a/b, sourceUri: "hf://a/b"}]}
                status: {status: %s, profile: {metadata: {type: optimized}}, modelSources: [{modelId: a/b, sourceUri: "hf://a/b"}]}
                """.formatted(name, status), AIMServiceTemplate.class);
    }

    static AIMClusterServiceTemplate clusterTemplate(String name) {
        return YAML.unmarshal("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMClusterServiceTemplate
                metadata: {name: %s}
                spec: {modelName: m, type: optimized}
                status: {status: Ready, profile: {metadata: {type: optimized}}}
                """.formatted(name), AIMClusterServiceTemplate.class);
    }

    static TemplateResolution resolve(AIMService svc, List<AIMServiceTemplate> ns, List<AIMClusterServiceTemplate> cl) {
        var m = dev.aimengine.operator.template.TemplateModel.of(model("m", "img:1", "Ready"));
        return TemplateResolution.resolve(svc, m, new TemplateResolution.Catalogue(ns, cl), new TemplateSelector(),
                GpuSnapshot.empty());
    }

    @Test
    void explicitNameLooksUpDerivedThenNamespacedBaseThenCluster() {
        AIMService withOverrides = service("{model: {name: m}, template: {name: base}, overrides: {precision: fp8}}");
        String derived = AimNames.derivedTemplate("base", withOverrides.getSpec().overrides);
        assertEquals(derived, resolve(withOverrides, List.of(template(derived, "Ready"), template("base", "Ready")),
                List.of()).chosen().name());
        assertEquals("base", resolve(withOverrides, List.of(template("base", "Ready")), List.of()).chosen().name(),
                "the namespaced base is found (upstream skipped it)");
        TemplateResolution cluster = resolve(withOverrides, List.of(), List.of(clusterTemplate("base")));
        assertTrue(cluster.chosen().cluster());
        TemplateResolution missing = resolve(service("{model: {name: m}, template: {name: nope}}"), List.of(), List.of());
        assertEquals("TemplateNotFound", missing.component().effectiveReason());
        assertEquals(ErrorCategory.MISSING_UPSTREAM_DEPENDENCY, missing.component().errors().get(0).category());
    }

    @Test
    void templateStatesMapToServiceStates() {
        AIMService svc = service("{model: {name: m}, template: {name: t}}");
        assertEquals(AIMStatus.NotAvailable, resolve(svc, List.of(template("t", "NotAvailable")), List.of())
                .component().effectiveState());
        assertEquals(AIMStatus.Failed, resolve(svc, List.of(template("t", "Degraded")), List.of()).component().effectiveState());
        assertEquals("TemplateNotReady", resolve(svc, List.of(template("t", "Progressing")), List.of())
                .component().effectiveReason());
    }

    @Test
    void aRecordedReadyTemplateIsKept() {
        AIMService svc = service("{model: {name: m}}");
        svc.setStatus(new dev.aimengine.operator.api.v1alpha1.AIMServiceStatus());
        svc.getStatus().resolvedTemplate = new dev.aimengine.operator.api.v1alpha1.AIMResolvedReference("b", "ns",
                "Namespace", "AIMServiceTemplate", "u");
        // a and b tie; the recorded one stays instead of becoming ambiguous
        TemplateResolution r = resolve(svc, List.of(template("a", "Ready"), template("b", "Ready")), List.of());
        assertEquals("b", r.chosen().name());
        assertNull(r.selection());
    }

    // ---- cache ----

    static AIMTemplateCache cache(String name, String template, String mode, String status, String ownerUid) {
        AIMTemplateCache c = YAML.unmarshal("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMTemplateCache
                metadata: {name: %s, namespace: ns}
                spec: {templateName: %s, templateScope: Namespace, mode: %s}
                status: {status: %s}
                """.formatted(name, template, mode, status), AIMTemplateCache.class);
        if (ownerUid != null) {
            c.getMetadata().setOwnerReferences(List.of(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
                    .withUid(ownerUid).withName("svc").withKind("AIMService").withApiVersion("aim.eai.amd.com/v1alpha1")
                    .build()));
        }
        return c;
    }

    static final RuntimeConfigResolution NO_CONFIG = RuntimeConfigResolution.of(null, null, null);

    @Test
    void sharedServicesReuseTheHealthiestSharedCacheAndIgnoreDedicatedOnes() {
        TemplateCandidate t = TemplateCandidate.of(template("t", "Ready"));
        AIMService svc = service("{model: {name: m}}");
        CacheResolution r = CacheResolution.resolve(svc, t, List.of(cache("dedicated", "t", "Dedicated", "Ready", "other"),
                cache("slow", "t", "Shared", "Progressing", null), cache("done", "t", "Shared", "Ready", null)), null, NO_CONFIG);
        assertEquals("done", r.cache().getMetadata().getName());
        assertEquals("CacheReady", r.component().effectiveReason());
        assertNull(r.desired());
    }

    @Test
    void dedicatedServicesCreateTheirOwnOwnedCache() {
        TemplateCandidate t = TemplateCandidate.of(template("t", "Ready"));
        AIMService svc = service("{model: {name: m}, caching: {mode: Never}, env: [{name: HF_TOKEN, value: s}]}");
        CacheResolution r = CacheResolution.resolve(svc, t, List.of(cache("shared", "t", "Shared", "Ready", null)), null,
                NO_CONFIG);
        assertNull(r.cache(), "never a shared cache for a Dedicated (legacy Never) service");
        assertEquals(AimNames.dedicatedTemplateCache("t", "svc", "svc-uid"), r.desired().getMetadata().getName());
        assertEquals("Dedicated", r.desired().getSpec().mode);
        assertTrue(r.ownedByService(), "a Dedicated cache belongs to its service");
        assertEquals("HF_TOKEN", r.desired().getSpec().env.get(0).getName());
        assertEquals("CacheCreating", r.component().effectiveReason());
    }

    @Test
    void aLostCacheDegradesTheServiceAndIsRecreated() {
        TemplateCandidate t = TemplateCandidate.of(template("t", "Ready"));
        dev.aimengine.operator.service.inference.InferenceService isvc = YAML.unmarshal("""
                apiVersion: serving.kserve.io/v1beta1
                kind: InferenceService
                metadata: {name: x, namespace: ns}
                spec: {predictor: {volumes: [{name: dshm, emptyDir: {medium: Memory}}, {name: weights, persistentVolumeClaim: {claimName: pvc}}]}}
                """, dev.aimengine.operator.service.inference.InferenceService.class);
        CacheResolution r = CacheResolution.resolve(service("{model: {name: m}}"), t, List.of(), isvc, NO_CONFIG);
        assertEquals("CacheLost", r.component().effectiveReason());
        assertEquals(AIMStatus.Degraded, r.component().effectiveState());
        assertEquals(AimNames.sharedTemplateCache("t", "ns"), r.desired().getMetadata().getName());
    }

    @Test
    void aSharedCacheCreatedAMomentAgoIsBeingCreatedNotFailed() {
        TemplateCandidate t = TemplateCandidate.of(template("t", "Ready"));
        AIMTemplateCache fresh = cache("fresh", "t", "Shared", "Ready", null);
        fresh.setStatus(null); // its controller has not written a status yet
        CacheResolution r = CacheResolution.resolve(service("{model: {name: m}}"), t, List.of(fresh), null, NO_CONFIG);
        assertEquals("fresh", r.cache().getMetadata().getName());
        assertEquals("CacheCreating", r.component().effectiveReason());
        assertEquals(AIMStatus.Progressing, r.component().effectiveState());
        assertTrue(r.component().errors().isEmpty(), String.valueOf(r.component().errors()));
    }

    @Test
    void aModelWithoutStatusValueIsWaitedForNotFailed() {
        ModelResolution r = ModelResolution.resolve(service("{model: {name: llama}}"),
                List.of(model("llama", "a:1", "\"\"")), List.of());
        assertEquals(AIMStatus.Progressing, r.component().effectiveState());
        assertEquals("ModelNotReady", r.component().effectiveReason());
        assertEquals(AIMStatus.Failed, ModelResolution.resolve(service("{model: {name: llama}}"),
                List.of(model("llama", "a:1", "Exploded")), List.of()).component().effectiveState(),
                "a status value nobody defines is still a failure");
    }
}
