package dev.aimengine.operator.service;

import dev.aimengine.operator.api.v1alpha1.AIMServiceStatus;
import dev.aimengine.operator.common.reconcile.Decision;
import dev.aimengine.operator.runtimeconfig.RuntimeConfigs;

import dev.aimengine.operator.service.resolution.ModelResolution;
import dev.aimengine.operator.service.resolution.TemplateResolution;
import dev.aimengine.operator.service.selection.TemplateSelector;
import dev.aimengine.operator.api.v1alpha1.AIMArtifact;
import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplate;
import dev.aimengine.operator.api.v1alpha1.AIMTemplateCache;
import dev.aimengine.operator.common.status.AIMStatus;
import dev.aimengine.operator.common.status.StatusEngine;
import dev.aimengine.operator.common.status.StatusOutcome;
import dev.aimengine.operator.common.health.LogReader;
import dev.aimengine.operator.gpu.GpuSnapshot;
import dev.aimengine.operator.runtimeconfig.RuntimeConfigResolution;
import dev.aimengine.operator.template.TemplateModel;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The AIMService planner's decisions: what is applied when, and the resulting status. */
class ServicePlannerTest {
    static final KubernetesSerialization YAML = new KubernetesSerialization();
    static final RuntimeConfigResolution NO_CONFIG = RuntimeConfigResolution.of(null, null, null);

    static AIMService service(String spec) {
        return YAML.unmarshal("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMService
                metadata: {name: svc, namespace: ns, uid: u1, creationTimestamp: "2026-01-01T00:00:00Z"}
                spec: %s
                """.formatted(spec), AIMService.class);
    }

    static final AIMServiceTemplate TEMPLATE = YAML.unmarshal("""
            apiVersion: aim.eai.amd.com/v1alpha1
            kind: AIMServiceTemplate
            metadata: {name: t, namespace: ns, uid: t1}
            spec: {modelName: m, type: optimized, metric: latency, hardware: {gpu: {requests: 1, model: MI300X}},
                   modelSources: [{modelId: org/model, sourceUri: "hf://org/model"}]}
            status: {status: Ready, profile: {metadata: {type: optimized, gpu: MI300X, gpuCount: 1}},
                     modelSources: [{modelId: org/model, sourceUri: "hf://org/model"}],
                     resolvedHardware: {gpu: {requests: 1, model: MI300X, resourceName: amd.com/gpu}}}
            """, AIMServiceTemplate.class);

    static AIMTemplateCache cache(String status) {
        return YAML.unmarshal("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMTemplateCache
                metadata: {name: c, namespace: ns, uid: c1}
                spec: {templateName: t, templateScope: Namespace, mode: Shared}
                status:
                  status: %s
                  artifacts: {art: {uid: a1, name: art, model: org/model, status: Ready, persistentVolumeClaim: art-pvc}}
                """.formatted(status), AIMTemplateCache.class);
    }

    static final AIMArtifact ARTIFACT = YAML.unmarshal("""
            apiVersion: aim.eai.amd.com/v1alpha1
            kind: AIMArtifact
            metadata: {name: art, namespace: ns}
            spec: {sourceUri: "hf://org/model", modelId: org/model}
            status: {status: Ready, persistentVolumeClaim: art-pvc}
            """, AIMArtifact.class);

    static GpuSnapshot gpus(int free) {
        return GpuSnapshot.of(List.of(new NodeBuilder().withNewMetadata().withName("n")
                .withLabels(Map.of("amd.com/gpu.device-id", "74a1")).endMetadata()
                .withNewStatus().withAllocatable(Map.of("amd.com/gpu", new Quantity(String.valueOf(free)))).endStatus()
                .build()), List.of());
    }

    static Decision<AIMServiceStatus> plan(AIMService svc, String modelStatus, List<AIMTemplateCache> caches,
            boolean kserve, boolean gatewayApi, GpuSnapshot gpus) {
        return plan(svc, modelStatus, caches, kserve, gatewayApi, gpus, null);
    }

    static Decision<AIMServiceStatus> plan(AIMService svc, String modelStatus, List<AIMTemplateCache> caches,
            boolean kserve, boolean gatewayApi, GpuSnapshot gpus,
            dev.aimengine.operator.service.inference.InferenceService live) {
        return plan(svc, modelStatus, caches, kserve, gatewayApi, gpus, live, null);
    }

