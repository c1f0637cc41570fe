package dev.aimengine.operator.service;

import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.common.naming.AimNames;

/**
 * The names of a service's children, computed once per reconcile: the KServe InferenceService (its name, plus
 * {@code -predictor-<namespace>}, must fit a 63-character host name) and the HTTPRoute.
 */
public record ServiceNames(String inferenceService, String httpRoute) {

    public static ServiceNames of(AIMService service) {
        String name = service.getMetadata().getName();
        String ns = service.getMetadata().getNamespace();
        return new ServiceNames(AimNames.inferenceService(name, ns), AimNames.httpRoute(name, ns));
    }
}
