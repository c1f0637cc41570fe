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
import dev.aimengine.operator.service.selection.TemplateRanking.Score;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Template auto-selection for an AIMService without {@code spec.template.name} (spec §2.3).
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

    static final String STAGE_AVAILABILITY = "Availability";
    static final String STAGE_OPTIMIZATION = "Optimization";
    static final String STAGE_OVERRIDES = "Overrides";
    static final String STAGE_GPU = "GPU";
    static final String STAGE_SCOPE = "Scope";
    static final String STAGE_RANKING = "Ranking";

    static final String RESULT_SELECTED = "Selected";
    static final String RESULT_ELIGIBLE = "Eligible";
    static final String RESULT_REJECTED = "Rejected";

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

    /** Report order: namespaced templates first, then by name. */
    private static final Comparator<Evaluation> REPORT_ORDER =
            Comparator.comparing((Evaluation e) -> e.candidate.cluster())
                    .thenComparing(e -> e.candidate.name());

    /**
     * Chooses the template for one service.
     *
     * @param request the candidates and the service's wishes
     * @param gpus    the cluster's GPUs; {@code null} counts as a cluster without GPUs
     * @return the outcome, the chosen template if any, the status report and the chosen template's capacity
     */
    public Selection select(SelectionRequest request, GpuSnapshot gpus) {
        GpuSnapshot cluster = gpus == null ? GpuSnapshot.empty() : gpus;
        List<Evaluation> evaluations = new ArrayList<>();
        for (TemplateCandidate candidate : request.all()) {
            Evaluation evaluation = new Evaluation(candidate, cluster, request.replicas());
            filter(evaluation, request, cluster);
            evaluations.add(evaluation);
        }
        String model = modelName(request);
        if (evaluations.isEmpty()) {
            return finish(Outcome.NO_CANDIDATES, null, MESSAGE_NO_CANDIDATES, evaluations);
        }

        String defaultName = request.modelDefaultTemplate();
        String note = "";
        if (defaultName != null) {
            List<Evaluation> defaults = evaluations.stream()
                    .filter(e -> e.candidate.name().equals(defaultName)).toList();
            Optional<Evaluation> eligibleDefault = defaults.stream().filter(Evaluation::passed).findFirst();
            if (eligibleDefault.isPresent()) {
                return chooseModelDefault(eligibleDefault.get(), evaluations);
            }
            Optional<Evaluation> waiting = defaults.stream()
                    .filter(e -> STAGE_AVAILABILITY.equals(e.stage)).findFirst();
            if (waiting.isPresent()) {
                evaluations.stream().filter(Evaluation::passed).forEach(e -> e.mark(RESULT_ELIGIBLE, null,
                        REASON_AWAITING_MODEL_DEFAULT, "waiting for the model's default template " + defaultName));
                String message = "Waiting for the model's default template %s to become Ready (%s)"
                        .formatted(waiting.get().candidate.describe(), waiting.get().reason);
                return finish(Outcome.NONE_READY, null, message, evaluations);
            }
            note = defaults.isEmpty()
                    ? "Model default template \"%s\" not found. ".formatted(defaultName)
                    : "Model default template \"%s\" is not eligible (%s). ".formatted(defaultName,
                            defaults.get(0).reason);
        }

        List<Evaluation> passed = evaluations.stream().filter(Evaluation::passed).toList();
        if (passed.isEmpty()) {
            boolean noneReady = evaluations.stream().allMatch(e -> STAGE_AVAILABILITY.equals(e.stage));
            return noneReady
                    ? finish(Outcome.NONE_READY, null, note + MESSAGE_NOT_READY, evaluations)
                    : finish(Outcome.NONE_ELIGIBLE, null, note + noneEligibleMessage(model, evaluations),
                            evaluations);
        }

        List<Evaluation> ranked = preferNamespaced(passed);
        return rank(ranked, model, note, evaluations);
    }

    // ---- stages 1-4 ----------------------------------------------------------------------------------------

    private static void filter(Evaluation e, SelectionRequest request, GpuSnapshot gpus) {
        TemplateCandidate c = e.candidate;
        if (!AIMStatus.Ready.name().equals(c.statusValue())) {
            String status = c.statusValue();
            e.reject(STAGE_AVAILABILITY, availabilityReason(status),
                    status.isEmpty() ? "template has no status yet" : "template status is " + status + ", not Ready");
            return;
        }
        if (!request.allowUnoptimized() && !AIMProfileType.optimized.name().equals(c.profileType())) {
            e.reject(STAGE_OPTIMIZATION, REASON_UNOPTIMIZED, "profile type is " + c.profileType()
                    + ", not optimized; set spec.template.allowUnoptimized to allow it");
            return;
        }
        List<String> mismatches = overrideMismatches(c, request.overrides());
        if (!mismatches.isEmpty()) {
            e.reject(STAGE_OVERRIDES, REASON_OVERRIDES, String.join("; ", mismatches));
            return;
        }
        String gpu = c.gpuModel();
        if (!gpu.isEmpty() && !gpus.models().contains(gpu)) {
            e.reject(STAGE_GPU, REASON_GPU_MISSING, "GPU model " + gpu + " is not present in the cluster");
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

    private static List<Evaluation> preferNamespaced(List<Evaluation> passed) {
        if (passed.stream().noneMatch(e -> !e.candidate.cluster())) {
            return passed;
        }
        List<Evaluation> kept = new ArrayList<>();
        for (Evaluation e : passed) {
            if (e.candidate.cluster()) {
                e.reject(STAGE_SCOPE, REASON_SCOPE, "a namespace template for the model is preferred");
            } else {
                kept.add(e);
            }
        }
        return kept;
    }

    private static Selection rank(List<Evaluation> ranked, String model, String note, List<Evaluation> all) {
        Score best = ranked.stream().map(e -> e.score).min(Comparator.naturalOrder()).orElseThrow();
        List<Evaluation> tied = ranked.stream().filter(e -> e.score.ties(best)).sorted(REPORT_ORDER).toList();
        for (Evaluation e : ranked) {
            if (!e.score.ties(best)) {
                e.mark(RESULT_ELIGIBLE, STAGE_RANKING, REASON_LOWER_RANK,
                        "ranks below the best score (" + best.render() + ")");
            }
        }
        if (tied.size() == 1) {
            Evaluation chosen = tied.get(0);
            chosen.mark(RESULT_SELECTED, null, REASON_BEST_MATCH, "best ranked of the eligible templates");
            return finish(Outcome.SELECTED, chosen, note + selectedMessage(chosen, ranked.size(), ""), all);
        }

        List<Evaluation> withCapacity = tied.stream().filter(e -> e.sufficient).toList();
        for (Evaluation e : tied) {
            if (!e.sufficient && !withCapacity.isEmpty()) {
                e.mark(RESULT_ELIGIBLE, STAGE_RANKING, REASON_NO_CAPACITY, "ties for the best score but needs "
                        + e.needed + " " + e.gpu + " GPU(s) and only " + e.free + " are free");
            }
        }
        if (withCapacity.size() == 1) {
            Evaluation chosen = withCapacity.get(0);
            chosen.mark(RESULT_SELECTED, null, REASON_BEST_MATCH,
                    "the only best-ranked template with enough free GPUs");
            return finish(Outcome.SELECTED, chosen, note + selectedMessage(chosen, ranked.size(),
                    "; of " + tied.size() + " equally ranked templates it is the only one with enough free GPUs"),
                    all);
        }

        List<Evaluation> ambiguous = withCapacity.isEmpty() ? tied : withCapacity;
        for (Evaluation e : ambiguous) {
            e.mark(RESULT_ELIGIBLE, STAGE_RANKING, REASON_TIED, "ties for the best score (" + best.render() + ")");
        }
        String names = ambiguous.stream().map(e -> e.candidate.name()).collect(Collectors.joining(", "));
        String message = "Multiple templates (%d) satisfy model \"%s\": %s. Set spec.template.name to choose one."
                .formatted(ambiguous.size(), model, names);
        return finish(Outcome.AMBIGUOUS, null, note + message, all);
    }

    private static Selection chooseModelDefault(Evaluation chosen, List<Evaluation> all) {
        for (Evaluation e : all) {
            if (e == chosen) {
                e.mark(RESULT_SELECTED, null, REASON_MODEL_DEFAULT, "the model's default template");
            } else if (e.passed()) {
                e.mark(RESULT_ELIGIBLE, STAGE_RANKING, REASON_MODEL_DEFAULT_PREFERRED,
                        "the model's default template " + chosen.candidate.name() + " is preferred");
            }
        }
        String message = "Using the model's default template: %s (%s)"
                .formatted(chosen.candidate.describe(), chosen.score.render());
        return finish(Outcome.MODEL_DEFAULT, chosen, message, all);
    }

    // ---- messages and report --------------------------------------------------------------------------------

    private static String selectedMessage(Evaluation chosen, int eligible, String detail) {
        return "Selected %s (%s) out of %d eligible template(s)%s"
                .formatted(chosen.candidate.describe(), chosen.score.render(), eligible, detail);
    }

    private static String noneEligibleMessage(String model, List<Evaluation> evaluations) {
        StringBuilder message = new StringBuilder("No available templates match requirements for model \"")
                .append(model).append("\":");
        long unoptimized = count(evaluations, STAGE_OPTIMIZATION);
        if (unoptimized > 0) {
            message.append(' ').append(unoptimized)
                    .append(" unoptimized template(s) filtered out. Set allowUnoptimized to use them.");
        }
        long overrides = count(evaluations, STAGE_OVERRIDES);
        if (overrides > 0) {
            message.append(' ').append(overrides).append(" template(s) do not match spec.overrides.");
        }
        long gpu = count(evaluations, STAGE_GPU);
        if (gpu > 0) {
            TreeSet<String> missing = evaluations.stream().filter(e -> STAGE_GPU.equals(e.stage))
                    .map(e -> e.gpu).collect(Collectors.toCollection(TreeSet::new));
            message.append(' ').append(gpu).append(" template(s) need a GPU model not in the cluster (")
                    .append(String.join(", ", missing)).append(").");
        }
        long notReady = count(evaluations, STAGE_AVAILABILITY);
        if (notReady > 0) {
            message.append(' ').append(notReady).append(" template(s) not ready yet.");
        }
        return message.toString();
    }

    private static long count(List<Evaluation> evaluations, String stage) {
        return evaluations.stream().filter(e -> stage.equals(e.stage)).count();
    }

    private static Selection finish(Outcome outcome, Evaluation chosen, String message, List<Evaluation> all) {
        AIMServiceStatus.TemplateSelection report = new AIMServiceStatus.TemplateSelection();
        report.outcome = outcome.value();
        report.message = message;
        report.candidates = all.stream().sorted(REPORT_ORDER).map(Evaluation::toStatus).toList();
        Capacity capacity = null;
        TemplateCandidate chosenCandidate = null;
        if (chosen != null) {
            chosenCandidate = chosen.candidate;
            report.selected = chosenCandidate.name();
            report.selectedScope = chosenCandidate.scope();
            if (!chosen.gpu.isEmpty()) {
                capacity = new Capacity(chosen.gpu, chosen.free, chosen.needed, chosen.sufficient);
            }
        }
        return new Selection(outcome, chosenCandidate, report, capacity);
    }

    /** The model the candidates belong to, for messages. */
    private static String modelName(SelectionRequest request) {
        return request.all().stream().map(TemplateCandidate::modelName).filter(n -> !n.isEmpty())
                .findFirst().orElse("");
    }

    private static String orUnset(String value) {
        return value.isEmpty() ? "unset" : value;
    }

    /** What selection found out about one candidate. */
    private static final class Evaluation {
        final TemplateCandidate candidate;
        final Score score;
        final String gpu;
        final long free;
        final long needed;
        final boolean sufficient;
        String result;
        String stage;
        String reason;
        String message;

        Evaluation(TemplateCandidate candidate, GpuSnapshot gpus, int replicas) {
            this.candidate = candidate;
            this.score = TemplateRanking.score(candidate);
            this.gpu = candidate.gpuModel();
            this.needed = (long) candidate.gpuCount() * replicas;
            this.free = gpu.isEmpty() ? 0 : gpus.model(gpu).map(GpuModelInventory::free).orElse(0L);
            this.sufficient = gpu.isEmpty() || free >= needed;
        }

        boolean passed() {
            return !RESULT_REJECTED.equals(result);
        }

        void reject(String stage, String reason, String message) {
            mark(RESULT_REJECTED, stage, reason, message);
        }

        void mark(String result, String stage, String reason, String message) {
            this.result = result;
            this.stage = stage;
            this.reason = reason;
            this.message = message;
        }

        AIMServiceStatus.SelectionCandidate toStatus() {
            AIMServiceStatus.SelectionCandidate status = new AIMServiceStatus.SelectionCandidate();
            status.name = candidate.name();
            status.scope = candidate.scope();
            status.result = result == null ? RESULT_ELIGIBLE : result;
            status.stage = stage;
            status.reason = reason;
            status.message = message;
            status.score = score.render();
            if (!gpu.isEmpty()) {
                status.gpu = gpu;
                status.freeGpus = free;
                status.neededGpus = needed;
            }
            return status;
        }
    }
}
