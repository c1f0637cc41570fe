package dev.aimengine.operator.model;

import dev.aimengine.operator.api.v1alpha1.ImageMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageLabelsTest {

    static ImageMetadata parse(Map<String, String> labels) {
        try {
            return ImageLabels.parse(labels);
        } catch (ImageLabels.InvalidLabelException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    static ImageMetadata parse(String... keyValues) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            labels.put(keyValues[i], keyValues[i + 1]);
        }
        return parse(labels);
    }

    @Test
    void anImageWithoutLabelsHasEmptyMetadata() {
        ImageMetadata m = parse(Map.of());
        assertNull(m.model);
        assertNull(m.oci);
        assertEquals(Map.of(), m.originalLabels);
        assertEquals(Map.of(), parse((Map<String, String>) null).originalLabels);
    }

    @Test
    void everyOciAnnotationIsRead() {
        ImageMetadata m = parse(
                "org.opencontainers.image.title", "Llama",
                "org.opencontainers.image.description", "A model",
                "org.opencontainers.image.licenses", "Apache-2.0",
                "org.opencontainers.image.vendor", "AMD",
                "org.opencontainers.image.authors", "aim@amd.com",
                "org.opencontainers.image.source", "https://github.com/amd/aim",
                "org.opencontainers.image.documentation", "https://docs",
                "org.opencontainers.image.created", "2025-01-01T00:00:00Z",
                "org.opencontainers.image.revision", "abc123",
                "org.opencontainers.image.version", "0.8.4",
                "org.opencontainers.image.url", "https://ignored");
        assertEquals("Llama", m.oci.title);
        assertEquals("A model", m.oci.description);
        assertEquals("Apache-2.0", m.oci.licenses);
        assertEquals("AMD", m.oci.vendor);
        assertEquals("aim@amd.com", m.oci.authors);
        assertEquals("https://github.com/amd/aim", m.oci.source);
        assertEquals("https://docs", m.oci.documentation);
        assertEquals("2025-01-01T00:00:00Z", m.oci.created);
        assertEquals("abc123", m.oci.revision);
        assertEquals("0.8.4", m.oci.version);
        assertNull(m.model, "no AIM labels, no model block");
        assertEquals(11, m.originalLabels.size(), "every label is kept, also those not interpreted");
    }

    @Test
    void everyAimLabelIsRead() {
        ImageMetadata m = parse(
                "com.amd.aim.model.canonicalName", "meta-llama/Llama-3.1-8B-Instruct",
                "com.amd.aim.model.source", "https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct",
                "com.amd.aim.title", "Llama 3.1 8B",
                "com.amd.aim.description.full", "The full description",
                "com.amd.aim.release.notes", "First release",
                "com.amd.aim.model.tags", "text-generation, chat,,  ",
                "com.amd.aim.model.versions", "3.1",
                "com.amd.aim.model.variants", "8B,70B",
                "com.amd.aim.hfToken.required", "true",
                "com.amd.aim.model.recommendedDeployments",
                "[{\"gpuModel\": \"MI300X\", \"gpuCount\": 1, \"precision\": \"fp8\", \"metric\": \"latency\","
                        + " \"profileId\": \"p1\", \"description\": \"one GPU\"}]");
        ImageMetadata.Model model = m.model;
        assertEquals("meta-llama/Llama-3.1-8B-Instruct", model.canonicalName);
        assertEquals("https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct", model.source);
        assertEquals("Llama 3.1 8B", model.title);
        assertEquals("The full description", model.descriptionFull);
        assertEquals("First release", model.releaseNotes);
        assertEquals(List.of("text-generation", "chat"), model.tags, "trimmed, empty entries dropped");
        assertEquals(List.of("3.1"), model.versions);
        assertEquals(List.of("8B", "70B"), model.variants);
        assertEquals(Boolean.TRUE, model.hfTokenRequired);
        ImageMetadata.RecommendedDeployment d = model.recommendedDeployments.get(0);
        assertEquals("MI300X", d.gpuModel);
        assertEquals(1, d.gpuCount);
        assertEquals("fp8", d.precision);
        assertEquals("latency", d.metric);
        assertEquals("p1", d.profileId);
        assertEquals("one GPU", d.description);
        assertNull(m.oci);
    }

    @Test
    void legacyLabelsAreReadWhenTheCurrentOnesAreMissingOrEmpty() {
        ImageMetadata m = parse(
                "org.amd.silogen.model.canonicalName", "legacy/name",
                "org.amd.silogen.title", "legacy title",
                "com.amd.aim.title", "",
                "org.amd.silogen.model.tags", "a,b",
                "org.amd.silogen.hfToken.required", "0",
                "org.amd.silogen.model.recommendedDeployments", "{'gpuModel': 'MI325X', 'gpuCount': 8}");
        assertEquals("legacy/name", m.model.canonicalName);
        assertEquals("legacy title", m.model.title, "an empty current label falls back to the legacy one");
        assertEquals(List.of("a", "b"), m.model.tags);
        assertEquals(Boolean.FALSE, m.model.hfTokenRequired);
        assertEquals("MI325X", m.model.recommendedDeployments.get(0).gpuModel);
        assertEquals(8, m.model.recommendedDeployments.get(0).gpuCount);
    }

    @Test
    void theCurrentLabelWinsOverTheLegacyOne() {
        ImageMetadata m = parse("com.amd.aim.model.canonicalName", "new/name",
                "org.amd.silogen.model.canonicalName", "old/name");
        assertEquals("new/name", m.model.canonicalName);
    }

    @ParameterizedTest
    @CsvSource({ "1,true", "t,true", "T,true", "true,true", "TRUE,true", "True,true", "0,false", "f,false",
            "F,false", "false,false", "FALSE,false", "False,false", "yes,", "tRuE,", "2," })
    void hfTokenRequiredTakesGoBooleanSpellingsAndIgnoresOthers(String value, Boolean expected) {
        ImageMetadata m = parse("com.amd.aim.hfToken.required", value);
        assertEquals(expected, m.model == null ? null : m.model.hfTokenRequired);
    }

    @Test
    void pythonStyleQuotesAndMissingBracketsAreTolerated() {
        List<ImageMetadata.RecommendedDeployment> listed = parse("com.amd.aim.model.recommendedDeployments",
                "[{'gpuModel': 'MI300X', 'gpuCount': 1, 'precision': 'fp16', 'metric': 'throughput'},"
                        + " {'gpuModel': 'MI300X', 'gpuCount': 8}]").model.recommendedDeployments;
        assertEquals(2, listed.size());
        assertEquals("throughput", listed.get(0).metric);
        assertEquals(8, listed.get(1).gpuCount);

        List<ImageMetadata.RecommendedDeployment> bare = parse("com.amd.aim.model.recommendedDeployments",
                "  {\"gpuModel\": \"MI300X\", \"gpuCount\": 2}, {\"gpuModel\": \"MI325X\", \"gpuCount\": 4}  ")
                .model.recommendedDeployments;
        assertEquals(List.of("MI300X", "MI325X"), bare.stream().map(d -> d.gpuModel).toList(),
                "objects without the enclosing brackets are a list");
    }

    @Test
    void fieldNamesMatchIgnoringCaseAndUnknownFieldsAreIgnored() {
        ImageMetadata.RecommendedDeployment d = parse("com.amd.aim.model.recommendedDeployments",
                "[{\"GPUModel\": \"MI300X\", \"gpucount\": \"2\", \"Precision\": \"fp8\", \"engine\": \"vllm\"}]")
                .model.recommendedDeployments.get(0);
        assertEquals("MI300X", d.gpuModel);
        assertEquals(2, d.gpuCount);
        assertEquals("fp8", d.precision);
    }

    @Test
    void anEmptyDeploymentListMeansNone() {
        ImageMetadata m = parse("com.amd.aim.model.canonicalName", "x/y", "com.amd.aim.model.recommendedDeployments", "[]");
        assertNull(m.model.recommendedDeployments);
        assertNull(parse("com.amd.aim.model.canonicalName", "x/y").model.recommendedDeployments);
    }

    @ParameterizedTest
    @ValueSource(strings = { "not json", "[{\"gpuModel\": \"MI300X\"", "[{'gpuCount': 'many'}]", "[1, 2]",
            "[null]", "{\"gpuModel\": [\"MI300X\"]}" })
    void anUnreadableDeploymentLabelIsAnErrorNamingTheLabel(String value) {
        var e = assertThrows(ImageLabels.InvalidLabelException.class,
                () -> ImageLabels.parse(Map.of("org.amd.silogen.model.recommendedDeployments", value)));
        assertTrue(e.getMessage().startsWith("label org.amd.silogen.model.recommendedDeployments "), e.getMessage());
        assertTrue(e.getMessage().contains(value.length() > 200 ? value.substring(0, 200) : value), e.getMessage());
    }

    @Test
    void aLongUnreadableValueIsShortenedInTheMessage() {
        String value = "x".repeat(500);
        var e = assertThrows(ImageLabels.InvalidLabelException.class,
                () -> ImageLabels.parse(Map.of("com.amd.aim.model.recommendedDeployments", value)));
        assertTrue(e.getMessage().length() < 450, e.getMessage());
        assertTrue(e.getMessage().endsWith("…"));
    }

    @Test
    void aListLabelOfOnlySeparatorsIsNoList() {
        ImageMetadata m = parse("com.amd.aim.model.tags", " , ,", "com.amd.aim.model.canonicalName", "a/b");
        assertNull(m.model.tags);
        assertNotNull(m.model);
    }
}
