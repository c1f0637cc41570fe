package dev.aimengine.operator.service.routing;

import dev.aimengine.operator.common.health.Events;
import dev.aimengine.operator.common.status.AIMStatus;
import dev.aimengine.operator.common.status.Component;
import dev.aimengine.operator.common.status.ComponentError;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;

import java.util.List;

/**
 * Health of an HTTPRoute. The parents' conditions are read in order, parent by parent, and the
 * first telling one decides:
 * <ul>
 * <li>missing → MissingDownstream {@code HTTPRouteNotFound} "HTTPRoute not found";</li>
 * <li>{@code Accepted=True} → Ready {@code HTTPRouteAccepted} "HTTPRoute is accepted by gateway";</li>
 * <li>{@code Accepted} with any other status → InvalidSpec with the gateway's reason and
 * "HTTPRoute rejected: &lt;gateway message&gt;";</li>
 * <li>{@code ResolvedRefs=False} → MissingDownstream with the gateway's reason and
 * "HTTPRoute backend not resolved: &lt;gateway message&gt;";</li>
 * <li>no parent has said anything yet → Progressing {@code HTTPRoutePending}
 * "HTTPRoute is waiting for gateway acceptance".</li>
 * </ul>
 */
public final class HttpRouteHealth {

    private HttpRouteHealth() {
    }

    public static Component inspect(String component, HTTPRoute route) {
        if (route == null) {
            return Component.failing(component,
                    ComponentError.missingDownstream("HTTPRouteNotFound", "HTTPRoute not found")).downstream();
        }
        List<RouteParentStatus> parents = route.getStatus() == null || route.getStatus().getParents() == null
                ? List.of() : route.getStatus().getParents();
        for (RouteParentStatus parent : parents) {
            List<Condition> conditions = parent == null || parent.getConditions() == null ? List.of()
                    : parent.getConditions();
            for (Condition c : conditions) {
                if (c == null) {
                    continue;
                }
                if ("Accepted".equals(c.getType())) {
                    if ("True".equals(c.getStatus())) {
                        return Component.of(component, AIMStatus.Ready, "HTTPRouteAccepted",
                                "HTTPRoute is accepted by gateway").downstream();
                    }
                    return Component.failing(component, ComponentError.invalidSpec(c.getReason(),
                            "HTTPRoute rejected: " + Events.nullToEmpty(c.getMessage()))).downstream();
                }
                if ("ResolvedRefs".equals(c.getType()) && "False".equals(c.getStatus())) {
                    return Component.failing(component, ComponentError.missingDownstream(c.getReason(),
                            "HTTPRoute backend not resolved: " + Events.nullToEmpty(c.getMessage()))).downstream();
                }
            }
        }
        return Component.of(component, AIMStatus.Progressing, "HTTPRoutePending",
                "HTTPRoute is waiting for gateway acceptance").downstream();
    }
}
