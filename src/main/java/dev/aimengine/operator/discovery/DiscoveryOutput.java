package dev.aimengine.operator.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aimengine.operator.api.v1alpha1.AIMModelSource;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplateStatus;
import io.fabric8.kubernetes.api.model.Quantity;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what an AIM image prints for {@code dry-run --format=json}: a JSON array whose first element describes the
 * chosen profile and the model weights,
 * <pre>{@code [{"filename": ..., "profile": {"model": ..., "metadata": {"engine", "gpu", "precision", "gpu_count",
 *   "metric", "type"}, "engine_args": {...}, "env_vars": {...}}, "models": [{"name", "source", "size_gb"}]}]}</pre>
 * The whole log is tried first; when other lines surround the JSON, the last {@code [...]} that parses as a
 * non-empty array is taken. Sizes in GiB become binary quantities ({@code 0.5} → {@code 512Mi}).
 *
 * <p>Unlike AIM Engine, output without a usable model source is an error the template reports, instead of a Ready
 * template nobody can cache or serve.
 */
public final class DiscoveryOutput {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BigDecimal GIB = BigDecimal.valueOf(1L << 30);

    /** The profile and the sources, or what was wrong with the output ({@code problem} non-null). */
    public record Result(AIMServiceTemplateStatus.Profile profile, List<AIMModelSource> modelSources, String problem) {
        static Result failed(String problem) {
            return new Result(null, List.of(), problem);
        }

        public boolean ok() {
            return problem == null;
        }
    }

    public static Result parse(String log) {
        if (log == null || log.isBlank()) {
            return Result.failed("the discovery container printed nothing");
        }
        JsonNode array = parseArray(log.trim());
        if (array == null) {
            array = lastArray(log);
        }
        if (array == null || array.isEmpty()) {
            return Result.failed("no JSON array in the discovery output: " + excerpt(log));
        }
        JsonNode first = array.get(0);
        if (!first.isObject()) {
            return Result.failed("the discovery output's first element is not an object");
        }
        List<AIMModelSource> sources = new ArrayList<>();
        JsonNode models = first.path("models");
        for (JsonNode m : models) {
            String name = text(m, "name");
            String source = text(m, "source");
            if (name == null || source == null) {
                return Result.failed("a model in the discovery output lacks \"name\" or \"source\": " + m);
            }
            AIMModelSource s = new AIMModelSource(name, source, size(m.path("size_gb")));
            sources.add(s);
        }
        if (sources.isEmpty()) {
            return Result.failed("the discovery output names no model sources (\"models\" is empty or missing)");
        }
        return new Result(profile(first.path("profile")), sources, null);
    }

    private static AIMServiceTemplateStatus.Profile profile(JsonNode p) {
        AIMServiceTemplateStatus.Profile profile = new AIMServiceTemplateStatus.Profile();
        JsonNode meta = p.path("metadata");
        AIMServiceTemplateStatus.ProfileMetadata m = new AIMServiceTemplateStatus.ProfileMetadata();
        m.engine = text(meta, "engine");
        m.gpu = text(meta, "gpu");
        m.gpuCount = meta.path("gpu_count").canConvertToInt() ? meta.path("gpu_count").asInt() : null;
        m.metric = text(meta, "metric");
        m.precision = text(meta, "precision");
        m.type = text(meta, "type");
        profile.metadata = m;
        profile.engineArgs = p.path("engine_args").isObject() ? p.path("engine_args") : null;
        if (p.path("env_vars").isObject()) {
            Map<String, String> env = new LinkedHashMap<>();
            p.path("env_vars").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().isTextual()
                    ? e.getValue().asText() : e.getValue().toString()));
            profile.envVars = env;
        }
        return profile;
    }

    /** {@code size_gb × 1024³} bytes in binary SI form; none when absent or not a positive number. */
    static Quantity size(JsonNode gb) {
        if (!gb.isNumber() && !(gb.isTextual() && gb.asText().matches("[0-9.]+"))) {
            return null;
        }
        BigDecimal bytes = new BigDecimal(gb.asText()).multiply(GIB).setScale(0, RoundingMode.CEILING);
        if (bytes.signum() <= 0) {
            return null;
        }
        long b = bytes.longValueExact();
        String[] suffixes = { "Ki", "Mi", "Gi", "Ti", "Pi", "Ei" };
        int i = -1;
        while (i + 1 < suffixes.length && b % 1024 == 0 && b >= 1024) {
            b /= 1024;
            i++;
        }
        return new Quantity(i < 0 ? String.valueOf(b) : b + suffixes[i]);
    }

    private static JsonNode parseArray(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return node != null && node.isArray() ? node : null;
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * The last {@code [...]} of the text that parses as a non-empty array; for the same end the widest one, so the
     * whole output is taken rather than an array inside it.
     */
    private static JsonNode lastArray(String log) {
        for (int end = log.lastIndexOf(']'); end >= 0; end = log.lastIndexOf(']', end - 1)) {
            for (int start = log.indexOf('['); start >= 0 && start < end; start = log.indexOf('[', start + 1)) {
                JsonNode node = parseArray(log.substring(start, end + 1));
                if (node != null && !node.isEmpty()) {
                    return node;
                }
            }
        }
        return null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }

    private static String excerpt(String log) {
        String oneLine = log.strip().replace('\n', ' ');
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
    }

    private DiscoveryOutput() {
    }
}
