package dev.aimengine.operator.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tier 1: the alerts in deploy/monitoring are valid Prometheus rules and behave as their unit tests say (promtool from
 * Debian's prometheus package, installed by hack/promtool.sh when missing); the PrometheusRule object carries exactly
 * the same rules; each alert has a test where it fires and one where it stays silent.
 */
class MonitoringRulesTest {

    private static String promtool;

    @BeforeAll
    static void installPromtool() throws Exception {
        Result r = run(List.of("bash", "hack/promtool.sh"));
        assertEquals(0, r.exit, "hack/promtool.sh failed:\n" + r.output);
        List<String> lines = r.output.lines().filter(l -> !l.isBlank()).toList();
        promtool = lines.get(lines.size() - 1).trim();
        assertTrue(Path.of(promtool).isAbsolute(), "hack/promtool.sh prints promtool's path last: " + r.output);
    }

    @Test
    void rulesPassPromtoolCheck() throws Exception {
        Result r = run(List.of(promtool, "check", "rules", DeployFiles.RULES.toString()));
        assertEquals(0, r.exit, "promtool check rules:\n" + r.output);
        assertTrue(r.output.contains("SUCCESS"), r.output);
    }

    @Test
    void rulesPassTheirUnitTests() throws Exception {
        Result r = run(List.of(promtool, "test", "rules", DeployFiles.RULES_TEST.toString()));
        assertEquals(0, r.exit, "promtool test rules:\n" + r.output);
        assertTrue(r.output.contains("SUCCESS"), r.output);
    }

    @Test
    void prometheusRuleCarriesExactlyTheRulesFile() {
        JsonNode rule = DeployFiles.document(DeployFiles.PROMETHEUS_RULE);
        assertEquals("monitoring.coreos.com/v1", rule.path("apiVersion").asText());
        assertEquals("PrometheusRule", rule.path("kind").asText());
        assertEquals("aim-system", rule.path("metadata").path("namespace").asText());
        assertEquals(DeployFiles.document(DeployFiles.RULES), rule.path("spec"),
                "spec of deploy/monitoring/prometheus-rule.yaml must equal deploy/monitoring/aim-engine-rules.yaml");
    }

    @Test
    void theAlertsTheIssueAsksForExistAndEachIsTestedFiringAndSilent() {
        List<String> alerts = new ArrayList<>();
        DeployFiles.document(DeployFiles.RULES).path("groups")
                .forEach(g -> g.path("rules").forEach(r -> alerts.add(r.path("alert").asText())));
        assertEquals(List.of("AIMEngineOperatorDown", "AIMEngineReconcileErrorsRising", "AIMServiceFailed",
                "AIMDownloadsFailing", "AIMDownloadsStalled", "AIMTemplateSelectionAmbiguous"), alerts);

        Set<String> fires = new HashSet<>();
        Set<String> silent = new HashSet<>();
        DeployFiles.document(DeployFiles.RULES_TEST).path("tests").forEach(t -> t.path("alert_rule_test").forEach(a -> {
            (a.path("exp_alerts").isEmpty() ? silent : fires).add(a.path("alertname").asText());
        }));
        for (String alert : alerts) {
            assertTrue(fires.contains(alert), alert + " has no test case where it fires");
            assertTrue(silent.contains(alert), alert + " has no test case where it stays silent");
        }
    }

    @Test
    void everyAlertSaysWhatToDo() {
        DeployFiles.document(DeployFiles.RULES).path("groups").forEach(g -> g.path("rules").forEach(r -> {
            String alert = r.path("alert").asText();
            assertTrue(Set.of("critical", "warning", "info").contains(r.path("labels").path("severity").asText()),
                    alert + " severity");
            assertTrue(!r.path("annotations").path("summary").asText().isBlank(), alert + " summary");
            assertTrue(!r.path("annotations").path("description").asText().isBlank(), alert + " description");
        }));
    }

    @Test
    void theRulesUseTheOperatorsMetricsAndPrometheusUp() {
        Set<String> names = new HashSet<>();
        PromQl.ruleExpressions(DeployFiles.document(DeployFiles.RULES))
                .forEach(e -> names.addAll(PromQl.selectors(e).keySet()));
        // which of these the operator really exports is checked against its /q/metrics in MonitoringMetricsMockTest
        assertEquals(Set.of("up", "operator_sdk_reconciliations_failed_total", "aim_resources",
                "aim_template_selections_total"), names);
        assertEquals(Map.of("up", Set.of("job")),
                PromQl.selectors("absent(up{job=\"aim-engine-operator-metrics\"} == 1)"));
        assertEquals(Set.of("le", "controller", "kind"), PromQl.groupingLabels(
                "histogram_quantile(0.5, sum by (le, controller) (rate(x_bucket[5m]))) and on(kind) y"));
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
