package dev.aimengine.operator.artifact;

import dev.aimengine.operator.api.v1alpha1.AIMArtifact;
import dev.aimengine.operator.api.v1alpha1.AIMArtifactStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArtifactSizesTest {
    static final long MI = 1L << 20;
    static final long GI = 1L << 30;
    static final long TI = 1L << 40;

    static AIMArtifact artifact(String size, Long discovered) {
        AIMArtifact a = ArtifactObjectsTest.bare("hf://org/model");
        a.getSpec().size = size == null ? null : new Quantity(size);
        if (discovered != null) {
            a.setStatus(new AIMArtifactStatus());
            a.getStatus().discoveredSizeBytes = discovered;
        }
        return a;
    }

    // ---- displaySize ----

    @ParameterizedTest(name = "{0} bytes -> {1}")
    @CsvSource({
            "0, 0 B",
            "1, 1 B",
            "1023, 1023 B",
            "1024, 1 KiB",
            "1536, 1.5 KiB",
            "891289600, 850 MiB", // 850 MiB
            "45097156608, 42 GiB", // 42 GiB
            "45634027520, 42.5 GiB", // 42.5 GiB
            "1649267441664, 1.5 TiB", // 1.5 TiB
            "161061273600, 150 GiB", // 150 GiB
            "8858370048, 8.3 GiB", // 8.25 GiB: halves round away from zero
            "10694468567, 10 GiB", // 9.96 GiB rounds up to 10.0: the decimal is dropped
            "107331235676, 100 GiB", // 99.96 GiB
            "1073322393, 1024 MiB", // 1023.6 MiB: three digits, whole number
            "1125899906842624, 1 PiB",
            "8070450532247928832, 7 EiB",
    })
    void displaySizeHasTwoSignificantFigures(long bytes, String expected) {
        assertEquals(expected, ArtifactSizes.displaySize(bytes));
    }

    @Test
    void displaySizeRejectsNegativeAndHugeValues() {
        assertThrows(IllegalArgumentException.class, () -> ArtifactSizes.displaySize(-1));
        assertThrows(IllegalArgumentException.class, () -> ArtifactSizes.displaySize((7L << 60) + 1));
    }

    @Test
    void displaySizeOfPrefersSpecSizeThenDiscoveredSize() {
        assertEquals(Optional.of("42 GiB"), ArtifactSizes.displaySizeOf(artifact("42Gi", 5L)));
        assertEquals(Optional.of("850 MiB"), ArtifactSizes.displaySizeOf(artifact(null, 850 * MI)));
        assertEquals(Optional.of("850 MiB"), ArtifactSizes.displaySizeOf(artifact("0", 850 * MI)));
        assertEquals(Optional.empty(), ArtifactSizes.displaySizeOf(artifact(null, null)));
        assertEquals(Optional.empty(), ArtifactSizes.displaySizeOf(artifact(null, -5L)));
        // A spec size that cannot be formatted is shown as written.
        assertEquals(Optional.of("-1Gi"), ArtifactSizes.displaySizeOf(artifact("-1Gi", null)));
    }

    // ---- effective size ----

    @Test
    void effectiveSizeIsSpecSizeElseDiscoveredElseZero() {
        assertEquals(5 * GI, ArtifactSizes.effectiveSize(artifact("5Gi", 7L)));
        assertEquals(1_500_000_000L, ArtifactSizes.effectiveSize(artifact("1.5G", null)));
        assertEquals(7L, ArtifactSizes.effectiveSize(artifact(null, 7L)));
        assertEquals(7L, ArtifactSizes.effectiveSize(artifact("0", 7L)));
        assertEquals(0L, ArtifactSizes.effectiveSize(artifact(null, null)));
        assertEquals(2L, ArtifactSizes.effectiveSize(artifact("1500m", null)), "fractional bytes round up");
    }

    @Test
    void sizeIsKnownFromSpecOrDiscovery() {
        assertTrue(ArtifactSizes.isSizeKnown(artifact("1Gi", null)));
        assertTrue(ArtifactSizes.isSizeKnown(artifact(null, 3L)));
        assertFalse(ArtifactSizes.isSizeKnown(artifact(null, null)));
        assertFalse(ArtifactSizes.isSizeKnown(artifact("0", null)));
    }

    // ---- PVC size ----

    @ParameterizedTest(name = "{0} bytes + {1}% -> {2}")
    @CsvSource({
            "5368709120, 10, 6Gi", // 5Gi + 10 %
            "10737418240, 0, 10Gi", // exactly on a GiB boundary, no headroom
            "10737418240, 10, 11Gi", // 11.0 GiB exactly: not rounded further
            "10737418241, 0, 11Gi", // one byte over
            "9094593249, 10, 10Gi", // 8.47 GiB + 10 % = 9.32 GiB
            "1, 10, 1Gi",
            "21474836480, 100, 40Gi",
            "1073741824000, 0, 1000Gi",
            "1099511627776, 0, 1Ti", // canonical binary-SI form, as the API server stores it
            "0, 10, 0",
    })
    void pvcQuantityAddsHeadroomAndRoundsUp(long bytes, int headroom, String expected) {
        assertEquals(expected, ArtifactSizes.pvcQuantity(bytes, headroom).toString());
    }

    @Test
    void pvcBytesIsAWholeNumberOfGi() {
        assertEquals(6 * GI, ArtifactSizes.pvcBytes(5 * GI, 10));
        assertEquals(TI, ArtifactSizes.pvcBytes(TI, 0));
    }

    // ---- check-size output ----

    @Test
    void checkSizeOutputParsesSizeBytes() {
        assertEquals(OptionalLong.of(1234), ArtifactSizes.parseCheckSizeOutput(
                "{\"url\": \"hf://org/model\", \"sizeBytes\": 1234}"));
        assertEquals(OptionalLong.of(1234), ArtifactSizes.parseCheckSizeOutput(
                "  {\"url\":\"s3://b/m\",\"sizeBytes\":1234}\n"));
        assertEquals(OptionalLong.of(1L << 50), ArtifactSizes.parseCheckSizeOutput("{\"sizeBytes\": 1125899906842624}"));
        assertEquals(OptionalLong.of(1), ArtifactSizes.parseCheckSizeOutput("{\"sizeBytes\": 1, \"extra\": [1]}"));
        assertEquals(OptionalLong.of(9), ArtifactSizes.parseCheckSizeOutput("{\"SizeBytes\": 9}"),
                "member names match case-insensitively");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"url\": \"hf://org/model\", \"sizeBytes\": 0}",
            "{\"url\": \"hf://org/model\", \"sizeBytes\": -5}",
            "{\"url\": \"hf://org/model\", \"sizeBytes\": 1125899906842625}", // 2^50 + 1
            "{\"url\": \"hf://org/model\", \"sizeBytes\": 99999999999999999999}", // beyond int64
            "{\"url\": \"hf://org/model\"}",
            "{\"sizeBytes\": 1.5}",
            "{\"sizeBytes\": 1e3}",
            "{\"sizeBytes\": \"123\"}",
            "{\"url\": 5, \"sizeBytes\": 123}",
            "{\"sizeBytes\": 123} trailing",
            "[123]",
            "123",
            "null",
            "Repository Not Found",
            "",
            "   ",
    })
    void invalidCheckSizeOutputIsRejected(String line) {
        assertEquals(OptionalLong.empty(), ArtifactSizes.parseCheckSizeOutput(line));
        assertTrue(ArtifactSizes.checkSizeOutputProblem(line).isPresent());
    }

    @Test
    void checkSizeProblemsAreDescribed() {
        assertEquals(Optional.of("no output from check-size job"), ArtifactSizes.checkSizeOutputProblem(null));
        assertEquals(Optional.of("invalid size: 0 bytes"), ArtifactSizes.checkSizeOutputProblem("{\"sizeBytes\": 0}"));
        assertEquals(Optional.of("invalid size: 1125899906842625 bytes"),
                ArtifactSizes.checkSizeOutputProblem("{\"sizeBytes\": 1125899906842625}"));
        assertTrue(ArtifactSizes.checkSizeOutputProblem("nope").orElseThrow()
                .startsWith("failed to parse check-size output: "));
        assertEquals(Optional.empty(), ArtifactSizes.checkSizeOutputProblem("{\"sizeBytes\": 10}"));
        assertEquals(OptionalLong.empty(), ArtifactSizes.parseCheckSizeOutput(null));
    }
}