    /** {@code live} and {@code liveRoute}: the InferenceService and HTTPRoute as the cluster has them (null: none). */
    static Decision<AIMServiceStatus> plan(AIMService svc, String modelStatus, List<AIMTemplateCache> caches,
            boolean kserve, boolean gatewayApi, GpuSnapshot gpus,
            dev.aimengine.operator.service.inference.InferenceService live, HTTPRoute liveRoute) {
        var model = YAML.unmarshal("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMModel
                metadata: {name: m, namespace: ns, uid: m1}
                spec: {image: "aim-base:0.9"}
                status: {status: %s}
                """.formatted(modelStatus), dev.aimengine.operator.api.v1alpha1.AIMModel.class);
        ServiceObservation observed = new ServiceObservation(ServiceNames.of(svc), new RuntimeConfigs(null, null, null),
                List.of(model), List.of(), List.of(TEMPLATE), List.of(), caches, List.of(ARTIFACT), gpus, kserve,
                gatewayApi, live, List.of(), List.of(), List.of(), LogReader.NONE, null, liveRoute);
        return ServicePlanner.plan(svc, observed, ServiceResolution.resolve(svc, observed, new TemplateSelector()));
    }

    /** A routed service's plan with a Ready model and cache, and the HTTPRoute as the cluster has it. */
    static Decision<AIMServiceStatus> planRouted(AIMService svc, HTTPRoute liveRoute) {
        return plan(svc, "Ready", List.of(cache("Ready")), true, true, gpus(8), null, liveRoute);
    }

    @Test
    void theReconcileThatCreatesTheHttpRouteReportsWhatTheNextOneSees() {
        AIMService svc = service("{model: {name: m}, routing: {enabled: true, gatewayRef: {name: gw, namespace: gws}}}");
        Decision<AIMServiceStatus> creating = planRouted(svc, null);
        HTTPRoute route = ServicePlanner.planned(creating, HTTPRoute.class);
        assertNotNull(route);
        StatusOutcome first = outcome(creating);
        assertEquals("False/HTTPRoutePending", state(first, "HTTPRouteReady"));
        // the next reconcile finds the route there, no gateway has answered yet: nothing to write
        Decision<AIMServiceStatus> next = planRouted(svc, route);
        StatusOutcome second = StatusEngine.evaluate(first.conditions(), next.components(), next.conditions(), 1L,
                Instant.EPOCH.plusSeconds(5));
        assertEquals(first.conditions(), second.conditions());
        assertTrue(second.transitions().isEmpty(), String.valueOf(second.transitions()));
    }

    static dev.aimengine.operator.service.inference.InferenceService isvc(Decision<AIMServiceStatus> r) {
        return ServicePlanner.planned(r, dev.aimengine.operator.service.inference.InferenceService.class);
    }

    static StatusOutcome outcome(Decision<AIMServiceStatus> r) {
        return StatusEngine.evaluate(List.of(), r.components(), r.conditions(), 1L, Instant.EPOCH);
    }

    static String state(StatusOutcome o, String type) {
        var c = o.condition(type);
        return c == null ? "absent" : c.getStatus() + "/" + c.getReason();
    }

    @Test
    void inferenceServiceWaitsForAReadyCache() {
        Decision<AIMServiceStatus> waiting = plan(service("{model: {name: m}}"), "Ready", List.of(cache("Progressing")), true,
                true, gpus(8));
        assertNull(isvc(waiting));
        assertEquals("False/CacheNotReady", state(outcome(waiting), "CacheReady"));
        assertEquals(AIMStatus.Progressing, outcome(waiting).status(), "a downloading cache means Starting");

        Decision<AIMServiceStatus> ready = plan(service("{model: {name: m}}"), "Ready", List.of(cache("Ready")), true, true, gpus(8));
        assertNotNull(isvc(ready));
        assertEquals("c", ready.status().cache.templateCacheRef.name);
        String isvc = YAML.asJson(isvc(ready));
        assertTrue(isvc.contains("\"claimName\":\"art-pvc\""), "the Ready artifact's PVC is mounted: " + isvc);
        assertEquals("False/CreatingRuntime", state(outcome(ready), "InferenceServiceReady"));
    }

    @Test
    void theReconcileThatCreatesTheInferenceServiceReportsWhatTheNextOneSees() {
        AIMService svc = service("{model: {name: m}}");
        Decision<AIMServiceStatus> creating = plan(svc, "Ready", List.of(cache("Ready")), true, true, gpus(8));
        var created = isvc(creating);
        assertNotNull(created);
        // the next reconcile (triggered by the creation) sees it there, not ready, without pods
        Decision<AIMServiceStatus> next = plan(svc, "Ready", List.of(cache("Ready")), true, true, gpus(8), created);
        StatusOutcome first = outcome(creating);
        StatusOutcome second = StatusEngine.evaluate(first.conditions(), next.components(), next.conditions(), 1L,
                Instant.EPOCH.plusSeconds(5));
        assertEquals(first.conditions(), second.conditions(), "nothing to write and no Event the second time");
        assertTrue(second.transitions().isEmpty());
        assertEquals("False/CreatingRuntime", state(first, "InferenceServiceReady"));
        assertEquals("InferenceService is not ready", first.condition("InferenceServiceReady").getMessage());
        assertEquals("False/NoPods", state(first, "InferenceServicePodsReady"));
        assertTrue(first.transitions().stream().noneMatch(StatusOutcome.Transition::warning),
                "a new service is progress, not a Warning: " + first.transitions());
    }

    @Test
    void aDedicatedCacheIsOwnedByTheServiceASharedOneByNobody() {
        Decision<AIMServiceStatus> dedicated = plan(service("{model: {name: m}, caching: {mode: Dedicated}}"), "Ready",
                List.of(), true, true, gpus(8));
        AIMTemplateCache own = ServicePlanner.planned(dedicated, AIMTemplateCache.class);
        assertTrue(dedicated.owned().contains(own), "a Dedicated cache goes with its service");
        Decision<AIMServiceStatus> shared = plan(service("{model: {name: m}}"), "Ready", List.of(), true, true, gpus(8));
        AIMTemplateCache common = ServicePlanner.planned(shared, AIMTemplateCache.class);
        assertTrue(shared.unowned().contains(common), "a Shared cache outlives every service using it");
    }

    @Test
    void noInferenceServiceWhileTheModelIsNotReady() {
        Decision<AIMServiceStatus> r = plan(service("{model: {name: m}}"), "Progressing", List.of(cache("Ready")), true, true,
                gpus(8));
        assertNull(isvc(r));
        assertEquals(AIMStatus.Pending, outcome(r).status());
        assertEquals("False/ModelNotReady", state(outcome(r), "ModelReady"));
    }

    @Test
    void missingKServeIsAClearConditionNotACrash() {
        Decision<AIMServiceStatus> r = plan(service("{model: {name: m}}"), "Ready", List.of(cache("Ready")), false, true, gpus(8));
        assertNull(isvc(r));
        assertEquals("False/KServeNotInstalled", state(outcome(r), "InferenceServiceReady"));
        assertEquals(StatusOutcome.Decision.APPLY, outcome(r).decision(), "caches are still prepared");
    }

    @Test
    void routingNeedsAGatewayAndTheGatewayApi() {
        StatusOutcome noGateway = outcome(plan(service("{model: {name: m}, routing: {enabled: true}}"), "Ready",
                List.of(cache("Ready")), true, true, gpus(8)));
        assertEquals("False/GatewayNotConfigured", state(noGateway, "HTTPRouteReady"));
        assertEquals(StatusOutcome.Decision.WAIT, noGateway.decision());
        StatusOutcome noApi = outcome(plan(service("{model: {name: m}, routing: {enabled: true, gatewayRef: {name: gw}}}"),
                "Ready", List.of(cache("Ready")), true, false, gpus(8)));
        assertEquals("False/GatewayAPINotInstalled", state(noApi, "HTTPRouteReady"));
        Decision<AIMServiceStatus> routed = plan(service("{model: {name: m}, routing: {enabled: true, gatewayRef: {name: gw}}}"),
                "Progressing", List.of(), true, true, gpus(8));
        assertNotNull(ServicePlanner.planned(routed, io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute.class), "the route does not wait for model or template");
        assertEquals("/ns/u1", routed.status().routing.path);
    }

    @Test
    void shortGpusAreReportedButDoNotBlock() {
        Decision<AIMServiceStatus> r = plan(service("{model: {name: m}, replicas: 3}"), "Ready", List.of(cache("Ready")), true,
                true, gpus(2));
        StatusOutcome o = outcome(r);
        assertEquals("False/InsufficientGPUCapacity", state(o, "GPUCapacityAvailable"));
        assertEquals("t", r.status().resolvedTemplate.name);
        assertNotNull(isvc(r));
    }
}
