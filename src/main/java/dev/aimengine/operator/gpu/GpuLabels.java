package dev.aimengine.operator.gpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reading AMD GPU facts from Node labels: which GPU model a node carries, how the model name is
 * normalised, how much VRAM one GPU of that model has, and which PCI device IDs belong to a model.
 *
 * <p>Everything here is a pure function of its arguments and two fixed tables (device ID → model, model → VRAM).
 */
public final class GpuLabels {

    /** Extended resource through which AMD GPUs are requested and advertised. */
    public static final String RESOURCE_NAME = "amd.com/gpu";

    /** PCI device ID of the node's GPUs, e.g. {@code 74a1}; also the key used for node affinity. */
    public static final String DEVICE_ID = "amd.com/gpu.device-id";
    public static final String DEVICE_ID_BETA = "beta.amd.com/gpu.device-id";
    /** GPU family (or model-like name) of the node's GPUs. */
    public static final String FAMILY = "amd.com/gpu.family";
    public static final String FAMILY_BETA = "beta.amd.com/gpu.family";
    /** VRAM of one GPU, e.g. {@code 192G}. */
    public static final String VRAM = "amd.com/gpu.vram";
    public static final String VRAM_BETA = "beta.amd.com/gpu.vram";

    /** Prefix for unknown device IDs: the model becomes {@code AMD-<ID in upper case>}. */
    public static final String UNKNOWN_MODEL_PREFIX = "AMD-";

    private static final long GIB = 1024L * 1024L * 1024L;
    private static final long TIB = GIB * 1024L;

    /** PCI device ID (lower-case hex, no {@code 0x}) → commercial model name. */
    private static final Map<String, String> DEVICE_MODELS = Map.ofEntries(
            // Instinct accelerators
            Map.entry("738c", "MI100"), Map.entry("738e", "MI100"),
            Map.entry("7408", "MI250X"), Map.entry("740c", "MI250X"),
            Map.entry("740f", "MI210"), Map.entry("7410", "MI210"),
            Map.entry("74a0", "MI300A"),
            Map.entry("74a1", "MI300X"), Map.entry("74a9", "MI300X"),
            Map.entry("74b5", "MI300X"), Map.entry("74bd", "MI300X"),
            Map.entry("74a2", "MI308X"), Map.entry("74a8", "MI308X"), Map.entry("74b6", "MI308X"),
            Map.entry("74a5", "MI325X"), Map.entry("74b9", "MI325X"),
            Map.entry("75a0", "MI350X"), Map.entry("75b0", "MI350X"),
            Map.entry("75a3", "MI355X"), Map.entry("75b3", "MI355X"),
            // Radeon Pro
            Map.entry("7460", "V710"), Map.entry("7461", "V710"),
            Map.entry("7448", "W7900"), Map.entry("744a", "W7900"),
            Map.entry("7449", "W7800"), Map.entry("745e", "W7800"),
            Map.entry("73a2", "W6900X"),
            Map.entry("73a3", "W6800"),
            Map.entry("73ab", "W6800X"),
            Map.entry("73a1", "V620"), Map.entry("73ae", "V620"),
            // Radeon
            Map.entry("7550", "RX9070"),
            Map.entry("744c", "RX7900"),
            Map.entry("73af", "RX6900"),
            Map.entry("73bf", "RX6800"));

    /** Per-GPU VRAM used when a node has no VRAM label, in the labels' own notation. */
    private static final Map<String, String> MODEL_VRAM = Map.ofEntries(
            Map.entry("MI355X", "288G"), Map.entry("MI350X", "288G"), Map.entry("MI325X", "256G"),
            Map.entry("MI308X", "128G"), Map.entry("MI300X", "192G"), Map.entry("MI300A", "128G"),
            Map.entry("MI250X", "128G"), Map.entry("MI210", "64G"), Map.entry("MI100", "32G"),
            Map.entry("V710", "32G"), Map.entry("W7900", "48G"), Map.entry("W7800", "32G"),
            Map.entry("W6900X", "32G"), Map.entry("W6800", "32G"), Map.entry("W6800X", "32G"),
            Map.entry("V620", "32G"),
            Map.entry("RX9070", "16G"), Map.entry("RX7900", "24G"), Map.entry("RX6900", "16G"),
            Map.entry("RX6800", "16G"));

