package dev.aimengine.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/** Metadata of a model image: AIM labels, OCI labels and the raw labels (spec: user-provided; status: extracted). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ImageMetadata {
    public Model model;
    public Oci oci;
    public Map<String, String> originalLabels;

    /** AIM labels ({@code com.amd.aim.*}, legacy {@code org.amd.silogen.*}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Model {
        public String canonicalName;
        public String source;
        public List<String> tags;
        public List<String> versions;
        public List<String> variants;
        public Boolean hfTokenRequired;
        public String title;
        public String descriptionFull;
        public String releaseNotes;
        public List<RecommendedDeployment> recommendedDeployments;
    }

    /** {@code org.opencontainers.image.*} labels. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Oci {
        public String title;
        public String description;
        public String licenses;
        public String vendor;
        public String authors;
        public String source;
        public String documentation;
        public String created;
        public String revision;
        public String version;
    }

    /** A deployment profile the image recommends; each becomes a template. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class RecommendedDeployment {
        public String gpuModel;
        public Integer gpuCount;
        public String precision;
        public String metric;
        public String profileId;
        public String description;
    }
}
