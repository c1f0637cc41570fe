package dev.aimengine.operator.service.selection;

import dev.aimengine.operator.api.v1alpha1.AIMGpuRequirements;
import dev.aimengine.operator.api.v1alpha1.AIMProfileType;
import dev.aimengine.operator.api.v1alpha1.AIMRuntimeParameters;
import dev.aimengine.operator.api.v1alpha1.AIMServiceStatus;
import dev.aimengine.operator.common.status.AIMStatus;
import dev.aimengine.operator.gpu.GpuLabels;
import dev.aimengine.operator.gpu.GpuModelInventory;
import dev.aimengine.operator.gpu.GpuSnapshot;
import dev.aimengine.operator.service.selection.Selection.Capacity;
import dev.aimengine.operator.service.selection.Selection.Outcome;
import dev.aimengine.operator.service.selection.CandidateEvaluation.Stage;
import dev.aimengine.operator.service.selection.CandidateEvaluation.Verdict;
import dev.aimengine.operator.service.selection.TemplateRanking.Score;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Template auto-selection for an AIMService without {@code spec.template.name}.
 *
 * <p>Every candidate passes, in order, through four filters; the first one it fails rejects it:
 * <ol>
 *   <li><b>Availability</b>: {@code status.status} must be {@code Ready}
 *       (reasons {@code TemplatePending}, {@code TemplateProgressing}, {@code TemplateNotAvailable},
 *       {@code TemplateDegraded}, {@code TemplateFailed}, else {@code TemplateNotReady});</li>
 *   <li><b>Optimization</b>: the profile type must be {@code optimized} unless unoptimized templates are allowed
 *       ({@code UnoptimizedTemplateFiltered});</li>
 *   <li><b>Overrides</b>, only when {@code spec.overrides} is set: metric and precision equal ignoring case; the
 *       normalised GPU model equal when both name one; the GPU count equal when both are positive
 *       ({@code ServiceOverridesNotMatched});</li>
 *   <li><b>GPU</b>: a candidate naming a GPU model needs that model in the cluster
 *       ({@code RequiredGPUNotInCluster}).</li>
 * </ol>
 * Of the survivors, cluster templates are dropped when a namespaced one remains (<b>Scope</b>,
 * {@code NamespaceTemplatePreferred}); the rest are ranked by {@link TemplateRanking}. A single best candidate is
 * chosen. Several equally ranked ones are told apart by GPU capacity only: when exactly one of them has enough
 * free GPUs of its model for all replicas (a candidate without a GPU model always has), it is chosen; otherwise
 * selection is ambiguous and nothing is chosen. List order never decides.
 *
 * <p>The model's {@code spec.defaultServiceTemplate} takes precedence over ranking: when a candidate of that name
 * passes the four filters it is chosen; when it exists but is not Ready yet, selection waits for it; when it is
 * missing or filtered out, ranking proceeds as usual and the report says so.
 *
 * <p>The selector is stateless and pure: the same request and GPU snapshot always give the same selection, and
 * the report lists candidates namespaced first, then by name, so a repeated reconcile writes the same status.
 */
@ApplicationScoped
public class TemplateSelector {



    static final String REASON_UNOPTIMIZED = "UnoptimizedTemplateFiltered";
    static final String REASON_OVERRIDES = "ServiceOverridesNotMatched";
    static final String REASON_GPU_MISSING = "RequiredGPUNotInCluster";
    static final String REASON_SCOPE = "NamespaceTemplatePreferred";
    static final String REASON_BEST_MATCH = "BestMatch";
    static final String REASON_MODEL_DEFAULT = "ModelDefault";
    static final String REASON_MODEL_DEFAULT_PREFERRED = "ModelDefaultPreferred";
    static final String REASON_AWAITING_MODEL_DEFAULT = "AwaitingModelDefault";
    static final String REASON_LOWER_RANK = "LowerPreferenceRank";
    static final String REASON_TIED = "TiedBestScore";
    static final String REASON_NO_CAPACITY = "InsufficientGPUCapacity";

    static final String MESSAGE_NO_CANDIDATES = "No template found for service";
    static final String MESSAGE_NOT_READY = "Templates exist but are not ready yet";


