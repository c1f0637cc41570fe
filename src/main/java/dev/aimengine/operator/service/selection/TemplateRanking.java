package dev.aimengine.operator.service.selection;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The preference order of template auto-selection. A template's {@link Score} is compared
 * key by key, lower first:
 * <ol>
 *   <li>profile type: {@code optimized < preview < unoptimized};</li>
 *   <li>GPU model: {@code MI355X < MI350X < MI325X < MI308X < MI300X < MI300A < MI250X < MI210 < MI100}
 *       (newest first; the original only knew MI325X, MI300X, MI250X and MI210);</li>
 *   <li>metric: {@code latency < throughput};</li>
 *   <li>precision: {@code fp4 < int4 < fp8 < int8 < fp16 < bf16 < fp32}.</li>
 * </ol>
 * Values are compared case-insensitively. A value missing from a list (including an empty one) ranks after every
 * listed value, and all such values rank equally with each other, so they never decide a preference on their own.
 */
public final class TemplateRanking {

    static final List<String> PROFILE_TYPES = List.of("optimized", "preview", "unoptimized");
    static final List<String> GPU_MODELS =
            List.of("MI355X", "MI350X", "MI325X", "MI308X", "MI300X", "MI300A", "MI250X", "MI210", "MI100");
    static final List<String> METRICS = List.of("latency", "throughput");
    static final List<String> PRECISIONS = List.of("fp4", "int4", "fp8", "int8", "fp16", "bf16", "fp32");

    private TemplateRanking() {
    }

    /**
     * A candidate's position on each key (0 = most preferred) and the values it was computed from.
     * Equality and ordering use the positions only.
     */
    public record Score(int typeRank, int gpuRank, int metricRank, int precisionRank,
                        String type, String gpu, String metric, String precision) implements Comparable<Score> {

        private static final Comparator<Score> ORDER = Comparator.comparingInt(Score::typeRank)
                .thenComparingInt(Score::gpuRank)
                .thenComparingInt(Score::metricRank)
                .thenComparingInt(Score::precisionRank);

        @Override
        public int compareTo(Score other) {
            return ORDER.compare(this, other);
        }

        /** Whether both rank equally on every key. */
        public boolean ties(Score other) {
            return compareTo(other) == 0;
        }

        /** The values in key order, e.g. {@code optimized, MI300X, latency, fp8}; {@code -} for a missing value. */
        public String render() {
            return String.join(", ", dash(type), dash(gpu), dash(metric), dash(precision));
        }

        private static String dash(String value) {
            return value == null || value.isEmpty() ? "-" : value;
        }
    }

    /** The score of one candidate, from its profile type, GPU model, metric and precision. */
    public static Score score(TemplateCandidate candidate) {
        String type = candidate.profileType();
        String gpu = candidate.gpuModel();
        String metric = candidate.metric();
        String precision = candidate.precision();
        return new Score(rank(PROFILE_TYPES, type), rank(GPU_MODELS, gpu), rank(METRICS, metric),
                rank(PRECISIONS, precision), type, gpu, metric, precision);
    }

    /** Position of {@code value} in {@code order}, ignoring case; {@code order.size()} when not listed. */
    static int rank(List<String> order, String value) {
        String wanted = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        for (int i = 0; i < order.size(); i++) {
            if (order.get(i).toLowerCase(Locale.ROOT).equals(wanted)) {
                return i;
            }
        }
        return order.size();
    }
}
