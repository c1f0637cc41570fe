package dev.aimengine.operator.service.routing;

import dev.aimengine.operator.service.ServiceChildDependent;
import dev.aimengine.operator.service.ServiceNames;
import dev.aimengine.operator.service.ServiceObjects;
import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.common.reconcile.ApiPresence;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * The Gateway API HTTPRoute of a service, owned by it. Applied while routing is enabled; never deleted by the
 * workflow (see {@link ServiceChildDependent}). When the user turns routing off the reconciler removes the route
 * itself. Switched off while the Gateway API is not installed.
 */
public class HttpRouteDependent extends ServiceChildDependent<HTTPRoute> {

    public static final String NAME = "http-route";

    public HttpRouteDependent() {
        super(HTTPRoute.class);
    }

    @Override
    protected HTTPRoute planned(AIMService primary, Context<AIMService> context) {
        return ServiceObjects.of(context).httpRoute();
    }

    @Override
    protected String name(AIMService primary) {
        return ServiceNames.of(primary).httpRoute();
    }

    /** Active only where the HTTPRoute CRD exists. */
    public static class GatewayApiInstalled extends ApiInstalled {
        public GatewayApiInstalled() {
            super(ApiPresence.GATEWAY_API_HTTP_ROUTES);
        }
    }
}
