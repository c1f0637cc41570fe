package dev.aimengine.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The {@code x-kubernetes-validations} rules of the committed CRDs, compiled and evaluated with cel-java the way
 * the API server does: {@code self} (and {@code oldSelf} for transition rules) bound to the field's value.
 */
public final class CrdRules {
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("self", SimpleType.DYN)
            .addVar("oldSelf", SimpleType.DYN)
            .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

    /** One rule at one place of one CRD. */
    public record Rule(String crd, String path, String expression, String message) {
        public boolean isTransition() {
            return expression.contains("oldSelf");
        }

        @Override
        public String toString() {
            return crd + " " + path + ": " + message;
        }
    }

    public static List<Rule> fromCommittedCrds() {
        List<Rule> rules = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("deploy/crds"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".aim.eai.amd.com.yaml")).sorted().toList()) {
                JsonNode crd = YAML.readTree(f.toFile());
                String name = crd.path("metadata").path("name").asText();
                for (JsonNode v : crd.path("spec").path("versions")) {
                    collect(name, "", v.path("schema").path("openAPIV3Schema"), rules);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rules;
    }

    private static void collect(String crd, String path, JsonNode schema, List<Rule> out) {
        for (JsonNode v : schema.path("x-kubernetes-validations")) {
            out.add(new Rule(crd, path.isEmpty() ? "." : path, v.path("rule").asText(), v.path("message").asText()));
        }
        schema.path("properties").fields().forEachRemaining(e -> collect(crd, path + "." + e.getKey(), e.getValue(), out));
        if (schema.has("items")) {
            collect(crd, path + "[]", schema.get("items"), out);
        }
        if (schema.path("additionalProperties").isObject()) {
            collect(crd, path + "{}", schema.get("additionalProperties"), out);
        }
    }

    public static CelAbstractSyntaxTree compile(String expression) throws CelValidationException {
        return COMPILER.compile(expression).getAst();
    }

    /** Evaluates a rule on values written as YAML flow text (e.g. {@code "{name: a, image: b}"}). */
    public static boolean holds(String expression, String selfYaml, String oldSelfYaml) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("self", parse(selfYaml));
        if (oldSelfYaml != null) {
            vars.put("oldSelf", parse(oldSelfYaml));
        }
        try {
            Object result = RUNTIME.createProgram(compile(expression)).eval(vars);
            return Boolean.TRUE.equals(result);
        } catch (CelValidationException | CelEvaluationException e) {
            throw new IllegalStateException("cannot evaluate " + expression + ": " + e.getMessage(), e);
        }
    }

    private static Object parse(String yaml) {
        try {
            return toCel(YAML.readValue(yaml, Object.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** CEL integers are 64-bit; Jackson hands out Integer. */
    private static Object toCel(Object value) {
        if (value instanceof Integer i) {
            return i.longValue();
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), toCel(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            return l.stream().map(CrdRules::toCel).toList();
        }
        return value;
    }

    private CrdRules() {
    }
}
