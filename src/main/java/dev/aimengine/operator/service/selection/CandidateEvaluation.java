package dev.aimengine.operator.service.selection;

import dev.aimengine.operator.api.v1alpha1.AIMServiceStatus;
import dev.aimengine.operator.gpu.GpuModelInventory;
import dev.aimengine.operator.gpu.GpuSnapshot;
import dev.aimengine.operator.service.selection.TemplateRanking.Score;

/** What selection found out about one candidate: its score, its GPU capacity, and the verdict with its reason. */
final class CandidateEvaluation {

    /** The selection stage that decided about a candidate, as written to {@code status.templateSelection}. */
    enum Stage { Availability, Optimization, Overrides, GPU, Scope, Ranking }

    /** What became of a candidate. */
    enum Verdict { Selected, Eligible, Rejected }

    final TemplateCandidate candidate;
    final Score score;
    final String gpu;
    final long free;
    final long needed;
    final boolean sufficient;
    Verdict result;
    Stage stage;
    String reason;
    String message;

    CandidateEvaluation(TemplateCandidate candidate, GpuSnapshot gpus, int replicas) {
        this.candidate = candidate;
        this.score = TemplateRanking.score(candidate);
        this.gpu = candidate.gpuModel();
        this.needed = (long) candidate.gpuCount() * replicas;
        this.free = gpu.isEmpty() ? 0 : gpus.model(gpu).map(GpuModelInventory::free).orElse(0L);
        this.sufficient = gpu.isEmpty() || free >= needed;
    }

    boolean passed() {
        return result != Verdict.Rejected;
    }

    void reject(Stage stage, String reason, String message) {
        mark(Verdict.Rejected, stage, reason, message);
    }

    void mark(Verdict result, Stage stage, String reason, String message) {
        this.result = result;
        this.stage = stage;
        this.reason = reason;
        this.message = message;
    }

    AIMServiceStatus.SelectionCandidate toStatus() {
        AIMServiceStatus.SelectionCandidate status = new AIMServiceStatus.SelectionCandidate();
        status.name = candidate.name();
        status.scope = candidate.scope();
        status.result = (result == null ? Verdict.Eligible : result).name();
        status.stage = stage == null ? null : stage.name();
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