    /** A token that looks like a GPU model: optional vendor series, letters, at least one digit, then alphanumerics. */
    private static final Pattern MODEL_TOKEN =
            Pattern.compile("^(MI|ME|RX|RTX|GTX|A|H|L|T|V|K|P|QUADRO|TESLA|GRID)?[A-Z]*[0-9]+[A-Z0-9]*$");

    private GpuLabels() {
    }

    /**
     * The GPU model a node carries, judged from its labels, first match wins:
     * <ol>
     *   <li>{@value #DEVICE_ID}, else {@value #DEVICE_ID_BETA} (trimmed, non-blank) mapped by {@link #modelForDeviceId};</li>
     *   <li>a count-encoded key {@code amd.com/gpu.device-id.<id>} (then the beta variant) whose trimmed value is
     *       neither empty nor {@code 0}, its {@code <id>} mapped the same way;</li>
     *   <li>{@value #FAMILY}, else {@value #FAMILY_BETA}, normalised;</li>
     *   <li>a count-encoded key {@code amd.com/gpu.family.<f>} (then the beta variant), {@code <f>} normalised.</li>
     * </ol>
     * Count-encoded keys are examined in ascending key order so the answer does not depend on map iteration.
     *
     * @return the model, or empty when none of these labels is present (GPU capacity alone does not count)
     */
    public static Optional<String> modelOf(Map<String, String> nodeLabels) {
        if (nodeLabels == null || nodeLabels.isEmpty()) {
            return Optional.empty();
        }
        String deviceId = firstValue(nodeLabels, DEVICE_ID, DEVICE_ID_BETA);
        if (deviceId != null) {
            return Optional.of(modelForDeviceId(deviceId));
        }
        String encodedId = countEncodedSuffix(nodeLabels, DEVICE_ID + ".", DEVICE_ID_BETA + ".");
        if (encodedId != null) {
            return Optional.of(modelForDeviceId(encodedId));
        }
        String family = firstValue(nodeLabels, FAMILY, FAMILY_BETA);
        if (family != null) {
            return Optional.of(normalizeModel(family));
        }
        String encodedFamily = countEncodedSuffix(nodeLabels, FAMILY + ".", FAMILY_BETA + ".");
        if (encodedFamily != null) {
            return Optional.of(normalizeModel(encodedFamily));
        }
        return Optional.empty();
    }

    /**
     * Maps a PCI device ID to its model: lower-cased, a leading {@code 0x} removed, then looked up in the device
     * table; an unknown ID yields {@code AMD-<ID in upper case>}.
     */
    public static String modelForDeviceId(String deviceId) {
        String id = deviceId.toLowerCase(Locale.ROOT);
        if (id.startsWith("0x")) {
            id = id.substring(2);
        }
        String model = DEVICE_MODELS.get(id);
        return model != null ? model : UNKNOWN_MODEL_PREFIX + id.toUpperCase(Locale.ROOT);
    }

    /**
     * Normalises a GPU model name: trim, {@code _} → {@code -}, upper-case, split on {@code -}, space, {@code /}
     * and {@code :}; the result is the first token other than {@code AMD}/{@code INSTINCT} that looks like a model
     * name (a leading {@code INSTINCT} glued to it is dropped), else the first token, else the upper-cased input.
     * Examples: {@code "Instinct-MI325X"} → {@code MI325X}, {@code "MI300X (rev 2)"} → {@code MI300X},
     * {@code "mi300x"} → {@code MI300X}.
     *
     * @return the normalised model; {@code ""} for null or blank input
     */
    public static String normalizeModel(String raw) {
        if (raw == null) {
            return "";
        }
        String model = raw.strip();
        if (model.isEmpty()) {
            return "";
        }
        model = model.replace('_', '-').toUpperCase(Locale.ROOT);
        List<String> tokens = tokens(model);
        for (String token : tokens) {
            if (token.equals("AMD") || token.equals("INSTINCT")) {
                continue;
            }
            if (MODEL_TOKEN.matcher(token).matches()) {
                return token.startsWith("INSTINCT") ? token.substring("INSTINCT".length()) : token;
            }
        }
        return tokens.isEmpty() ? model : tokens.get(0);
    }

