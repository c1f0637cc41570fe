package dev.aimengine.operator.service.resolution;

import dev.aimengine.operator.api.v1alpha1.AIMCpuRequirements;
import dev.aimengine.operator.api.v1alpha1.AIMGpuRequirements;
import dev.aimengine.operator.api.v1alpha1.AIMHardwareRequirements;
import dev.aimengine.operator.api.v1alpha1.AIMRuntimeParameters;
import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplate;
import dev.aimengine.operator.common.naming.AimNames;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DerivedTemplatesTest {

    static final KubernetesSerialization YAML = new KubernetesSerialization();

    static AIMServiceTemplate base(String labels) {
        return YAML.unmarshal("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMServiceTemplate
                metadata: {name: base, namespace: ns, labels: %s}
                spec:
                  modelName: llama
                  runtimeConfigName: base-config
                  metric: throughput
                  precision: fp16
                  hardware: {gpu: {requests: 1, model: MI300X}}
                  profileId: p1
                  env: [{name: A, value: "1"}]
                  imagePullSecrets: [{name: base-secret}]
                  resources: {limits: {memory: 1Gi}}
                  modelSources: [{modelId: org/llama, sourceUri: hf://org/llama}]
                  caching: {enabled: false, env: [{name: B, value: "2"}]}
                status: {status: Ready}
                """.formatted(labels), AIMServiceTemplate.class);
    }

    static AIMServiceTemplate base() {
        return base("{}");
    }

    static AIMService service(String spec) {
        return YAML.unmarshal("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMService
                metadata: {name: svc, namespace: team}
                spec: %s
                """.formatted(spec), AIMService.class);
    }

    static final String OVERRIDES = "{model: {name: llama}, overrides: {metric: latency, precision: fp8,"
            + " hardware: {gpu: {requests: 4, model: MI325X}}}}";

    @Test
    void noOverridesDerivesNothing() {
        assertEquals(Optional.empty(), DerivedTemplates.build(service("{model: {name: llama}}"), base(), true));
    }

    @Test
    void derivedBaseDerivesNothing() {
        AIMServiceTemplate derivedBase = base("{aim.eai.amd.com/origin: derived}");
        assertEquals(Optional.empty(), DerivedTemplates.build(service(OVERRIDES), derivedBase, true));
    }

    @Test
    void overridesWithoutNamePartsDeriveNothing() {
        AIMService svc = service("{model: {name: llama}, overrides: {hardware: {cpu: {requests: 2}}}}");
        assertEquals("base", AimNames.derivedTemplate("base", svc.getSpec().overrides));
        assertEquals(Optional.empty(), DerivedTemplates.build(svc, base(), true));
    }

    @Test
    void missingBaseDerivesNothing() {
        assertEquals(Optional.empty(), DerivedTemplates.build(service(OVERRIDES), null, true));
    }

    @Test
    void derivedTemplateAppliesOverridesAndKeepsTheRestOfTheBase() {
        AIMServiceTemplate base = base();
        String before = YAML.asJson(base);
        AIMService svc = service(OVERRIDES);
        AIMServiceTemplate t = DerivedTemplates.build(svc, base, false).orElseThrow();
        assertAll(
                () -> assertEquals(AimNames.derivedTemplate("base", svc.getSpec().overrides), t.getMetadata().getName()),
                () -> assertTrue(t.getMetadata().getName().startsWith("base-ovr-mi325x-4gpu-fp8-latency-"),
                        t.getMetadata().getName()),
                () -> assertEquals("team", t.getMetadata().getNamespace()),
                () -> assertEquals(Map.of("app.kubernetes.io/managed-by", "aim-engine",
                        "aim.eai.amd.com/origin", "derived"), t.getMetadata().getLabels()),
                () -> assertTrue(t.getMetadata().getOwnerReferences() == null
                        || t.getMetadata().getOwnerReferences().isEmpty(), "the caller adds the owner"),
                () -> assertNull(t.getStatus()),
                () -> assertEquals("AIMServiceTemplate", t.getKind()),
                () -> assertEquals("llama", t.getSpec().modelName),
                () -> assertEquals("base-config", t.getSpec().runtimeConfigName),
                () -> assertEquals("latency", t.getSpec().metric),
                () -> assertEquals("fp8", t.getSpec().precision),
                () -> assertEquals("MI325X", t.getSpec().hardware.gpu.model),
                () -> assertEquals(4, t.getSpec().hardware.gpu.requests),
                () -> assertEquals("p1", t.getSpec().profileId),
                () -> assertEquals("A", t.getSpec().env.get(0).getName()),
                () -> assertEquals("base-secret", t.getSpec().imagePullSecrets.get(0).getName()),
                () -> assertEquals("1Gi", t.getSpec().resources.getLimits().get("memory").toString()),
                () -> assertEquals("org/llama", t.getSpec().modelSources.get(0).modelId),
                () -> assertEquals(false, t.getSpec().caching.enabled),
                () -> assertEquals("B", t.getSpec().caching.env.get(0).getName()),
                () -> assertNotSame(base.getSpec().env, t.getSpec().env),
                () -> assertNotSame(svc.getSpec().overrides.hardware, t.getSpec().hardware));
        assertEquals(before, YAML.asJson(base), "the base template must not be modified");
    }

    @Test
    void onlySetOverridesReplaceBaseValues() {
        AIMService svc = service("{model: {name: llama}, overrides: {precision: fp8}}");
        AIMServiceTemplate t = DerivedTemplates.build(svc, base(), false).orElseThrow();
        assertEquals("fp8", t.getSpec().precision);
        assertEquals("throughput", t.getSpec().metric);
        assertEquals("MI300X", t.getSpec().hardware.gpu.model);
    }

    @Test
    void serviceValuesWinOverBaseValues() {
        AIMService svc = service("{model: {name: llama}, overrides: {metric: latency}, runtimeConfigName: ' mine ',"
                + " imagePullSecrets: [{name: svc-secret}], resources: {limits: {memory: 8Gi}}}");
        AIMServiceTemplate t = DerivedTemplates.build(svc, base(), true).orElseThrow();
        assertAll(
                () -> assertEquals("mine", t.getSpec().runtimeConfigName),
                () -> assertEquals(1, t.getSpec().imagePullSecrets.size()),
                () -> assertEquals("svc-secret", t.getSpec().imagePullSecrets.get(0).getName()),
                () -> assertEquals("8Gi", t.getSpec().resources.getLimits().get("memory").toString()),
                () -> assertEquals(true, t.getSpec().caching.enabled),
                () -> assertNull(t.getSpec().caching.env));
    }

    @Test
    void runtimeConfigFallsBackToDefault() {
        AIMServiceTemplate base = base();
        base.getSpec().runtimeConfigName = "  ";
        AIMServiceTemplate t = DerivedTemplates.build(service(OVERRIDES), base, false).orElseThrow();
        assertEquals("default", t.getSpec().runtimeConfigName);
    }

    @Test
    void baseWithoutSpecStillDerives() {
        AIMServiceTemplate base = base();
        base.setSpec(null);
        AIMRuntimeParameters overrides = new AIMRuntimeParameters();
        overrides.hardware = new AIMHardwareRequirements(new AIMGpuRequirements(2, null), new AIMCpuRequirements());
        AIMService svc = service("{model: {name: llama}}");
        svc.getSpec().overrides = overrides;
        AIMServiceTemplate t = DerivedTemplates.build(svc, base, false).orElseThrow();
        assertEquals("default", t.getSpec().runtimeConfigName);
        assertEquals(2, t.getSpec().hardware.gpu.requests);
    }
}
