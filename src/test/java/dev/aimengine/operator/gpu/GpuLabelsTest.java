package dev.aimengine.operator.gpu;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GpuLabelsTest {

    private static final long GIB = 1024L * 1024 * 1024;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "738c,MI100", "738e,MI100", "7408,MI250X", "740c,MI250X", "740f,MI210", "7410,MI210",
            "74a0,MI300A", "74a1,MI300X", "74a9,MI300X", "74b5,MI300X", "74bd,MI300X",
            "74a2,MI308X", "74a8,MI308X", "74b6,MI308X", "74a5,MI325X", "74b9,MI325X",
            "75a0,MI350X", "75b0,MI350X", "75a3,MI355X", "75b3,MI355X",
            "7460,V710", "7461,V710", "7448,W7900", "744a,W7900", "7449,W7800", "745e,W7800",
            "73a2,W6900X", "73a3,W6800", "73ab,W6800X", "73a1,V620", "73ae,V620",
            "7550,RX9070", "744c,RX7900", "73af,RX6900", "73bf,RX6800"})
    void everyTableDeviceIdMapsToItsModel(String id, String model) {
        assertEquals(Optional.of(model), GpuLabels.modelOf(Map.of(GpuLabels.DEVICE_ID, id)));
    }

    @Test
    void deviceTableHasExactlyTheSpecifiedEntries() {
        assertEquals(35, GpuLabels.knownDevices().size());
        assertEquals(20, GpuLabels.knownVram().size());
    }

    @Test
    void deviceIdIsTrimmedLowerCasedAndLosesHexPrefix() {
        assertEquals(Optional.of("MI300X"), GpuLabels.modelOf(Map.of(GpuLabels.DEVICE_ID, "  0x74A1 ")));
        assertEquals(Optional.of("MI300X"), GpuLabels.modelOf(Map.of(GpuLabels.DEVICE_ID, "0X74a1")));
        assertEquals(Optional.of("MI325X"), GpuLabels.modelOf(Map.of(GpuLabels.DEVICE_ID, "74B9")));
    }

    @Test
    void unknownDeviceIdBecomesAmdPlaceholder() {
        assertEquals(Optional.of("AMD-ABCD"), GpuLabels.modelOf(Map.of(GpuLabels.DEVICE_ID, "0xabcd")));
        assertEquals(Optional.of("AMD-99FF"), GpuLabels.modelOf(Map.of(GpuLabels.DEVICE_ID_BETA, "99ff")));
    }

    @Test
    void nonBetaDeviceIdWinsOverBeta() {
        Map<String, String> labels = Map.of(GpuLabels.DEVICE_ID, "74a1", GpuLabels.DEVICE_ID_BETA, "75a3");
        assertEquals(Optional.of("MI300X"), GpuLabels.modelOf(labels));
    }

    @Test
    void blankDeviceIdFallsBackToBeta() {
        Map<String, String> labels = Map.of(GpuLabels.DEVICE_ID, "  ", GpuLabels.DEVICE_ID_BETA, "75a3");
        assertEquals(Optional.of("MI355X"), GpuLabels.modelOf(labels));
    }

    @Test
    void countEncodedDeviceIdKeys() {
        assertEquals(Optional.of("MI300X"), GpuLabels.modelOf(Map.of("amd.com/gpu.device-id.74a1", "8")));
        assertEquals(Optional.of("MI210"), GpuLabels.modelOf(Map.of("beta.amd.com/gpu.device-id.740f", "2")));
        assertEquals(Optional.of("AMD-1234"), GpuLabels.modelOf(Map.of("amd.com/gpu.device-id.1234", "1")));
    }

    @Test
    void countEncodedKeyWithZeroOrEmptyValueIsIgnored() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("amd.com/gpu.device-id.74a1", "0");
        labels.put("amd.com/gpu.device-id.74a5", " ");
        labels.put("beta.amd.com/gpu.device-id.75a3", "4");
        assertEquals(Optional.of("MI355X"), GpuLabels.modelOf(labels));
        assertEquals(Optional.empty(), GpuLabels.modelOf(Map.of("amd.com/gpu.device-id.74a1", "0")));
    }

    @Test
    void countEncodedNonBetaWinsOverBetaAndKeysAreReadInOrder() {
        Map<String, String> labels = Map.of(
                "beta.amd.com/gpu.device-id.7408", "1",
                "amd.com/gpu.device-id.75a3", "1",
                "amd.com/gpu.device-id.74a1", "1");
        assertEquals(Optional.of("MI300X"), GpuLabels.modelOf(labels));
    }

    @Test
    void plainDeviceIdWinsOverCountEncodedAndFamily() {
        Map<String, String> labels = Map.of(
                GpuLabels.DEVICE_ID_BETA, "740f",
                "amd.com/gpu.device-id.74a1", "8",
                GpuLabels.FAMILY, "MI300X");
        assertEquals(Optional.of("MI210"), GpuLabels.modelOf(labels));
    }

    @Test
    void countEncodedDeviceIdWinsOverFamily() {
        Map<String, String> labels = Map.of("amd.com/gpu.device-id.74a5", "8", GpuLabels.FAMILY, "AI");
        assertEquals(Optional.of("MI325X"), GpuLabels.modelOf(labels));
    }

    @Test
    void familyLabels() {
        assertEquals(Optional.of("AI"), GpuLabels.modelOf(Map.of(GpuLabels.FAMILY, " AI ")));
        assertEquals(Optional.of("MI300X"), GpuLabels.modelOf(Map.of(GpuLabels.FAMILY_BETA, "instinct_mi300x")));
        assertEquals(Optional.of("AI"), GpuLabels.modelOf(Map.of(GpuLabels.FAMILY, "AI", GpuLabels.FAMILY_BETA, "NV")));
        assertEquals(Optional.of("NV"), GpuLabels.modelOf(Map.of("amd.com/gpu.family.nv", "2")));
        assertEquals(Optional.of("MI250X"), GpuLabels.modelOf(Map.of("beta.amd.com/gpu.family.mi250x", "2")));
        assertEquals(Optional.of("AI"), GpuLabels.modelOf(Map.of(GpuLabels.FAMILY, "AI", "amd.com/gpu.family.nv", "2")));
        assertEquals(Optional.empty(), GpuLabels.modelOf(Map.of("amd.com/gpu.family.nv", "0")));
    }

    @Test
    void nodesWithoutGpuLabelsHaveNoModel() {
        assertEquals(Optional.empty(), GpuLabels.modelOf(null));
        assertEquals(Optional.empty(), GpuLabels.modelOf(Map.of()));
        assertEquals(Optional.empty(), GpuLabels.modelOf(Map.of("kubernetes.io/hostname", "n1",
                GpuLabels.VRAM, "192G", "amd.com/gpu.device-id.", "1")));
    }

    @ParameterizedTest(name = "''{0}'' -> ''{1}''")
    @CsvSource(value = {
            "Instinct-MI325X|MI325X",
            "MI300X (rev 2)|MI300X",
            "RX7900-XTX|RX7900",
            "mi300x|MI300X",
            "  AMD Instinct MI300X  |MI300X",
            "amd_instinct_mi210|MI210",
            "INSTINCTMI300X|MI300X",
            "AMD/MI355X:OAM|MI355X",
            "AI|AI",
            "NV|NV",
            "AMD|AMD",
            "--|--",
            "Radeon Pro W7900|W7900",
            "|''"}, delimiter = '|', emptyValue = "")
    void normalisation(String raw, String expected) {
        assertEquals("''".equals(expected) ? "" : expected, GpuLabels.normalizeModel(raw));
    }

    @Test
    void normalisationOfNullIsEmpty() {
        assertEquals("", GpuLabels.normalizeModel(null));
        assertEquals("", GpuLabels.normalizeModel("   "));
    }

    @Test
    void vramParsing() {
        assertEquals(192 * GIB, GpuLabels.parseVram("192G"));
        assertEquals(192 * GIB, GpuLabels.parseVram(" 192g "));
        assertEquals(1024 * GIB, GpuLabels.parseVram("1T"));
        assertEquals(196608L, GpuLabels.parseVram("196608"));
        assertEquals(0, GpuLabels.parseVram("192Gi"));
        assertEquals(0, GpuLabels.parseVram("1.5G"));
        assertEquals(0, GpuLabels.parseVram("-1G"));
        assertEquals(0, GpuLabels.parseVram("abc"));
        assertEquals(0, GpuLabels.parseVram(""));
        assertEquals(0, GpuLabels.parseVram("G"));
        assertEquals(0, GpuLabels.parseVram(null));
        assertEquals(0, GpuLabels.parseVram("99999999999999999999T"));
    }

    @Test
    void vramLabelBeatsBetaLabelBeatsTable() {
        Map<String, String> both = Map.of(GpuLabels.VRAM, "200G", GpuLabels.VRAM_BETA, "100G");
        assertEquals(Optional.of(200 * GIB), GpuLabels.vramBytes(both, "MI300X"));
        assertEquals(Optional.of("200G"), GpuLabels.vramOf(both, "MI300X"));
        assertEquals(Optional.of(100 * GIB), GpuLabels.vramBytes(Map.of(GpuLabels.VRAM_BETA, "100G"), "MI300X"));
        assertEquals(Optional.of(100 * GIB),
                GpuLabels.vramBytes(Map.of(GpuLabels.VRAM, "", GpuLabels.VRAM_BETA, "100G"), "MI300X"));
        assertEquals(Optional.of(192 * GIB), GpuLabels.vramBytes(Map.of(), "MI300X"));
        assertEquals(Optional.of(192 * GIB), GpuLabels.vramBytes(null, "Instinct MI300X"));
        assertEquals(Optional.of("192G"), GpuLabels.vramOf(Map.of(), "MI300X"));
        assertEquals(Optional.of(0L), GpuLabels.vramBytes(Map.of(GpuLabels.VRAM, "lots"), "MI300X"));
        assertEquals(Optional.empty(), GpuLabels.vramBytes(Map.of(), "AMD-ABCD"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "MI355X,288", "MI350X,288", "MI325X,256", "MI308X,128", "MI300X,192", "MI300A,128", "MI250X,128",
            "MI210,64", "MI100,32", "V710,32", "W7900,48", "W7800,32", "W6900X,32", "W6800,32", "W6800X,32",
            "V620,32", "RX9070,16", "RX7900,24", "RX6900,16", "RX6800,16"})
    void staticVramTable(String model, long gib) {
        assertEquals(Optional.of(gib * GIB), GpuLabels.vramBytes(Map.of(), model));
    }

    @Test
    void deviceIdsForModelAreSorted() {
        assertEquals(List.of("74a1", "74a9", "74b5", "74bd"), GpuLabels.deviceIdsFor("MI300X"));
        assertEquals(List.of("74a2", "74a8", "74b6"), GpuLabels.deviceIdsFor("mi308x"));
        assertEquals(List.of("74a5", "74b9"), GpuLabels.deviceIdsFor("Instinct-MI325X"));
        assertEquals(List.of("73a3"), GpuLabels.deviceIdsFor("W6800"));
        assertEquals(List.of(), GpuLabels.deviceIdsFor("AMD-ABCD"));
        assertEquals(List.of(), GpuLabels.deviceIdsFor("H100"));
        assertEquals(List.of(), GpuLabels.deviceIdsFor(""));
    }
}
