package dev.aimengine.operator.service;

import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.api.v1alpha1.AIMTemplateCache;
import dev.aimengine.operator.service.inference.InferenceService;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * The objects the service planner decided the workflow's dependents should apply this reconcile (decide first, then
 * apply): each is null when it is not planned, and its dependent then leaves the live object alone.
 */
public record ServiceObjects(AIMTemplateCache templateCache, InferenceService inferenceService,
        HTTPRoute httpRoute) {

    static final String KEY = ServiceObjects.class.getName();

    public static final ServiceObjects NONE = new ServiceObjects(null, null, null);

    public static ServiceObjects of(Context<AIMService> context) {
        return context.managedWorkflowAndDependentResourceContext().get(KEY, ServiceObjects.class).orElse(NONE);
    }

    void putInto(Context<AIMService> context) {
        context.managedWorkflowAndDependentResourceContext().put(KEY, this);
    }
}
