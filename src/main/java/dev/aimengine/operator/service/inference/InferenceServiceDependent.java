package dev.aimengine.operator.service.inference;

import dev.aimengine.operator.service.ServiceChildDependent;
import dev.aimengine.operator.service.ServiceObjects;
import dev.aimengine.operator.service.ServiceNames;
import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.common.reconcile.ApiPresence;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * The KServe InferenceService of a service, owned by it. Applied whenever the planner produced one; in any other
 * reconcile the running InferenceService is left exactly as it is (see {@link ServiceChildDependent}). Switched off
 * while KServe is not installed.
 */
public class InferenceServiceDependent extends ServiceChildDependent<InferenceService> {

    public static final String NAME = "inference-service";

    public InferenceServiceDependent() {
        super(InferenceService.class);
    }

    @Override
    protected InferenceService planned(AIMService primary, Context<AIMService> context) {
        return ServiceObjects.of(context).inferenceService();
    }

    @Override
    protected String name(AIMService primary) {
        return ServiceNames.of(primary).inferenceService();
    }

    /** Active only where the InferenceService CRD exists. */
    public static class KServeInstalled extends ApiInstalled {
        public KServeInstalled() {
            super(ApiPresence.KSERVE_INFERENCE_SERVICES);
        }
    }
}
