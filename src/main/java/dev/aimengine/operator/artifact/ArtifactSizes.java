package dev.aimengine.operator.artifact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.aimengine.operator.api.v1alpha1.AIMArtifact;
import dev.aimengine.operator.common.kube.Quantities;
import io.fabric8.kubernetes.api.model.Quantity;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Sizes of an artifact: the model size it expects, the PVC it needs and the human-readable
 * {@code status.displaySize}.
 */
public final class ArtifactSizes {

    /** One gibibyte, the granularity of artifact PVCs. */
    public static final long GIB = 1L << 30;

    /** Largest model size a check-size job may report: 2^50 bytes (1 PiB). */
    public static final long MAX_DISCOVERED_SIZE = 1L << 50;

    /** Largest size {@link #displaySize} formats: 7 EiB. */
    public static final long MAX_DISPLAY_SIZE = 7L << 60;

    private static final String[] UNITS = { "EiB", "PiB", "TiB", "GiB", "MiB", "KiB", "B" };
    private static final String[] QUANTITY_SUFFIXES = { "Ei", "Pi", "Ti", "Gi" };

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ArtifactSizes() {
    }

    /**
     * The model size in bytes the artifact works with: {@code spec.size} when it is greater than zero (a fractional
     * byte count is rounded up), else {@code status.discoveredSizeBytes}, else 0 (size unknown).
     */
    public static long effectiveSize(AIMArtifact artifact) {
        long specSize = specSizeBytes(artifact);
        if (specSize > 0) {
            return specSize;
        }
        Long discovered = artifact.getStatus() == null ? null : artifact.getStatus().discoveredSizeBytes;
        return discovered == null ? 0 : discovered;
    }

    /** Whether the size is known: a positive {@code spec.size} or a discovered size (the check-size job is done). */
    public static boolean isSizeKnown(AIMArtifact artifact) {
        return specSizeBytes(artifact) > 0
                || artifact.getStatus() != null && artifact.getStatus().discoveredSizeBytes != null;
    }

    /** {@code spec.size} in bytes (rounded up, capped at {@link Long#MAX_VALUE}); 0 when absent or unparsable. */
    static long specSizeBytes(AIMArtifact artifact) {
        Quantity size = artifact.getSpec() == null ? null : artifact.getSpec().size;
        BigDecimal bytes = bytesOf(size);
        if (bytes == null) {
            return 0;
        }
        BigDecimal whole = bytes.setScale(0, RoundingMode.CEILING);
        return whole.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 ? Long.MAX_VALUE : whole.longValue();
    }

    /**
     * The PVC size in bytes for a model of {@code sizeBytes}: the size times {@code 1 + headroomPercent/100}
     * (computed in double precision and truncated to whole bytes), rounded up to a whole GiB.
     * Example: 5 GiB with 10 % headroom → 6 GiB.
     */
    public static long pvcBytes(long sizeBytes, int headroomPercent) {
        double multiplier = 1.0 + headroomPercent / 100.0;
        long withHeadroom = (long) (sizeBytes * multiplier);
        return -Math.floorDiv(-withHeadroom, GIB) * GIB;
    }

    /**
     * {@link #pvcBytes} as a binary-SI quantity in canonical form: the largest of {@code Gi}, {@code Ti},
     * {@code Pi}, {@code Ei} that divides it exactly ({@code 6Gi}, {@code 1000Gi}, {@code 1Ti}); {@code 0} for zero.
     */
    public static Quantity pvcQuantity(long sizeBytes, int headroomPercent) {
        return binaryQuantity(pvcBytes(sizeBytes, headroomPercent));
    }

    /** A whole number of GiB as a canonical binary-SI quantity (see {@link #pvcQuantity}). */
    static Quantity binaryQuantity(long bytes) {
        if (bytes == 0) {
            return new Quantity("0");
        }
        for (int i = 0; i < QUANTITY_SUFFIXES.length; i++) {
            long unit = 1L << (10 * (QUANTITY_SUFFIXES.length - i + 2));
            if (bytes % unit == 0) {
                return new Quantity(Long.toString(bytes / unit), QUANTITY_SUFFIXES[i]);
            }
        }
        return new Quantity(Long.toString(bytes));
    }

