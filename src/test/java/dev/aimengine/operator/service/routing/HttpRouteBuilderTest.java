package dev.aimengine.operator.service.routing;

import dev.aimengine.operator.api.v1alpha1.AIMRuntimeConfigCommon;
import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.common.naming.AimNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static dev.aimengine.operator.service.ServiceGoldenFiles.SERIALIZATION;
import static dev.aimengine.operator.service.ServiceGoldenFiles.assertGolden;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpRouteBuilderTest {

    static final AIMRuntimeConfigCommon CONFIG = SERIALIZATION.unmarshal("""
            routing:
              enabled: true
              gatewayRef: {group: gateway.networking.k8s.io, kind: Gateway, name: inference-gateway, namespace: kgateway-system}
            """, AIMRuntimeConfigCommon.class);

    static AIMService service(String name, String spec) {
        return SERIALIZATION.unmarshal("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMService
                metadata: {name: %s, namespace: integration, uid: 0f9e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f}
                spec:
                  %s""".formatted(name, spec.strip().indent(2).strip()), AIMService.class);
    }

    static HttpRouteBuilder.Result build(AIMService service, AIMRuntimeConfigCommon config) {
        String ns = service.getMetadata().getNamespace();
        String name = service.getMetadata().getName();
        return HttpRouteBuilder.build(service, AimNames.httpRoute(name, ns), AimNames.inferenceService(name, ns),
                Routing.resolve(service.getSpec(), config));
    }

    @Test
    void defaultPathIsNamespaceAndUid() {
        HttpRouteBuilder.Result r = build(service("llama-chat", "{model: {name: m}}"), CONFIG);
        assertTrue(r.ok());
        assertEquals("/integration/0f9e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f", r.path());
        assertGolden("route-default-path", r.route());
    }

    @Test
    void pathTemplateFromService() {
        HttpRouteBuilder.Result r = build(service("test-gpu-cached",
                "{model: {name: m}, routing: {pathTemplate: '/integration/gpu-cached/{.metadata.name}'}}"), CONFIG);
        assertTrue(r.ok());
        assertEquals("/integration/gpu-cached/test-gpu-cached", r.path());
        assertGolden("route-path-template", r.route());
    }

    @Test
    void requestTimeoutInGoSpelling() {
        HttpRouteBuilder.Result r = build(service("llama-chat",
                "{model: {name: m}, routing: {requestTimeout: 3m}}"), CONFIG);
        assertEquals("3m0s", r.route().getSpec().getRules().get(0).getTimeouts().getRequest());
        assertGolden("route-timeout", r.route());
    }

    @Test
    void annotationsOfServiceOverRuntimeConfig() {
        AIMRuntimeConfigCommon config = SERIALIZATION.unmarshal("""
                routing:
                  enabled: true
                  gatewayRef: {name: inference-gateway, namespace: kgateway-system}
                  requestTimeout: 90s
                  annotations: {team: platform, cost-center: rc}
                """, AIMRuntimeConfigCommon.class);
        AIMService service = service("llama-chat", """
                model: {name: m}
                routing:
                  gatewayRef: {group: gateway.networking.k8s.io, kind: Gateway, name: private-gateway, namespace: gw, sectionName: https, port: 443}
                  annotations: {cost-center: ml-research, owner: alice}
                """);
        HttpRouteBuilder.Result r = build(service, config);
        assertEquals(Map.of("team", "platform", "cost-center", "ml-research", "owner", "alice"),
                r.route().getMetadata().getAnnotations());
        assertEquals("1m30s", r.route().getSpec().getRules().get(0).getTimeouts().getRequest());
        assertGolden("route-annotations-merged", r.route());
    }

    @Test
    void invalidPathTemplateFallsBackAndReports() {
        HttpRouteBuilder.Result r = build(service("llama-chat",
                "{model: {name: m}, routing: {pathTemplate: \"/x/{.metadata.labels['team']}\"}}"), CONFIG);
        assertFalse(r.ok());
        assertEquals("/integration/0f9e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f", r.path());
        assertEquals(r.path(), r.route().getSpec().getRules().get(0).getMatches().get(0).getPath().getValue());
        assertTrue(r.pathError().contains("label \"team\" not found"), r.pathError());
        assertNull(r.timeoutError());
    }

    @Test
    void invalidTimeoutIsReportedAndLeftOut() {
        HttpRouteBuilder.Result r = build(service("llama-chat",
                "{model: {name: m}, routing: {requestTimeout: soon}}"), CONFIG);
        assertFalse(r.ok());
        assertNull(r.route().getSpec().getRules().get(0).getTimeouts());
        assertTrue(r.timeoutError().contains("soon"), r.timeoutError());
    }

    @Test
    void missingGatewayIsRejected() {
        AIMService service = service("llama-chat", "{model: {name: m}, routing: {enabled: true}}");
        assertThrows(IllegalArgumentException.class, () -> build(service, null));
    }

    @ParameterizedTest
    @CsvSource({
            "3m, 3m0s",
            "90s, 1m30s",
            "1h, 1h0m0s",
            "500ms, 500ms",
            "0s, 0s",
            "1.5s, 1s500ms",
            "1h0.25s, 1h250ms",
            "2h45m, 2h45m0s",
    })
    void gatewayDurations(String in, String out) {
        assertEquals(out, HttpRouteBuilder.gatewayDuration(in));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "3", "-1s", "1500us", "100000h", "1d"})
    void unusableGatewayDurations(String in) {
        assertThrows(IllegalArgumentException.class, () -> HttpRouteBuilder.gatewayDuration(in));
    }
}
