package dev.aimengine.operator.service;

import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.common.ApiPresence;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * The KServe InferenceService of a service (owned, so it goes with the service). Applied when the planner says so;
 * otherwise an existing one is left running. Switched off while KServe is not installed.
 */
public class InferenceServiceDependent extends CRUDKubernetesDependentResource<InferenceService, AIMService> {

    public static final String NAME = "inference-service";
    public InferenceServiceDependent() {
        super(InferenceService.class);
    }

    @Override
    protected InferenceService desired(AIMService primary, Context<AIMService> context) {
        return InferenceService.from(ServiceObjects.of(context).inferenceService(),
                context.getClient().getKubernetesSerialization());
    }

    /** Reconciled only when the planner produced an InferenceService. */
    public static class Planned implements Condition<InferenceService, AIMService> {
        @Override
        public boolean isMet(DependentResource<InferenceService, AIMService> dependent, AIMService primary,
                Context<AIMService> context) {
            return ServiceObjects.of(context).inferenceService() != null;
        }
    }

    /** Active only where the InferenceService CRD exists. */
    public static class KServeInstalled implements Condition<InferenceService, AIMService> {
        @Override
        public boolean isMet(DependentResource<InferenceService, AIMService> dependent, AIMService primary,
                Context<AIMService> context) {
            return ApiPresence.isInstalled(context.getClient(), ApiPresence.KSERVE_INFERENCE_SERVICES);
        }
    }
}
