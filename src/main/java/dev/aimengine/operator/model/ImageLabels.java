package dev.aimengine.operator.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.aimengine.operator.api.v1alpha1.ImageMetadata;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an image's labels into {@link ImageMetadata}: the standard OCI annotations
 * ({@code org.opencontainers.image.*}) and the AIM labels, each read as {@code com.amd.aim.<key>} or, for images
 * built before the rename, {@code org.amd.silogen.<key>}. Every label is kept in {@code originalLabels}. An image
 * without labels is fine (empty metadata); only a {@code model.recommendedDeployments} label that is not a JSON list
 * of deployments is an error, since templates are made from it. Pure.
 */
public final class ImageLabels {
    static final String OCI_PREFIX = "org.opencontainers.image.";
    static final String AIM_PREFIX = "com.amd.aim.";
    static final String LEGACY_AIM_PREFIX = "org.amd.silogen.";
    static final String RECOMMENDED_DEPLOYMENTS = "model.recommendedDeployments";

    /**
     * Field names match case-insensitively and unknown fields are ignored, as Go's JSON decoding of AIM Engine does;
     * a quoted number is accepted as a number.
     */
    private static final ObjectReader DEPLOYMENTS = JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build()
            .readerFor(ImageMetadata.RecommendedDeployment[].class);

    /** A label whose value cannot be used; the message names the label and says what is wrong. */
    public static final class InvalidLabelException extends Exception {
        InvalidLabelException(String message) {
            super(message);
        }
    }

    /** The metadata the labels describe; {@code model} and {@code oci} are only set when such labels exist. */
    public static ImageMetadata parse(Map<String, String> labels) throws InvalidLabelException {
        Map<String, String> all = labels == null ? Map.of() : labels;
        ImageMetadata metadata = new ImageMetadata();
        metadata.oci = oci(all);
        metadata.model = model(all);
        metadata.originalLabels = new LinkedHashMap<>(all);
        return metadata;
    }

    private static ImageMetadata.Oci oci(Map<String, String> labels) {
        ImageMetadata.Oci oci = new ImageMetadata.Oci();
        oci.title = nonEmpty(labels.get(OCI_PREFIX + "title"));
        oci.description = nonEmpty(labels.get(OCI_PREFIX + "description"));
        oci.licenses = nonEmpty(labels.get(OCI_PREFIX + "licenses"));
        oci.vendor = nonEmpty(labels.get(OCI_PREFIX + "vendor"));
        oci.authors = nonEmpty(labels.get(OCI_PREFIX + "authors"));
        oci.source = nonEmpty(labels.get(OCI_PREFIX + "source"));
        oci.documentation = nonEmpty(labels.get(OCI_PREFIX + "documentation"));
        oci.created = nonEmpty(labels.get(OCI_PREFIX + "created"));
        oci.revision = nonEmpty(labels.get(OCI_PREFIX + "revision"));
        oci.version = nonEmpty(labels.get(OCI_PREFIX + "version"));
        boolean any = Arrays.asList(oci.title, oci.description, oci.licenses, oci.vendor, oci.authors, oci.source,
                oci.documentation, oci.created, oci.revision, oci.version).stream().anyMatch(v -> v != null);
        return any ? oci : null;
    }

    private static ImageMetadata.Model model(Map<String, String> labels) throws InvalidLabelException {
        ImageMetadata.Model m = new ImageMetadata.Model();
        m.canonicalName = aim(labels, "model.canonicalName").value();
        m.source = aim(labels, "model.source").value();
        m.title = aim(labels, "title").value();
        m.descriptionFull = aim(labels, "description.full").value();
        m.releaseNotes = aim(labels, "release.notes").value();
        m.tags = list(aim(labels, "model.tags").value());
        m.versions = list(aim(labels, "model.versions").value());
        m.variants = list(aim(labels, "model.variants").value());
        m.hfTokenRequired = bool(aim(labels, "hfToken.required").value());
        m.recommendedDeployments = deployments(aim(labels, RECOMMENDED_DEPLOYMENTS));
        boolean any = Arrays.asList(m.canonicalName, m.source, m.title, m.descriptionFull, m.releaseNotes, m.tags,
                m.versions, m.variants, m.hfTokenRequired, m.recommendedDeployments).stream().anyMatch(v -> v != null);
        return any ? m : null;
    }

    /** An AIM label: the current key if it has a value, else the legacy one. */
    record Label(String key, String value) {
    }

    static Label aim(Map<String, String> labels, String suffix) {
        for (String prefix : new String[] { AIM_PREFIX, LEGACY_AIM_PREFIX }) {
            String value = nonEmpty(labels.get(prefix + suffix));
            if (value != null) {
                return new Label(prefix + suffix, value);
            }
        }
        return new Label(AIM_PREFIX + suffix, null);
    }

    /** Comma-separated values, each trimmed, empty ones dropped; null when nothing is left. */
    static List<String> list(String value) {
        if (value == null) {
            return null;
        }
        List<String> items = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        return items.isEmpty() ? null : items;
    }

    /** The spellings Go's strconv.ParseBool accepts; anything else is ignored (null). */
    static Boolean bool(String value) {
        if (value == null) {
            return null;
        }
        return switch (value.trim()) {
            case "1", "t", "T", "true", "TRUE", "True" -> Boolean.TRUE;
            case "0", "f", "F", "false", "FALSE", "False" -> Boolean.FALSE;
            default -> null;
        };
    }

    /**
     * A JSON list of deployments. Image builders often write Python literals, so single quotes are read as double
     * quotes, and a single object (or several, comma-separated) without the enclosing brackets is read as a list.
     */
    static List<ImageMetadata.RecommendedDeployment> deployments(Label label) throws InvalidLabelException {
        if (label.value() == null) {
            return null;
        }
        String json = label.value().replace('\'', '"').trim();
        if (!json.startsWith("[")) {
            json = "[" + json + "]";
        }
        ImageMetadata.RecommendedDeployment[] parsed;
        try {
            parsed = DEPLOYMENTS.readValue(json);
        } catch (JsonProcessingException e) {
            throw new InvalidLabelException("label " + label.key() + " is not a JSON list of deployments ("
                    + abbreviate(e.getOriginalMessage(), 120) + "): " + abbreviate(label.value(), 200));
        }
        if (parsed == null) {
            return null;
        }
        if (Arrays.stream(parsed).anyMatch(d -> d == null)) {
            throw new InvalidLabelException("label " + label.key() + " lists an empty deployment (null): "
                    + abbreviate(label.value(), 200));
        }
        return parsed.length == 0 ? null : List.of(parsed);
    }

    private static String abbreviate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max) + "…";
    }

    private static String nonEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private ImageLabels() {
    }
}
