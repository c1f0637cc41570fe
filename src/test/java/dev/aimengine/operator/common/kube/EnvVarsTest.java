package dev.aimengine.operator.common.kube;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.aimengine.operator.common.kube.EnvVars.AIM_ENGINE_ARGS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvVarsTest {

    @Test
    void overrideReplacesInPlaceAndAppendsNewNamesInOrder() {
        List<EnvVar> base = List.of(env("A", "1"), env("B", "2"), env("C", "3"));
        List<EnvVar> override = List.of(env("D", "4"), env("B", "20"), env("E", "5"), env("A", "10"));

        assertEquals(List.of(env("A", "10"), env("B", "20"), env("C", "3"), env("D", "4"), env("E", "5")),
                EnvVars.merge(base, override));
    }

    @Test
    void nullAndEmptyListsCountAsEmpty() {
        List<EnvVar> some = List.of(env("A", "1"));

        assertEquals(List.of(), EnvVars.merge(null, null));
        assertEquals(List.of(), EnvVars.merge(List.of(), List.of()));
        assertEquals(some, EnvVars.merge(null, some));
        assertEquals(some, EnvVars.merge(some, null));
        assertEquals(some, EnvVars.merge(List.of(), some));
        assertEquals(some, EnvVars.merge(some, List.of()));
    }

    @Test
    void valueFromReplacesPlainValueAndViceVersa() {
        EnvVar secret = new EnvVarBuilder().withName("HF_TOKEN")
                .withNewValueFrom().withNewSecretKeyRef("token", "hf", false).endValueFrom().build();

        assertEquals(List.of(secret), EnvVars.merge(List.of(env("HF_TOKEN", "plain")), List.of(secret)));
        assertEquals(List.of(env("HF_TOKEN", "plain")), EnvVars.merge(List.of(secret), List.of(env("HF_TOKEN", "plain"))));
    }

    @Test
    void repeatedOverrideNameLayersOverItsEarlierEntry() {
        assertEquals(List.of(env("A", "1"), env("N", "second")),
                EnvVars.merge(List.of(env("A", "1")), List.of(env("N", "first"), env("N", "second"))));
        assertEquals(List.of(env(AIM_ENGINE_ARGS, "{\"a\":1,\"b\":2}")),
                EnvVars.merge(null, List.of(env(AIM_ENGINE_ARGS, "{\"a\":1}"), env(AIM_ENGINE_ARGS, "{\"b\":2}"))));
    }

    @Test
    void repeatedBaseNameOnlyFirstOccurrenceIsReplaced() {
        assertEquals(List.of(env("P", "new"), env("X", "x"), env("P", "old2")),
                EnvVars.merge(List.of(env("P", "old1"), env("X", "x"), env("P", "old2")), List.of(env("P", "new"))));
    }

    @Test
    void engineArgsAreDeepMergedInPlace() {
        List<EnvVar> base = List.of(env("A", "1"),
                env(AIM_ENGINE_ARGS, "{\"max-model-len\":4096,\"opts\":{\"x\":1,\"y\":{\"k\":\"v\"}},\"list\":[1,2]}"),
                env("Z", "z"));
        List<EnvVar> override = List.of(
                env(AIM_ENGINE_ARGS, "{\"opts\":{\"y\":{\"k2\":\"v2\"},\"z\":true},\"list\":[3],\"tp\":8}"));

        assertEquals(List.of(env("A", "1"),
                env(AIM_ENGINE_ARGS,
                        "{\"max-model-len\":4096,\"opts\":{\"x\":1,\"y\":{\"k\":\"v\",\"k2\":\"v2\"},\"z\":true},"
                                + "\"list\":[3],\"tp\":8}"),
                env("Z", "z")), EnvVars.merge(base, override));
    }

    @Test
    void mergeReplacingDoesNotDeepMergeEngineArgs() {
        assertEquals(List.of(env(AIM_ENGINE_ARGS, "{\"b\":2}")),
                EnvVars.mergeReplacing(List.of(env(AIM_ENGINE_ARGS, "{\"a\":1}")), List.of(env(AIM_ENGINE_ARGS, "{\"b\":2}"))));
    }

    @Test
    void engineArgsFromValueFromAreReplacedNotMerged() {
        EnvVar fromConfigMap = new EnvVarBuilder().withName(AIM_ENGINE_ARGS)
                .withNewValueFrom().withNewConfigMapKeyRef("args", "engine", false).endValueFrom().build();

        assertEquals(List.of(fromConfigMap),
                EnvVars.merge(List.of(env(AIM_ENGINE_ARGS, "{\"a\":1}")), List.of(fromConfigMap)));
        assertEquals(List.of(env(AIM_ENGINE_ARGS, "{\"a\":1}")),
                EnvVars.merge(List.of(fromConfigMap), List.of(env(AIM_ENGINE_ARGS, "{\"a\":1}"))));
    }

    @ParameterizedTest(name = "[{index}] {0} + {1} = {2}")
    @CsvSource(delimiter = '|', value = {
            // objects merge recursively, override wins, base keys keep their order
            "{\"b\":1,\"a\":{\"x\":1}}     | {\"c\":2,\"a\":{\"y\":2}}     | {\"b\":1,\"a\":{\"x\":1,\"y\":2},\"c\":2}",
            "{\"a\":{\"x\":1}}             | {\"a\":5}                     | {\"a\":5}",
            "{\"a\":5}                     | {\"a\":{\"x\":1}}             | {\"a\":{\"x\":1}}",
            "{\"a\":1}                     | {\"a\":null}                  | {\"a\":null}",
            "{ \"a\" : 1.50 }              | {}                            | {\"a\":1.50}",
            // invalid or non-object JSON on either side: the override is used verbatim
            "not json                      | {\"a\":1}                     | {\"a\":1}",
            "{\"a\":1}                     | --tp 8                        | --tp 8",
            "[1]                           | {\"a\":1}                     | {\"a\":1}",
            "{\"a\":1}                     | [2]                           | [2]",
            "{\"a\":1}                     | null                          | null",
            "{\"a\":1} trailing            | {\"b\":2}                     | {\"b\":2}",
            "{\"a\":1}                     | '  '                          | '  '",
            // an empty value contributes nothing
            "''                            | {\"a\":1}                     | {\"a\":1}",
            "{\"a\":1}                     | ''                            | {\"a\":1}",
            "''                            | ''                            | ''",
    })
    void mergeEngineArgs(String base, String override, String expected) {
        assertEquals(expected, EnvVars.mergeEngineArgs(base, override));
    }

    @Test
    void mergeEngineArgsTreatsNullAsEmpty() {
        assertEquals("{\"a\":1}", EnvVars.mergeEngineArgs(null, "{\"a\":1}"));
        assertEquals("{\"a\":1}", EnvVars.mergeEngineArgs("{\"a\":1}", null));
        assertEquals("", EnvVars.mergeEngineArgs(null, null));
    }

    @Test
    void inputsAreNeverMutatedAndResultsAreCopies() {
        EnvVar secret = new EnvVarBuilder().withName("S")
                .withNewValueFrom().withNewSecretKeyRef("k", "s", false).endValueFrom().build();
        List<EnvVar> base = new ArrayList<>(List.of(env("A", "1"), env(AIM_ENGINE_ARGS, "{\"a\":1}"), secret));
        List<EnvVar> override = new ArrayList<>(List.of(env("A", "2"), env(AIM_ENGINE_ARGS, "{\"b\":1}"), env("N", "n")));
        List<EnvVar> baseBefore = EnvVars.copyOf(base);
        List<EnvVar> overrideBefore = EnvVars.copyOf(override);

        List<EnvVar> merged = EnvVars.merge(base, override);
        merged.get(2).getValueFrom().getSecretKeyRef().setName("changed");
        merged.get(0).setValue("changed");
        merged.get(3).setValue("changed");

        assertEquals(baseBefore, base);
        assertEquals(overrideBefore, override);
        assertEquals("s", secret.getValueFrom().getSecretKeyRef().getName());
    }

    @Test
    void sortedByNameIsStableAndCopies() {
        List<EnvVar> in = List.of(env("VLLM", "1"), env("AIM_B", "b"), env("AIM_A", "x"), env("AIM_A", "y"));
        List<EnvVar> sorted = EnvVars.sortedByName(in);

        assertEquals(List.of(env("AIM_A", "x"), env("AIM_A", "y"), env("AIM_B", "b"), env("VLLM", "1")), sorted);
        assertNotSame(in.get(0), sorted.get(3));
        assertEquals(List.of(), EnvVars.sortedByName(null));
    }

    @Test
    void literalValue() {
        EnvVar secret = new EnvVarBuilder().withName("S")
                .withNewValueFrom().withNewSecretKeyRef("k", "s", false).endValueFrom().build();
        List<EnvVar> env = List.of(env("A", "1"), secret, new EnvVarBuilder().withName("E").build(), env("A", "2"));

        assertEquals(Optional.of("2"), EnvVars.literalValue(env, "A"));
        assertEquals(Optional.of(""), EnvVars.literalValue(env, "E"));
        assertEquals(Optional.empty(), EnvVars.literalValue(env, "S"));
        assertEquals(Optional.empty(), EnvVars.literalValue(env, "MISSING"));
        assertEquals(Optional.empty(), EnvVars.literalValue(null, "A"));
        assertTrue(EnvVars.find(env, "S").isPresent());
    }

    private static EnvVar env(String name, String value) {
        return EnvVars.of(name, value);
    }
}
