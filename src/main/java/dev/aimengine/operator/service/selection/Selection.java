package dev.aimengine.operator.service.selection;

import dev.aimengine.operator.api.v1alpha1.AIMServiceStatus;

/**
 * The result of template auto-selection.
 *
 * @param outcome  what happened
 * @param chosen   the template to use; set exactly for {@link Outcome#SELECTED} and {@link Outcome#MODEL_DEFAULT}
 * @param report   the explanation for {@code status.templateSelection}; never {@code null}
 * @param capacity free versus needed GPUs of the chosen template; {@code null} when nothing was chosen or the
 *                 chosen template names no GPU model
 */
public record Selection(Outcome outcome, TemplateCandidate chosen, AIMServiceStatus.TemplateSelection report,
                        Capacity capacity) {

    /** Reason when no template matches (also used for "all filtered" and, upstream, for ties). */
    public static final String REASON_TEMPLATE_NOT_FOUND = "TemplateNotFound";
    /** Reason while the candidates (or the model's default template) are not Ready yet. */
    public static final String REASON_TEMPLATE_NOT_READY = "TemplateNotReady";
    /** Reason when several templates rank equally and none can be preferred. */
    public static final String REASON_AMBIGUOUS = "TemplateSelectionAmbiguous";
    /** Reason of a chosen template (the one of a Ready template component). */
    public static final String REASON_RESOLVED = "Resolved";
    /** Informational condition type the caller sets from {@link #capacity()}. */
    public static final String CONDITION_GPU_CAPACITY = "GPUCapacityAvailable";
    /** Reason of {@value #CONDITION_GPU_CAPACITY}{@code =True}. */
    public static final String REASON_GPU_CAPACITY_SUFFICIENT = "SufficientGPUCapacity";
    /** Reason of {@value #CONDITION_GPU_CAPACITY}{@code =False}. */
    public static final String REASON_GPU_CAPACITY_INSUFFICIENT = "InsufficientGPUCapacity";

    /** How selection ended. */
    public enum Outcome {
        /** The best-ranked eligible template was chosen. */
        SELECTED("Selected"),
        /** The model's {@code spec.defaultServiceTemplate} was chosen. */
        MODEL_DEFAULT("ModelDefault"),
        /** Several templates rank equally; nothing was chosen. */
        AMBIGUOUS("Ambiguous"),
        /** No template exists for the model. */
        NO_CANDIDATES("NoCandidates"),
        /** Templates exist, but none (or not the model's default) is Ready yet. */
        NONE_READY("AwaitingReadyTemplates"),
        /** Ready templates exist, but every one was filtered out. */
        NONE_ELIGIBLE("NoneEligible");

        private final String value;

        Outcome(String value) {
            this.value = value;
        }

        /** The value written to {@code status.templateSelection.outcome}. */
        public String value() {
            return value;
        }

        /** Whether a template was chosen. */
        public boolean chosen() {
            return this == SELECTED || this == MODEL_DEFAULT;
        }
    }

    /**
     * Free GPUs of the chosen template's GPU model against what the service needs.
     *
     * @param gpu        normalised GPU model
     * @param free       GPUs of that model not requested by any pod
     * @param needed     GPU count of the template times the replicas
     * @param sufficient {@code free >= needed}
     */
    public record Capacity(String gpu, long free, long needed, boolean sufficient) {

        /** A sentence for the {@value #CONDITION_GPU_CAPACITY} condition. */
        public String message() {
            return sufficient
                    ? "%d %s GPU(s) needed, %d free".formatted(needed, gpu, free)
                    : "%d %s GPU(s) needed but only %d free; pods may stay Pending until GPUs are released"
                            .formatted(needed, gpu, free);
        }
    }

    /**
     * The reason for the service's {@code TemplateReady} condition: {@value #REASON_RESOLVED} when a template was
     * chosen (the caller then reports the template's own health), {@value #REASON_TEMPLATE_NOT_FOUND} for no
     * candidates or none eligible, {@value #REASON_TEMPLATE_NOT_READY} while waiting for Ready templates, and
     * {@value #REASON_AMBIGUOUS} for a tie.
     */
    public String reason() {
        return switch (outcome) {
            case SELECTED, MODEL_DEFAULT -> REASON_RESOLVED;
            case AMBIGUOUS -> REASON_AMBIGUOUS;
            case NONE_READY -> REASON_TEMPLATE_NOT_READY;
            case NO_CANDIDATES, NONE_ELIGIBLE -> REASON_TEMPLATE_NOT_FOUND;
        };
    }

    /** The message for the {@code TemplateReady} condition: the report's message. */
    public String message() {
        return report.message;
    }

    /** The chosen template's name; {@code null} when nothing was chosen. */
    public String chosenName() {
        return chosen == null ? null : chosen.name();
    }
}
