package dev.aimengine.operator.service.selection;

import dev.aimengine.operator.api.v1alpha1.AIMServiceStatus;
import dev.aimengine.operator.service.selection.CandidateEvaluation.Stage;
import dev.aimengine.operator.service.selection.Selection.Capacity;
import dev.aimengine.operator.service.selection.Selection.Outcome;

import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What selection tells the user: the messages of each outcome and the {@code status.templateSelection} report (every
 * candidate with its verdict, namespaced templates first, then by name, so a repeated reconcile writes the same
 * status).
 */
final class SelectionReport {

    /** Report order: namespaced templates first, then by name. */
    static final Comparator<CandidateEvaluation> ORDER =
            Comparator.comparing((CandidateEvaluation e) -> e.candidate.cluster())
                    .thenComparing(e -> e.candidate.name());


    static String selectedMessage(CandidateEvaluation chosen, int eligible, String detail) {
        return "Selected %s (%s) out of %d eligible template(s)%s"
                .formatted(chosen.candidate.describe(), chosen.score.render(), eligible, detail);
    }

    static String noneEligibleMessage(String model, List<CandidateEvaluation> evaluations) {
        StringBuilder message = new StringBuilder("No available templates match requirements for model \"")
                .append(model).append("\":");
        long unoptimized = count(evaluations, Stage.Optimization);
        if (unoptimized > 0) {
            message.append(' ').append(unoptimized)
                    .append(" unoptimized template(s) filtered out. Set allowUnoptimized to use them.");
        }
        long overrides = count(evaluations, Stage.Overrides);
        if (overrides > 0) {
            message.append(' ').append(overrides).append(" template(s) do not match spec.overrides.");
        }
        long gpu = count(evaluations, Stage.GPU);
        if (gpu > 0) {
            TreeSet<String> missing = evaluations.stream().filter(e -> e.stage == Stage.GPU)
                    .map(e -> e.gpu).collect(Collectors.toCollection(TreeSet::new));
            message.append(' ').append(gpu).append(" template(s) need a GPU model not in the cluster (")
                    .append(String.join(", ", missing)).append(").");
        }
        long notReady = count(evaluations, Stage.Availability);
        if (notReady > 0) {
            message.append(' ').append(notReady).append(" template(s) not ready yet.");
        }
        return message.toString();
    }

    static long count(List<CandidateEvaluation> evaluations, Stage stage) {
        return evaluations.stream().filter(e -> e.stage == stage).count();
    }

    static Selection finish(Outcome outcome, CandidateEvaluation chosen, String message, List<CandidateEvaluation> all) {
        AIMServiceStatus.TemplateSelection report = new AIMServiceStatus.TemplateSelection();
        report.outcome = outcome.value();
        report.message = message;
        report.candidates = all.stream().sorted(ORDER).map(CandidateEvaluation::toStatus).toList();
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

    private SelectionReport() {
    }
}
