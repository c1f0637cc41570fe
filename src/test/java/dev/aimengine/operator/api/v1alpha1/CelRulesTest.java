package dev.aimengine.operator.api.v1alpha1;

import dev.aimengine.operator.testing.CrdRules;
import dev.aimengine.operator.testing.CrdRules.Rule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every CEL rule of the committed CRDs compiles and decides at least one accepted and one rejected value as the
 * spec says. API servers before 1.25 ignore these rules; this test is what keeps them honest there.
 */
class CelRulesTest {

    /** A value of the field (and its previous value for transition rules), and whether the rule accepts it. */
    record Case(String self, String oldSelf, boolean accepted) {
    }

    static Case ok(String self) {
        return new Case(self, null, true);
    }

    static Case bad(String self) {
        return new Case(self, null, false);
    }

    static Case okChange(String old, String self) {
        return new Case(self, old, true);
    }

    static Case badChange(String old, String self) {
        return new Case(self, old, false);
    }

    static final String HW_MSG = "model and minVram are mutually exclusive; specify either a specific GPU model OR a minimum VRAM requirement, not both";

    /** Cases keyed by the rule's exact message. */
    static final Map<String, List<Case>> CASES = Map.ofEntries(
            entry("exactly one of name, image, or custom must be specified", List.of(
                    ok("{name: llama}"), ok("{image: 'amdenterpriseai/aim-x:0.8.4'}"),
                    ok("{custom: {baseImage: b, modelSources: [{modelId: a/b, sourceUri: 'hf://a/b'}], hardware: {gpu: {requests: 1}}}}"),
                    bad("{name: llama, image: 'amdenterpriseai/aim-x:0.8.4'}"), bad("{}"))),
            entry("model selection is immutable after creation", List.of(
                    okChange("{name: llama}", "{name: llama}"), badChange("{name: llama}", "{name: qwen}"),
                    badChange("{name: llama}", "{image: 'x:1'}"))),
            entry("template selection is immutable after creation", List.of(
                    okChange("{name: t1, allowUnoptimized: true}", "{name: t1, allowUnoptimized: true}"),
                    badChange("{name: t1}", "{name: t2}"), badChange("{allowUnoptimized: false}", "{allowUnoptimized: true}"))),
            entry("caching mode is immutable after creation", List.of(
                    okChange("{mode: Shared}", "{mode: Shared}"), badChange("{mode: Shared}", "{mode: Dedicated}"))),
            entry("at least one model source must be specified", List.of(
                    ok("{baseImage: b, modelSources: [{modelId: a/b, sourceUri: 'hf://a/b'}]}"),
                    bad("{baseImage: b, modelSources: []}"))),
            entry("at least one of gpu or cpu must be specified", List.of(
                    ok("{gpu: {requests: 1}}"), ok("{cpu: {requests: 500m}}"), ok("{gpu: {model: MI300X}, cpu: {requests: '1'}}"),
                    bad("{}"))),
            entry(HW_MSG, List.of(
                    ok("{requests: 1, model: MI300X}"), ok("{requests: 1, minVram: 64Gi}"), ok("{model: '', minVram: 64Gi}"),
                    bad("{requests: 1, model: MI300X, minVram: 64Gi}"))),
            entry("metric is immutable", List.of(okChange("latency", "latency"), badChange("latency", "throughput"))),
            entry("precision is immutable", List.of(okChange("fp8", "fp8"), badChange("fp8", "fp16"))),
            entry("hardware is immutable", List.of(
                    okChange("{gpu: {requests: 1, model: MI300X}}", "{gpu: {requests: 1, model: MI300X}}"),
                    badChange("{gpu: {requests: 1, model: MI300X}}", "{gpu: {requests: 2, model: MI300X}}"))),
            entry("model name is immutable", List.of(okChange("llama", "llama"), badChange("llama", "qwen"))),
            entry("sourceUri is immutable", List.of(
                    okChange("'hf://a/b'", "'hf://a/b'"), badChange("'hf://a/b'", "'s3://bucket/b'"))),
            entry("when using modelSources, hardware must be specified: set custom.hardware (inherited by all templates) or set hardware on each template individually",
                    List.of(
                            ok("{image: i}"),
                            ok("{image: i, modelSources: [{modelId: a/b, sourceUri: 'hf://a/b'}], customTemplates: [{name: t}], custom: {hardware: {gpu: {requests: 1}}}}"),
                            ok("{image: i, modelSources: [{modelId: a/b, sourceUri: 'hf://a/b'}], customTemplates: [{name: t, hardware: {cpu: {requests: '1'}}}]}"),
                            ok("{image: i, modelSources: [{modelId: a/b, sourceUri: 'hf://a/b'}]}"),
                            bad("{image: i, modelSources: [{modelId: a/b, sourceUri: 'hf://a/b'}], customTemplates: [{name: t}]}"),
                            bad("{image: i, modelSources: [{modelId: a/b, sourceUri: 'hf://a/b'}], customTemplates: [{name: t, hardware: {gpu: {requests: 1}}}, {name: u}]}"))));

    static List<Rule> rules() {
        return CrdRules.fromCommittedCrds();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void compiles(Rule rule) {
        assertDoesNotThrow(() -> CrdRules.compile(rule.expression()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void acceptsAndRejectsAsSpecified(Rule rule) {
        List<Case> cases = CASES.get(rule.message());
        assertNotNull(cases, "no cases for rule message: " + rule.message());
        assertTrue(cases.stream().anyMatch(Case::accepted), "needs an accepted case");
        assertTrue(cases.stream().anyMatch(c -> !c.accepted()), "needs a rejected case");
        for (Case c : cases) {
            if (rule.isTransition()) {
                assertNotNull(c.oldSelf(), "transition rule cases need oldSelf: " + c);
            }
            assertEquals(c.accepted(), CrdRules.holds(rule.expression(), c.self(), c.oldSelf()), rule + " on " + c);
        }
    }

    @Test
    void everySpecifiedRuleIsInTheCrds() {
        Set<String> inCrds = rules().stream().map(Rule::message).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(CASES.keySet()), inCrds);
    }

    @Test
    void immutabilityRulesSitWhereTheSpecPutsThem() {
        List<Rule> all = rules();
        assertFalse(all.isEmpty());
        assertTrue(all.stream().anyMatch(r -> r.crd().startsWith("aimservices.") && r.path().equals(".spec.model")
                && r.message().equals("model selection is immutable after creation")));
        assertTrue(all.stream().anyMatch(r -> r.crd().startsWith("aimservices.") && r.path().equals(".spec.overrides.hardware")
                && r.message().equals("hardware is immutable")));
        assertTrue(all.stream().anyMatch(r -> r.crd().startsWith("aimclusterservicetemplates.") && r.path().equals(".spec.modelName")
                && r.message().equals("model name is immutable")));
        assertTrue(all.stream().anyMatch(r -> r.crd().startsWith("aimartifacts.") && r.path().equals(".spec.sourceUri")
                && r.message().equals("sourceUri is immutable")));
    }
}
