package dev.aimengine.operator.gpu;

import dev.aimengine.operator.api.v1alpha1.AIMCpuRequirements;
import dev.aimengine.operator.api.v1alpha1.AIMGpuRequirements;
import dev.aimengine.operator.api.v1alpha1.AIMHardwareRequirements;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.aimengine.operator.gpu.GpuFixtures.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GpuAvailabilityTest {

    /** MI300X (192G from the table), MI325X (256G from the table) and MI210 labelled with 80G. */
    private static final GpuSnapshot CLUSTER = GpuSnapshot.of(List.of(
            node("a", Map.of(GpuLabels.DEVICE_ID, "74a5"), "8"),
            node("b", Map.of(GpuLabels.DEVICE_ID, "74a1"), "8"),
            node("c", Map.of(GpuLabels.DEVICE_ID, "740f", GpuLabels.VRAM, "80G"), "4")), List.of());

    private static AIMGpuRequirements gpu(Integer requests, String model) {
        return new AIMGpuRequirements(requests, model);
    }

    private static AIMGpuRequirements minVram(Integer requests, String minVram) {
        AIMGpuRequirements gpu = new AIMGpuRequirements(requests, null);
        gpu.minVram = new Quantity(minVram);
        return gpu;
    }

    private static AIMHardwareRequirements hw(AIMGpuRequirements gpu) {
        return new AIMHardwareRequirements(gpu, null);
    }

    @Test
    void requiresGpu() {
        assertFalse(GpuAvailability.requiresGpu((AIMHardwareRequirements) null));
        assertFalse(GpuAvailability.requiresGpu(new AIMHardwareRequirements(null, new AIMCpuRequirements())));
        assertFalse(GpuAvailability.requiresGpu(hw(new AIMGpuRequirements())));
        assertFalse(GpuAvailability.requiresGpu(hw(gpu(0, "  "))));
        assertFalse(GpuAvailability.requiresGpu(hw(minVram(0, "100Gi"))));
        assertTrue(GpuAvailability.requiresGpu(hw(gpu(1, null))));
        assertTrue(GpuAvailability.requiresGpu(hw(gpu(0, "MI300X"))));
        assertTrue(GpuAvailability.requiresGpu(hw(gpu(null, "MI300X"))));
    }

    @Test
    void noGpuRequiredIsAvailableWithoutComponent() {
        GpuCheck check = GpuAvailability.check(gpu(0, null), GpuSnapshot.empty());
        assertEquals(new GpuCheck(true, null, null), check);
        assertFalse(check.reportable());
        assertEquals(GpuCheck.notRequired(), GpuAvailability.check(null, CLUSTER));
    }

    @Test
    void namedModelAvailable() {
        assertEquals(new GpuCheck(true, "GPUAvailable", "GPU model 'MI300X' is available"),
                GpuAvailability.check(gpu(1, "MI300X"), CLUSTER));
        assertEquals(new GpuCheck(true, "GPUAvailable", "GPU model 'MI325X' is available"),
                GpuAvailability.check(gpu(0, "Instinct-mi325x"), CLUSTER));
    }

    @Test
    void namedModelMissing() {
        assertEquals(new GpuCheck(false, "GPUNotAvailable",
                        "Required GPU model 'mi355x' not available in cluster. Available: MI210, MI300X, MI325X"),
                GpuAvailability.check(gpu(1, "mi355x"), CLUSTER));
        assertEquals(new GpuCheck(false, "GPUNotAvailable",
                        "Required GPU model 'MI300X' not available in cluster. Available: none"),
                GpuAvailability.check(gpu(1, "MI300X"), GpuSnapshot.empty()));
    }

    @Test
    void anyModel() {
        assertEquals(new GpuCheck(true, "GPUAvailable", "GPU available (any model accepted): MI210, MI300X, MI325X"),
                GpuAvailability.check(gpu(2, null), CLUSTER));
        assertEquals(new GpuCheck(false, "GPUNotAvailable", "No GPUs available in cluster"),
                GpuAvailability.check(gpu(2, ""), GpuSnapshot.empty()));
        assertEquals(new GpuCheck(false, "GPUNotAvailable", "No GPUs available in cluster"),
                GpuAvailability.check(gpu(2, null), null));
    }

    @Test
    void minVramNotReached() {
        assertEquals(new GpuCheck(false, "VRAMNotAvailable",
                        "Required minimum VRAM (300Gi) exceeds available GPUs. Highest available: MI325X (256Gi)"),
                GpuAvailability.check(minVram(1, "300Gi"), CLUSTER));
        assertEquals(new GpuCheck(false, "VRAMNotAvailable",
                        "Required minimum VRAM (64Gi) exceeds available GPUs. Highest available: none detected"),
                GpuAvailability.check(minVram(1, "64Gi"), GpuSnapshot.empty()));
        // 100G (decimal) is 93.1 GiB: shown rounded down
        GpuSnapshot small = GpuSnapshot.of(List.of(node("x", Map.of(GpuLabels.DEVICE_ID, "7550"), "1")), null);
        assertEquals(new GpuCheck(false, "VRAMNotAvailable",
                        "Required minimum VRAM (93Gi) exceeds available GPUs. Highest available: RX9070 (16Gi)"),
                GpuAvailability.check(minVram(1, "100G"), small));
    }

    @Test
    void minVramReachedFallsThroughToTheModelRules() {
        assertEquals(new GpuCheck(true, "GPUAvailable", "GPU available (any model accepted): MI210, MI300X, MI325X"),
                GpuAvailability.check(minVram(1, "192Gi"), CLUSTER));
    }

    @Test
    void minVramSubCheck() {
        assertEquals(new GpuCheck(true, "VRAMAvailable", "GPUs meeting VRAM requirement: MI300X (192G), MI325X (256G)"),
                GpuAvailability.checkVram(new Quantity("192Gi"), CLUSTER));
        assertEquals(new GpuCheck(true, "VRAMAvailable",
                        "GPUs meeting VRAM requirement: MI210 (80G), MI300X (192G), MI325X (256G)"),
                GpuAvailability.checkVram(new Quantity("80Gi"), CLUSTER));
    }

    @Test
    void minVramBelowOneGibFormatsAsZeroGi() {
        assertEquals("0", GpuAvailability.formatGi(0));
        assertEquals("0Gi", GpuAvailability.formatGi(512L * 1024 * 1024));
        assertEquals("1Gi", GpuAvailability.formatGi(1024L * 1024 * 1024 + 1));
    }

    private static NodeSelectorRequirement onlyExpression(NodeAffinity affinity) {
        assertEquals(1, affinity.getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms().size());
        List<NodeSelectorRequirement> expressions = affinity.getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms().get(0).getMatchExpressions();
        assertEquals(1, expressions.size());
        assertTrue(affinity.getPreferredDuringSchedulingIgnoredDuringExecution().isEmpty());
        return expressions.get(0);
    }

    @Test
    void affinityForModelUsesAllTableIdsEvenIfNotDetected() {
        NodeSelectorRequirement expression = onlyExpression(
                GpuAvailability.nodeAffinity(hw(gpu(1, "MI300X")), GpuSnapshot.empty()));
        assertEquals("amd.com/gpu.device-id", expression.getKey());
        assertEquals("In", expression.getOperator());
        assertEquals(List.of("74a1", "74a9", "74b5", "74bd"), expression.getValues());

        assertEquals(List.of("75a3", "75b3"),
                onlyExpression(GpuAvailability.nodeAffinity(hw(gpu(0, "instinct mi355x")), CLUSTER)).getValues());
    }

    @Test
    void affinityForMinVramUsesDetectedModelsOnly() {
        assertEquals(List.of("74a1", "74a5", "74a9", "74b5", "74b9", "74bd"),
                onlyExpression(GpuAvailability.nodeAffinity(hw(minVram(1, "192Gi")), CLUSTER)).getValues());
        assertEquals(List.of("740f", "7410", "74a1", "74a5", "74a9", "74b5", "74b9", "74bd"),
                onlyExpression(GpuAvailability.nodeAffinity(hw(minVram(1, "80Gi")), CLUSTER)).getValues());
        assertEquals(List.of("74a5", "74b9"),
                onlyExpression(GpuAvailability.nodeAffinity(hw(minVram(1, "200Gi")), CLUSTER)).getValues());
    }

    @Test
    void noAffinity() {
        assertNull(GpuAvailability.nodeAffinity(null, CLUSTER));
        assertNull(GpuAvailability.nodeAffinity(new AIMHardwareRequirements(null, new AIMCpuRequirements()), CLUSTER));
        assertNull(GpuAvailability.nodeAffinity(hw(gpu(1, null)), CLUSTER), "no model and no minVram");
        assertNull(GpuAvailability.nodeAffinity(hw(gpu(1, "H100")), CLUSTER), "model without table ids");
        assertNull(GpuAvailability.nodeAffinity(hw(minVram(1, "300Gi")), CLUSTER), "no model reaches minVram");
        assertNull(GpuAvailability.nodeAffinity(hw(minVram(1, "0")), CLUSTER), "zero minVram");
        assertNull(GpuAvailability.nodeAffinity(hw(minVram(0, "64Gi")), CLUSTER), "GPU not required");
        GpuSnapshot unknownOnly = GpuSnapshot.of(
                List.of(node("x", Map.of(GpuLabels.DEVICE_ID, "abcd", GpuLabels.VRAM, "512G"), "1")), null);
        assertNull(GpuAvailability.nodeAffinity(hw(minVram(1, "64Gi")), unknownOnly), "detected model has no ids");
    }

    @Test
    void hardwareSummaries() {
        assertEquals("", GpuAvailability.hardwareSummary(null));
        assertEquals("2 x MI300X", GpuAvailability.hardwareSummary(hw(gpu(2, "MI300X"))));
        assertEquals("MI300X", GpuAvailability.hardwareSummary(hw(gpu(0, "MI300X"))));
        assertEquals("1 x GPU", GpuAvailability.hardwareSummary(hw(gpu(1, null))));
        assertEquals("4 x GPU", GpuAvailability.hardwareSummary(hw(gpu(4, ""))));
        assertEquals("CPU", GpuAvailability.hardwareSummary(new AIMHardwareRequirements(null, new AIMCpuRequirements())));
        assertEquals("CPU", GpuAvailability.hardwareSummary(hw(gpu(0, null))));
        assertEquals("CPU", GpuAvailability.hardwareSummary(new AIMHardwareRequirements()));
        assertEquals("1 x MI300X", GpuAvailability.hardwareSummary(
                new AIMHardwareRequirements(gpu(1, "MI300X"), new AIMCpuRequirements())));
    }
}