    /**
     * Human-readable size with about two significant figures, in the largest binary unit (B, KiB … EiB) that is
     * not larger than the value:
     * <ul>
     * <li>0 → {@code "0 B"};</li>
     * <li>a value of 100 units or more is rounded to a whole number ({@code "150 GiB"}, {@code "1023 MiB"});</li>
     * <li>below 100 units it is rounded to one decimal, and the decimal is dropped when it is zero
     * ({@code "42 GiB"}, {@code "1.5 TiB"}, {@code "9.8 GiB"}). Rounding is half away from zero and may reach the
     * next magnitude without changing the unit ({@code "10 GiB"}, {@code "100 GiB"}).</li>
     * </ul>
     *
     * @throws IllegalArgumentException when negative or larger than {@link #MAX_DISPLAY_SIZE}
     */
    public static String displaySize(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("byte size cannot be negative: " + bytes);
        }
        if (bytes > MAX_DISPLAY_SIZE) {
            throw new IllegalArgumentException("byte size exceeds the maximum supported value (7 EiB): " + bytes);
        }
        if (bytes == 0) {
            return "0 B";
        }
        for (int i = 0; i < UNITS.length; i++) {
            long unit = 1L << (10 * (UNITS.length - 1 - i));
            if (bytes >= unit) {
                return twoSignificantFigures((double) bytes / unit, UNITS[i]);
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /**
     * The {@code status.displaySize} to write, if any: the formatted {@code spec.size} when it is not zero (its
     * canonical quantity text when it cannot be formatted), else the formatted {@code status.discoveredSizeBytes}
     * when that can be formatted; empty means "leave the field as it is". Set {@code discoveredSizeBytes} first.
     */
    public static Optional<String> displaySizeOf(AIMArtifact artifact) {
        Quantity size = artifact.getSpec() == null ? null : artifact.getSpec().size;
        BigDecimal specBytes = bytesOf(size);
        if (specBytes != null && specBytes.signum() != 0) {
            try {
                return Optional.of(displaySize(specBytes.longValueExact()));
            } catch (ArithmeticException | IllegalArgumentException e) {
                return Optional.of(Quantities.canonical(Quantities.text(size)));
            }
        }
        Long discovered = artifact.getStatus() == null ? null : artifact.getStatus().discoveredSizeBytes;
        if (discovered != null && discovered >= 0 && discovered <= MAX_DISPLAY_SIZE) {
            return Optional.of(displaySize(discovered));
        }
        return Optional.empty();
    }

    /**
     * The model size reported by a check-size job in the last line of its log: a JSON object
     * {@code {"url": "...", "sizeBytes": N}} with N an integer in 1..2^50. Surrounding whitespace is ignored;
     * member names match case-insensitively (the last non-null one wins; {@code null} counts as absent), other
     * members are ignored; {@code url}, when present, must be a string.
     *
     * @return empty when the line is blank, not such an object, or N is out of range
     */
    public static OptionalLong parseCheckSizeOutput(String lastLogLine) {
        CheckSizeOutput out = readCheckSizeOutput(lastLogLine);
        return out.problem() == null ? OptionalLong.of(out.sizeBytes()) : OptionalLong.empty();
    }

    /**
     * Why a check-size log line is not a valid size (the message of the {@code CheckSizeOutput} component,
     * reason {@code InvalidSizeOutput}); empty when {@link #parseCheckSizeOutput} accepts it.
     */
    public static Optional<String> checkSizeOutputProblem(String lastLogLine) {
        return Optional.ofNullable(readCheckSizeOutput(lastLogLine).problem());
    }

    /** A size, or the reason there is none. */
    private record CheckSizeOutput(long sizeBytes, String problem) {
        static CheckSizeOutput invalid(String problem) {
            return new CheckSizeOutput(0, problem);
        }
    }

    private static CheckSizeOutput readCheckSizeOutput(String lastLogLine) {
        String line = lastLogLine == null ? "" : lastLogLine.strip();
        if (line.isEmpty()) {
            return CheckSizeOutput.invalid("no output from check-size job");
        }
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            return CheckSizeOutput.invalid("failed to parse check-size output: " + e.getOriginalMessage());
        }
        if (node == null || node.isNull()) {
            return CheckSizeOutput.invalid("invalid size: 0 bytes");
        }
        if (!node.isObject()) {
            return CheckSizeOutput.invalid("failed to parse check-size output: not a JSON object");
        }
        JsonNode url = member(node, "url");
        if (url != null && !url.isTextual()) {
            return CheckSizeOutput.invalid("failed to parse check-size output: url is not a string");
        }
        JsonNode size = member(node, "sizeBytes");
        if (size != null && !(size.isIntegralNumber() && size.canConvertToLong())) {
            return CheckSizeOutput.invalid("failed to parse check-size output: sizeBytes is not a 64-bit integer");
        }
        long bytes = size == null ? 0 : size.longValue();
        if (bytes <= 0 || bytes > MAX_DISCOVERED_SIZE) {
            return CheckSizeOutput.invalid("invalid size: " + bytes + " bytes");
        }
        return new CheckSizeOutput(bytes, null);
    }

    /** The last non-null member whose name equals {@code name} ignoring case. */
    private static JsonNode member(JsonNode object, String name) {
        JsonNode found = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equalsIgnoreCase(name) && !field.getValue().isNull()) {
                found = field.getValue();
            }
        }
        return found;
    }

    private static BigDecimal bytesOf(Quantity size) {
        if (size == null || size.getAmount() == null || size.getAmount().isEmpty()) {
            return null;
        }
        try {
            return size.getNumericalAmount();
        } catch (ArithmeticException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String twoSignificantFigures(double value, String unit) {
        if (value >= 100) {
            return String.format(Locale.ROOT, "%d %s", (long) roundHalfAwayFromZero(value), unit);
        }
        double rounded = roundHalfAwayFromZero(value * 10) / 10;
        if (rounded == Math.floor(rounded)) {
            return String.format(Locale.ROOT, "%d %s", (long) rounded, unit);
        }
        return String.format(Locale.ROOT, "%.1f %s", rounded, unit);
    }

    /** Rounds a non-negative value to the nearest integer, halves up. */
    private static double roundHalfAwayFromZero(double value) {
        double floor = Math.floor(value);
        return value - floor >= 0.5 ? floor + 1 : floor;
    }
}