    /**
     * Parses a VRAM label value: trimmed and upper-cased; suffix {@code G} means GiB, {@code T} TiB, no suffix
     * plain bytes. The number must be plain decimal digits.
     *
     * @return the size in bytes; 0 for null, empty, malformed or overflowing values
     */
    public static long parseVram(String vram) {
        if (vram == null) {
            return 0;
        }
        String text = vram.strip().toUpperCase(Locale.ROOT);
        long multiplier = 1;
        if (text.endsWith("G")) {
            multiplier = GIB;
            text = text.substring(0, text.length() - 1);
        } else if (text.endsWith("T")) {
            multiplier = TIB;
            text = text.substring(0, text.length() - 1);
        }
        long value = 0;
        try {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    return 0;
                }
                value = Math.addExact(Math.multiplyExact(value, 10L), c - '0');
            }
            return Math.multiplyExact(value, multiplier);
        } catch (ArithmeticException overflow) {
            return 0;
        }
    }

    /**
     * The VRAM text of one GPU of {@code model} on a node: label {@value #VRAM} if non-empty, else
     * {@value #VRAM_BETA} if non-empty, else the static table entry of the normalised model.
     *
     * @return the text as found (e.g. {@code 192G}), or empty when unknown
     */
    public static Optional<String> vramOf(Map<String, String> nodeLabels, String model) {
        if (nodeLabels != null) {
            for (String key : List.of(VRAM, VRAM_BETA)) {
                String value = nodeLabels.get(key);
                if (value != null && !value.isEmpty()) {
                    return Optional.of(value);
                }
            }
        }
        return Optional.ofNullable(MODEL_VRAM.get(normalizeModel(model)));
    }

    /**
     * VRAM of one GPU of {@code model} on a node in bytes, from the same sources as {@link #vramOf}; a label that
     * cannot be parsed counts as 0 bytes.
     *
     * @return the size in bytes, or empty when neither a label nor the table knows it
     */
    public static Optional<Long> vramBytes(Map<String, String> nodeLabels, String model) {
        return vramOf(nodeLabels, model).map(GpuLabels::parseVram);
    }

    /**
     * All PCI device IDs of the table that belong to the (normalised) model, sorted ascending; empty for unknown
     * models (including {@code AMD-<ID>} placeholders).
     */
    public static List<String> deviceIdsFor(String model) {
        String normalized = normalizeModel(model);
        TreeSet<String> ids = new TreeSet<>();
        DEVICE_MODELS.forEach((id, known) -> {
            if (known.equals(normalized)) {
                ids.add(id);
            }
        });
        return List.copyOf(ids);
    }

    /** Every device ID of the table with its model, for inspection. */
    public static Map<String, String> knownDevices() {
        return DEVICE_MODELS;
    }

    /** The static per-model VRAM table, for inspection. */
    public static Map<String, String> knownVram() {
        return MODEL_VRAM;
    }

    private static String firstValue(Map<String, String> labels, String... keys) {
        for (String key : keys) {
            String value = labels.get(key);
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }

    private static String countEncodedSuffix(Map<String, String> labels, String... prefixes) {
        TreeSet<String> keys = new TreeSet<>(labels.keySet());
        for (String prefix : prefixes) {
            for (String key : keys) {
                if (!key.startsWith(prefix) || key.length() == prefix.length()) {
                    continue;
                }
                String count = labels.get(key);
                count = count == null ? "" : count.strip();
                if (!count.isEmpty() && !count.equals("0")) {
                    return key.substring(prefix.length());
                }
            }
        }
        return null;
    }

    private static List<String> tokens(String model) {
        List<String> tokens = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < model.length(); i++) {
            char c = model.charAt(i);
            if (c == '-' || c == ' ' || c == '/' || c == ':') {
                if (current.length() > 0) {
                    tokens.add(current.toString());
                    current.setLength(0);
                }
            } else {
                current.append(c);
            }
        }
        if (current.length() > 0) {
            tokens.add(current.toString());
        }
        return tokens;
    }
}
