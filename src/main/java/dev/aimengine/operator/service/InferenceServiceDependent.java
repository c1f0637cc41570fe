package dev.aimengine.operator.service;

import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.common.ApiPresence;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.GenericKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * The KServe InferenceService of a service (owned, so it goes with the service). Applied when the planner says so;
 * otherwise an existing one is left running. Switched off while KServe is not installed.
 */
public class InferenceServiceDependent extends GenericKubernetesDependentResource<AIMService>
        implements Creator<GenericKubernetesResource, AIMService>, Updater<GenericKubernetesResource, AIMService>,
        GarbageCollected<AIMService> {

    public static final String NAME = "inference-service";
    public static final GroupVersionKind GVK = new GroupVersionKind("serving.kserve.io", "v1beta1", "InferenceService");

    public InferenceServiceDependent() {
        super(GVK);
    }

    @Override
    protected GenericKubernetesResource desired(AIMService primary, Context<AIMService> context) {
        return ServiceObjects.of(context).inferenceService();
    }

    /** Reconciled only when the planner produced an InferenceService. */
    public static class Planned implements Condition<GenericKubernetesResource, AIMService> {
        @Override
        public boolean isMet(DependentResource<GenericKubernetesResource, AIMService> dependent, AIMService primary,
                Context<AIMService> context) {
            return ServiceObjects.of(context).inferenceService() != null;
        }
    }

    /** Active only where the InferenceService CRD exists. */
    public static class KServeInstalled implements Condition<GenericKubernetesResource, AIMService> {
        @Override
        public boolean isMet(DependentResource<GenericKubernetesResource, AIMService> dependent, AIMService primary,
                Context<AIMService> context) {
            return ApiPresence.isInstalled(context.getClient(), ApiPresence.KSERVE_INFERENCE_SERVICES);
        }
    }
}
