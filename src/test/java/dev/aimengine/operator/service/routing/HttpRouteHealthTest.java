package dev.aimengine.operator.service.routing;

import dev.aimengine.operator.common.health.Fixtures;
import dev.aimengine.operator.common.status.AIMStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import org.junit.jupiter.api.Test;

import static dev.aimengine.operator.common.status.ErrorCategory.INVALID_SPEC;
import static dev.aimengine.operator.common.status.ErrorCategory.MISSING_DOWNSTREAM_DEPENDENCY;
import static dev.aimengine.operator.common.health.Fixtures.assertError;
import static dev.aimengine.operator.common.health.Fixtures.assertState;

/** HTTPRoute health from its parents' conditions. */
class HttpRouteHealthTest {

    static final String C = "HTTPRoute";

    static HTTPRoute route(String parents) {
        return Fixtures.yaml("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: r, namespace: ns}
                spec:
                  parentRefs: [{name: gw, namespace: gateways}]
                status:
                  parents:
                %s
                """.formatted(parents.indent(4)), HTTPRoute.class);
    }

    static String parent(String conditions) {
        return """
                - parentRef: {name: gw, namespace: gateways}
                  controllerName: example.com/gateway
                  conditions:
                %s""".formatted(conditions.indent(4));
    }

    @Test
    void missing() {
        assertError(HttpRouteHealth.inspect(C, null), C, MISSING_DOWNSTREAM_DEPENDENCY, AIMStatus.Progressing,
                "HTTPRouteNotFound", "HTTPRoute not found");
    }

    @Test
    void accepted() {
        HTTPRoute r = route(parent("""
                - {type: Accepted, status: "True", reason: Accepted, message: ok, lastTransitionTime: "2025-01-01T00:00:00Z"}
                - {type: ResolvedRefs, status: "True", reason: ResolvedRefs, message: ok, lastTransitionTime: "2025-01-01T00:00:00Z"}
                """));
        assertState(HttpRouteHealth.inspect(C, r), C, AIMStatus.Ready, "HTTPRouteAccepted",
                "HTTPRoute is accepted by gateway");
    }

    @Test
    void acceptedBySecondParent() {
        HTTPRoute r = route(parent("[]") + "\n" + parent("- {type: Accepted, status: \"True\", reason: Accepted}"));
        assertState(HttpRouteHealth.inspect(C, r), C, AIMStatus.Ready, "HTTPRouteAccepted",
                "HTTPRoute is accepted by gateway");
    }

    @Test
    void rejected() {
        HTTPRoute r = route(parent("""
                - {type: Accepted, status: "False", reason: NotAllowedByListeners, message: "no listener allows namespace ns"}
                """));
        assertError(HttpRouteHealth.inspect(C, r), C, INVALID_SPEC, AIMStatus.Failed, "NotAllowedByListeners",
                "HTTPRoute rejected: no listener allows namespace ns");
    }

    @Test
    void unresolvedBackend() {
        HTTPRoute r = route(parent("""
                - {type: ResolvedRefs, status: "False", reason: BackendNotFound, message: "service x not found"}
                """));
        assertError(HttpRouteHealth.inspect(C, r), C, MISSING_DOWNSTREAM_DEPENDENCY, AIMStatus.Progressing,
                "BackendNotFound", "HTTPRoute backend not resolved: service x not found");
    }

    @Test
    void pending() {
        assertState(HttpRouteHealth.inspect(C, route("[]")), C, AIMStatus.Progressing, "HTTPRoutePending",
                "HTTPRoute is waiting for gateway acceptance");
        assertState(HttpRouteHealth.inspect(C, Fixtures.yaml(
                "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r}\n", HTTPRoute.class)),
                C, AIMStatus.Progressing, "HTTPRoutePending", "HTTPRoute is waiting for gateway acceptance");
    }
}
