package dev.aimengine.operator.service;

import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.common.ApiPresence;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * The Gateway API HTTPRoute of a service (owned). Applied while routing is enabled; disabling routing later leaves
 * the route in place until the service is deleted. Switched off while the Gateway API is not installed.
 */
public class HttpRouteDependent extends CRUDKubernetesDependentResource<HTTPRoute, AIMService> {

    public static final String NAME = "http-route";

    public HttpRouteDependent() {
        super(HTTPRoute.class);
    }

    @Override
    protected HTTPRoute desired(AIMService primary, Context<AIMService> context) {
        return ServiceObjects.of(context).httpRoute();
    }

    public static class Planned implements Condition<HTTPRoute, AIMService> {
        @Override
        public boolean isMet(DependentResource<HTTPRoute, AIMService> dependent, AIMService primary,
                Context<AIMService> context) {
            return ServiceObjects.of(context).httpRoute() != null;
        }
    }

    public static class GatewayApiInstalled implements Condition<HTTPRoute, AIMService> {
        @Override
        public boolean isMet(DependentResource<HTTPRoute, AIMService> dependent, AIMService primary,
                Context<AIMService> context) {
            return ApiPresence.isInstalled(context.getClient(), ApiPresence.GATEWAY_API_HTTP_ROUTES);
        }
    }
}
