package dev.aimengine.operator.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough PromQL reading to find which metrics an expression uses: the metric names of its selectors and the label
 * names of their matchers. Function names, aggregation operators and keywords are not metrics; label lists after
 * {@code by}, {@code without}, {@code on}, {@code ignoring} and {@code group_*} are not either.
 */
final class PromQl {
    private static final Set<String> NOT_METRICS = Set.of(
            "sum", "min", "max", "avg", "count", "stddev", "stdvar", "topk", "bottomk", "quantile", "count_values",
            "group", "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool",
            "offset", "atan2", "inf", "nan");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern LABEL_LIST = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*\\]");
    private static final Pattern SELECTOR = Pattern.compile(
            "(?<![\\w:.$])([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(\\{[^}]*\\})?(\\s*\\()?");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)");

    private PromQl() {
    }

    /** Metric name → label names its matchers use, for every selector in {@code expr}. */
    static Map<String, Set<String>> selectors(String expr) {
        String e = LABEL_LIST.matcher(RANGE.matcher(expr).replaceAll("")).replaceAll("$1 ");
        // keep matchers' label names, drop their values (which may contain anything)
        e = STRING.matcher(e).replaceAll("\"\"");
        Map<String, Set<String>> out = new LinkedHashMap<>();
        Matcher m = SELECTOR.matcher(e);
        while (m.find()) {
            String name = m.group(1);
            boolean call = m.group(3) != null && m.group(2) == null;
            if (call || NOT_METRICS.contains(name)) {
                continue;
            }
            Set<String> labels = out.computeIfAbsent(name, k -> new LinkedHashSet<>());
            if (m.group(2) != null) {
                Matcher l = MATCHER.matcher(m.group(2));
                while (l.find()) {
                    labels.add(l.group(1));
                }
            }
        }
        return out;
    }

    /** Label names an expression groups or matches by: {@code by (...)}, {@code without (...)}, {@code on (...)} etc. */
    static Set<String> groupingLabels(String expr) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = LABEL_LIST.matcher(expr);
        while (m.find()) {
            String list = m.group().substring(m.group().indexOf('(') + 1, m.group().length() - 1);
            for (String label : list.split(",")) {
                if (!label.isBlank()) {
                    out.add(label.trim());
                }
            }
        }
        return out;
    }

    /** Every {@code expr} of the alerting and recording rules of a Prometheus rules file. */
    static List<String> ruleExpressions(JsonNode rulesFile) {
        List<String> out = new ArrayList<>();
        rulesFile.path("groups").forEach(g -> g.path("rules").forEach(r -> out.add(r.path("expr").asText())));
        return out;
    }

    /** Every query of a Grafana dashboard: panel targets (also inside rows) and query variables. */
    static List<String> dashboardExpressions(String json) {
        try {
            JsonNode dash = new ObjectMapper().readTree(json);
            List<String> out = new ArrayList<>();
            collectTargets(dash.path("panels"), out);
            dash.path("templating").path("list").forEach(v -> {
                if ("query".equals(v.path("type").asText())) {
                    JsonNode q = v.path("query");
                    out.add(q.isTextual() ? q.asText() : q.path("query").asText());
                }
            });
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collectTargets(JsonNode panels, List<String> out) {
        panels.forEach(p -> {
            p.path("targets").forEach(t -> out.add(t.path("expr").asText()));
            collectTargets(p.path("panels"), out);
        });
    }
}