    /**
     * Chooses the template for one service.
     *
     * @param request the candidates and the service's wishes
     * @param gpus    the cluster's GPUs; {@code null} counts as a cluster without GPUs
     * @return the outcome, the chosen template if any, the status report and the chosen template's capacity
     */
    public Selection select(SelectionRequest request, GpuSnapshot gpus) {
        GpuSnapshot cluster = gpus == null ? GpuSnapshot.empty() : gpus;
        List<CandidateEvaluation> evaluations = new ArrayList<>();
        for (TemplateCandidate candidate : request.all()) {
            CandidateEvaluation evaluation = new CandidateEvaluation(candidate, cluster, request.replicas());
            filter(evaluation, request, cluster);
            evaluations.add(evaluation);
        }
        String model = modelName(request);
        if (evaluations.isEmpty()) {
            return SelectionReport.finish(Outcome.NO_CANDIDATES, null, MESSAGE_NO_CANDIDATES, evaluations);
        }

        String defaultName = request.modelDefaultTemplate();
        String note = "";
        if (defaultName != null) {
            List<CandidateEvaluation> defaults = evaluations.stream()
                    .filter(e -> e.candidate.name().equals(defaultName)).toList();
            Optional<CandidateEvaluation> eligibleDefault = defaults.stream().filter(CandidateEvaluation::passed).findFirst();
            if (eligibleDefault.isPresent()) {
                return chooseModelDefault(eligibleDefault.get(), evaluations);
            }
            Optional<CandidateEvaluation> waiting = defaults.stream()
                    .filter(e -> e.stage == Stage.Availability).findFirst();
            if (waiting.isPresent()) {
                evaluations.stream().filter(CandidateEvaluation::passed).forEach(e -> e.mark(Verdict.Eligible, null,
                        REASON_AWAITING_MODEL_DEFAULT, "waiting for the model's default template " + defaultName));
                String message = "Waiting for the model's default template %s to become Ready (%s)"
                        .formatted(waiting.get().candidate.describe(), waiting.get().reason);
                return SelectionReport.finish(Outcome.NONE_READY, null, message, evaluations);
            }
            note = defaults.isEmpty()
                    ? "Model default template \"%s\" not found. ".formatted(defaultName)
                    : "Model default template \"%s\" is not eligible (%s). ".formatted(defaultName,
                            defaults.get(0).reason);
        }

        List<CandidateEvaluation> passed = evaluations.stream().filter(CandidateEvaluation::passed).toList();
        if (passed.isEmpty()) {
            boolean noneReady = evaluations.stream().allMatch(e -> e.stage == Stage.Availability);
            return noneReady
                    ? SelectionReport.finish(Outcome.NONE_READY, null, note + MESSAGE_NOT_READY, evaluations)
                    : SelectionReport.finish(Outcome.NONE_ELIGIBLE, null, note + SelectionReport.noneEligibleMessage(model, evaluations),
                            evaluations);
        }

        List<CandidateEvaluation> ranked = preferNamespaced(passed);
        return rank(ranked, model, note, evaluations);
    }

    // ---- stages 1-4 ----------------------------------------------------------------------------------------

    private static void filter(CandidateEvaluation e, SelectionRequest request, GpuSnapshot gpus) {
        TemplateCandidate c = e.candidate;
        if (!AIMStatus.Ready.name().equals(c.statusValue())) {
            String status = c.statusValue();
            e.reject(Stage.Availability, availabilityReason(status),
                    status.isEmpty() ? "template has no status yet" : "template status is " + status + ", not Ready");
            return;
        }
        if (!request.allowUnoptimized() && !AIMProfileType.optimized.name().equals(c.profileType())) {
            e.reject(Stage.Optimization, REASON_UNOPTIMIZED, "profile type is " + c.profileType()
                    + ", not optimized; set spec.template.allowUnoptimized to allow it");
            return;
        }
        List<String> mismatches = overrideMismatches(c, request.overrides());
        if (!mismatches.isEmpty()) {
            e.reject(Stage.Overrides, REASON_OVERRIDES, String.join("; ", mismatches));
            return;
        }
        String gpu = c.gpuModel();
        if (!gpu.isEmpty() && !gpus.models().contains(gpu)) {
            e.reject(Stage.GPU, REASON_GPU_MISSING, "GPU model " + gpu + " is not present in the cluster");
        }
    }

    /** The reason an unavailable template is skipped, by its {@code status.status}. */
    static String availabilityReason(String status) {
        return switch (status) {
            case "Pending" -> "TemplatePending";
            case "Progressing" -> "TemplateProgressing";
            case "NotAvailable" -> "TemplateNotAvailable";
            case "Degraded" -> "TemplateDegraded";
            case "Failed" -> "TemplateFailed";
            default -> "TemplateNotReady";
        };
    }

    /** Why a candidate does not satisfy {@code spec.overrides}; empty when it does or no overrides are set. */
    static List<String> overrideMismatches(TemplateCandidate c, AIMRuntimeParameters overrides) {
        List<String> mismatches = new ArrayList<>();
        if (overrides == null) {
            return mismatches;
        }
        if (overrides.metric != null && !overrides.metric.strip().equalsIgnoreCase(c.metric())) {
            mismatches.add("metric is %s, overrides want %s".formatted(orUnset(c.metric()), overrides.metric));
        }
        if (overrides.precision != null && !overrides.precision.strip().equalsIgnoreCase(c.precision())) {
            mismatches.add("precision is %s, overrides want %s"
                    .formatted(orUnset(c.precision()), overrides.precision));
        }
        AIMGpuRequirements gpu = overrides.hardware == null ? null : overrides.hardware.gpu;
        if (gpu != null) {
            String wanted = GpuLabels.normalizeModel(gpu.model);
            String actual = c.gpuModel();
            if (!wanted.isEmpty() && !actual.isEmpty() && !wanted.equalsIgnoreCase(actual)) {
                mismatches.add("GPU model is %s, overrides want %s".formatted(actual, wanted));
            }
            int count = c.gpuCount();
            if (gpu.requestsOrZero() > 0 && count > 0 && count != gpu.requestsOrZero()) {
                mismatches.add("GPU count is %d, overrides want %d".formatted(count, gpu.requestsOrZero()));
            }
        }
        return mismatches;
    }

