package dev.aimengine.operator.common.labels;

import dev.aimengine.operator.api.v1alpha1.AIMRuntimeConfigCommon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class LabelPropagationTest {

    /** Expected values were cross-checked against Go's path/filepath.Match. */
    @ParameterizedTest(name = "[{index}] {0} ~ {1} = {2}")
    @CsvSource(delimiter = '|', value = {
            "team-*          | team-a            | true",
            "team-*          | team-             | true",
            "team-*          | teams             | false",
            "team-*          | team-a/b          | false",
            "*               | example.com/team  | false",
            "example.com/*   | example.com/team  | true",
            "*/*             | example.com/team  | true",
            "*/*             | a/b/c             | false",
            "*.io/owner      | acme.io/owner     | true",
            "cost-center     | cost-center       | true",
            "cost-center     | cost-centers      | false",
            "env?            | env1              | true",
            "env?            | env               | false",
            "env?            | env12             | false",
            "a?c             | a/c               | false",
            "tier-[abc]      | tier-b            | true",
            "tier-[abc]      | tier-d            | false",
            "tier-[a-c]      | tier-c            | true",
            "tier-[^a-c]     | tier-d            | true",
            "tier-[^a-c]     | tier-a            | false",
            "team-[z-a]      | team-b            | false",
            "ver[0-9][0-9]   | ver42             | true",
            "x[/]y           | x/y               | true",
            "x[^a]y          | x/y               | true",
            "*[^z]*          | a.b/c             | false",
            "\\*             | *                 | true",
            "\\*             | x                 | false",
            "[\\]]           | ]                 | true",
            "**              | ab                | true",
            "*               | ''                | true",
            "''              | ''                | true",
            "''              | a                 | false",
    })
    void globMatchesLikeGo(String pattern, String key, boolean expected) {
        assertEquals(expected, LabelPropagation.globMatch(pattern, key));
    }

    @ParameterizedTest(name = "[{index}] invalid {0}")
    @CsvSource(delimiter = '|', value = { "[]", "[a", "[a-]", "[-a]", "a\\", "[^]", "team-[", "*[", "[a-" })
    void invalidPatternsNeverMatch(String pattern) {
        for (String key : List.of("a", "[", "]", "-", "team-", "team-[", "a\\", "[a", "[]", "^")) {
            assertFalse(LabelPropagation.globMatch(pattern, key), pattern + " ~ " + key);
        }
    }

    @Test
    void nullsNeverMatch() {
        assertFalse(LabelPropagation.globMatch(null, "a"));
        assertFalse(LabelPropagation.globMatch("*", null));
    }

    @Test
    void aimLabelsAlwaysPropagateEvenWithoutConfig() {
        Map<String, String> parent = Map.of(
                "aim.eai.amd.com/service", "svc",
                "aim.eai.amd.com/model", "llama",
                "team-a", "x",
                "app", "demo");

        assertEquals(Map.of("aim.eai.amd.com/service", "svc", "aim.eai.amd.com/model", "llama"),
                LabelPropagation.labelsFor(null, parent, null));
        assertEquals(Map.of("aim.eai.amd.com/service", "svc", "aim.eai.amd.com/model", "llama"),
                LabelPropagation.labelsFor(Map.of(), parent, config(false, "team-*", "app")));
    }

    @Test
    void enabledConfigCopiesMatchingKeys() {
        Map<String, String> parent = new LinkedHashMap<>();
        parent.put("team-ml", "ml");
        parent.put("team-ops/x", "no: * stops at /");
        parent.put("cost-center", "cc-42");
        parent.put("cost-centers", "no");
        parent.put("env1", "e");
        parent.put("tier-b", "t");
        parent.put("org.io/owner", "o");
        parent.put("app", "no");
        parent.put("aim.eai.amd.com/service", "svc");

        Map<String, String> result = LabelPropagation.labelsFor(Map.of("app.kubernetes.io/name", "child"), parent,
                config(true, "team-*", "cost-center", "env?", "tier-[a-c]", "org.io/*", "[invalid"));

        assertEquals(List.of(
                Map.entry("app.kubernetes.io/name", "child"),
                Map.entry("aim.eai.amd.com/service", "svc"),
                Map.entry("cost-center", "cc-42"),
                Map.entry("env1", "e"),
                Map.entry("org.io/owner", "o"),
                Map.entry("team-ml", "ml"),
                Map.entry("tier-b", "t")), new ArrayList<>(result.entrySet()));
    }

    @Test
    void existingChildLabelsAreNeverOverwritten() {
        Map<String, String> child = Map.of("aim.eai.amd.com/service", "child-value", "team-ml", "child-team");
        Map<String, String> parent = Map.of("aim.eai.amd.com/service", "parent-value", "team-ml", "parent-team",
                "team-ops", "ops");

        assertEquals(Map.of("aim.eai.amd.com/service", "child-value", "team-ml", "child-team", "team-ops", "ops"),
                LabelPropagation.labelsFor(child, parent, config(true, "team-*")));
        assertEquals(Map.of("team-ops", "ops"),
                LabelPropagation.labelsToPropagate(child, parent, config(true, "team-*")));
    }

    @Test
    void enabledWithoutPatternsOrUnsetEnabledCopiesOnlyAimLabels() {
        Map<String, String> parent = Map.of("team-ml", "ml", "aim.eai.amd.com/x", "1");
        AIMRuntimeConfigCommon.LabelPropagation unsetEnabled = config(true, "team-*");
        unsetEnabled.enabled = null;
        AIMRuntimeConfigCommon.LabelPropagation noMatch = config(true);
        noMatch.match = null;

        assertEquals(Map.of("aim.eai.amd.com/x", "1"), LabelPropagation.labelsFor(null, parent, config(true)));
        assertEquals(Map.of("aim.eai.amd.com/x", "1"), LabelPropagation.labelsFor(null, parent, noMatch));
        assertEquals(Map.of("aim.eai.amd.com/x", "1"), LabelPropagation.labelsFor(null, parent, unsetEnabled));
    }

    @Test
    void nullParentGivesChildLabelsAndInputsStayUntouched() {
        Map<String, String> child = new HashMap<>(Map.of("a", "1"));
        Map<String, String> parent = new HashMap<>(Map.of("aim.eai.amd.com/x", "1"));

        assertEquals(Map.of("a", "1"), LabelPropagation.labelsFor(child, null, null));
        assertEquals(Map.of(), LabelPropagation.labelsFor(null, null, null));
        LabelPropagation.labelsFor(child, parent, config(true, "*"));
        assertEquals(Map.of("a", "1"), child);
        assertEquals(Map.of("aim.eai.amd.com/x", "1"), parent);
    }

    private static AIMRuntimeConfigCommon.LabelPropagation config(boolean enabled, String... match) {
        AIMRuntimeConfigCommon.LabelPropagation lp = new AIMRuntimeConfigCommon.LabelPropagation();
        lp.enabled = enabled;
        lp.match = List.of(match);
        return lp;
    }
}
