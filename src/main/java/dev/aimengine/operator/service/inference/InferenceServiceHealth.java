package dev.aimengine.operator.service.inference;

import dev.aimengine.operator.common.health.Events;
import dev.aimengine.operator.common.status.AIMStatus;
import dev.aimengine.operator.common.status.Component;
import io.fabric8.kubernetes.api.model.Event;

import java.util.List;
import java.util.Map;

/**
 * Health of the KServe InferenceService behind an AIMService: the component {@value #COMPONENT} (condition
 * {@code InferenceServiceReady}). The first rule that applies decides:
 * <ol>
 * <li>missing → Progressing {@code CreatingRuntime} "InferenceService not found";</li>
 * <li>an event of this InferenceService (same name and uid), in list order, with reason
 * {@code ServerlessModeRejected} → Failed {@code ServerlessModeRejected} "Knative is not available. Configure KServe
 * to use RawDeployment mode."; or a {@code Warning} event with reason {@code InternalError} → Failed
 * {@code InternalError} with the event's message, unless the message is a transient optimistic-locking conflict
 * ("the object has been modified" / "Operation cannot be fulfilled"), which KServe retries by itself;</li>
 * <li>status condition {@code Ready=True} → Ready {@code RuntimeReady} "InferenceService is ready";</li>
 * <li>otherwise Progressing {@code CreatingRuntime} "InferenceService is not ready".</li>
 * </ol>
 * The component is downstream. Failures carry an explicit Failed state and no categorised error, so they fail the
 * service without touching {@code ConfigValid} and without blocking apply. Fetch errors other than not-found are the
 * caller's ({@code FetchError}).
 */
public final class InferenceServiceHealth {

    public static final String COMPONENT = "InferenceService";

    static final String SERVERLESS_REJECTED = "ServerlessModeRejected";
    static final String SERVERLESS_MESSAGE =
            "Knative is not available. Configure KServe to use RawDeployment mode.";
    static final String INTERNAL_ERROR = "InternalError";

    private static final List<String> TRANSIENT_MESSAGES = List.of("the object has been modified",
            "Operation cannot be fulfilled");

    private InferenceServiceHealth() {
    }

    /**
     * @param isvc       the InferenceService, or null when it does not exist (yet)
     * @param isvcEvents events about it (events of other objects, or of an earlier object with the same name, are
     *                   ignored); may be null
     */
    public static Component inspect(InferenceService isvc, List<Event> isvcEvents) {
        if (isvc == null) {
            return Component.of(COMPONENT, AIMStatus.Progressing, "CreatingRuntime", "InferenceService not found")
                    .downstream();
        }
        String name = isvc.getMetadata() == null ? null : isvc.getMetadata().getName();
        String uid = isvc.getMetadata() == null ? null : isvc.getMetadata().getUid();
        for (Event event : Events.about(isvcEvents, name, uid)) {
            if (SERVERLESS_REJECTED.equals(event.getReason())) {
                return Component.of(COMPONENT, AIMStatus.Failed, SERVERLESS_REJECTED, SERVERLESS_MESSAGE).downstream();
            }
            if (INTERNAL_ERROR.equals(event.getReason()) && "Warning".equals(event.getType())
                    && !isTransient(event.getMessage())) {
                return Component.of(COMPONENT, AIMStatus.Failed, INTERNAL_ERROR,
                        Events.nullToEmpty(event.getMessage())).downstream();
            }
        }
        if (isReady(isvc)) {
            return Component.of(COMPONENT, AIMStatus.Ready, "RuntimeReady", "InferenceService is ready").downstream();
        }
        return notReady();
    }

    /** An InferenceService that exists (or is being created by this reconcile) and is not ready yet. */
    public static Component notReady() {
        return Component.of(COMPONENT, AIMStatus.Progressing, "CreatingRuntime", "InferenceService is not ready")
                .downstream();
    }

    /** Whether the InferenceService exists and has status condition {@code Ready=True}. */
    public static boolean isReady(InferenceService isvc) {
        if (isvc == null || isvc.getStatus() == null || !(isvc.getStatus().get("conditions") instanceof List<?> conditions)) {
            return false;
        }
        return conditions.stream().anyMatch(c -> c instanceof Map<?, ?> m
                && "Ready".equals(m.get("type")) && "True".equals(m.get("status")));
    }

    static boolean isTransient(String message) {
        return message != null && TRANSIENT_MESSAGES.stream().anyMatch(message::contains);
    }
}