    // ---- stage 5 and ranking --------------------------------------------------------------------------------

    private static List<CandidateEvaluation> preferNamespaced(List<CandidateEvaluation> passed) {
        if (passed.stream().noneMatch(e -> !e.candidate.cluster())) {
            return passed;
        }
        List<CandidateEvaluation> kept = new ArrayList<>();
        for (CandidateEvaluation e : passed) {
            if (e.candidate.cluster()) {
                e.reject(Stage.Scope, REASON_SCOPE, "a namespace template for the model is preferred");
            } else {
                kept.add(e);
            }
        }
        return kept;
    }

    private static Selection rank(List<CandidateEvaluation> ranked, String model, String note, List<CandidateEvaluation> all) {
        Score best = ranked.stream().map(e -> e.score).min(Comparator.naturalOrder()).orElseThrow();
        List<CandidateEvaluation> tied = ranked.stream().filter(e -> e.score.ties(best)).sorted(SelectionReport.ORDER).toList();
        for (CandidateEvaluation e : ranked) {
            if (!e.score.ties(best)) {
                e.mark(Verdict.Eligible, Stage.Ranking, REASON_LOWER_RANK,
                        "ranks below the best score (" + best.render() + ")");
            }
        }
        if (tied.size() == 1) {
            CandidateEvaluation chosen = tied.get(0);
            chosen.mark(Verdict.Selected, null, REASON_BEST_MATCH, "best ranked of the eligible templates");
            return SelectionReport.finish(Outcome.SELECTED, chosen, note + SelectionReport.selectedMessage(chosen, ranked.size(), ""), all);
        }

        List<CandidateEvaluation> withCapacity = tied.stream().filter(e -> e.sufficient).toList();
        for (CandidateEvaluation e : tied) {
            if (!e.sufficient && !withCapacity.isEmpty()) {
                e.mark(Verdict.Eligible, Stage.Ranking, REASON_NO_CAPACITY, "ties for the best score but needs "
                        + e.needed + " " + e.gpu + " GPU(s) and only " + e.free + " are free");
            }
        }
        if (withCapacity.size() == 1) {
            CandidateEvaluation chosen = withCapacity.get(0);
            chosen.mark(Verdict.Selected, null, REASON_BEST_MATCH,
                    "the only best-ranked template with enough free GPUs");
            return SelectionReport.finish(Outcome.SELECTED, chosen, note + SelectionReport.selectedMessage(chosen, ranked.size(),
                    "; of " + tied.size() + " equally ranked templates it is the only one with enough free GPUs"),
                    all);
        }

        List<CandidateEvaluation> ambiguous = withCapacity.isEmpty() ? tied : withCapacity;
        for (CandidateEvaluation e : ambiguous) {
            e.mark(Verdict.Eligible, Stage.Ranking, REASON_TIED, "ties for the best score (" + best.render() + ")");
        }
        String names = ambiguous.stream().map(e -> e.candidate.name()).collect(Collectors.joining(", "));
        String message = "Multiple templates (%d) satisfy model \"%s\": %s. Set spec.template.name to choose one."
                .formatted(ambiguous.size(), model, names);
        return SelectionReport.finish(Outcome.AMBIGUOUS, null, note + message, all);
    }

    private static Selection chooseModelDefault(CandidateEvaluation chosen, List<CandidateEvaluation> all) {
        for (CandidateEvaluation e : all) {
            if (e == chosen) {
                e.mark(Verdict.Selected, null, REASON_MODEL_DEFAULT, "the model's default template");
            } else if (e.passed()) {
                e.mark(Verdict.Eligible, Stage.Ranking, REASON_MODEL_DEFAULT_PREFERRED,
                        "the model's default template " + chosen.candidate.name() + " is preferred");
            }
        }
        String message = "Using the model's default template: %s (%s)"
                .formatted(chosen.candidate.describe(), chosen.score.render());
        return SelectionReport.finish(Outcome.MODEL_DEFAULT, chosen, message, all);
    }

    /** The model the candidates belong to, for messages. */
    private static String modelName(SelectionRequest request) {
        return request.all().stream().map(TemplateCandidate::modelName).filter(n -> !n.isEmpty())
                .findFirst().orElse("");
    }

    private static String orUnset(String value) {
        return value.isEmpty() ? "unset" : value;
    }
}
