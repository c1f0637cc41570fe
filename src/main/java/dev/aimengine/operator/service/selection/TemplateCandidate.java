package dev.aimengine.operator.service.selection;

import dev.aimengine.operator.api.v1alpha1.AIMClusterServiceTemplate;
import dev.aimengine.operator.api.v1alpha1.AIMGpuRequirements;
import dev.aimengine.operator.api.v1alpha1.AIMProfileType;
import dev.aimengine.operator.api.v1alpha1.AIMResolutionScope;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplate;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplateSpecCommon;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplateStatus;
import dev.aimengine.operator.gpu.GpuLabels;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.Objects;

/**
 * One AIMServiceTemplate or AIMClusterServiceTemplate as template selection sees it.
 *
 * <p>The accessors read the facts selection works with. Wherever the template's discovered profile
 * ({@code status.profile.metadata}) and its spec can both say something, the order is fixed per fact:
 * the GPU model and GPU count come from the spec first, metric and precision from the profile first.
 * Missing values are returned as {@code ""} or 0, never {@code null}.
 *
 * @param template the template object, used for its name
 * @param spec     its spec (for a namespaced template the common part of it); may be {@code null}
 * @param status   its status; may be {@code null} (a template nobody has reconciled yet)
 * @param cluster  {@code true} for an AIMClusterServiceTemplate
 */
public record TemplateCandidate(HasMetadata template, AIMServiceTemplateSpecCommon spec,
                                AIMServiceTemplateStatus status, boolean cluster) {

    public TemplateCandidate {
        Objects.requireNonNull(template, "template");
    }

    /** A namespaced template. */
    public static TemplateCandidate of(AIMServiceTemplate template) {
        return new TemplateCandidate(template, template.getSpec(), template.getStatus(), false);
    }

    /** A cluster-scoped template. */
    public static TemplateCandidate of(AIMClusterServiceTemplate template) {
        return new TemplateCandidate(template, template.getSpec(), template.getStatus(), true);
    }

    /** {@code metadata.name}; {@code ""} when unset. */
    public String name() {
        return template.getMetadata() == null ? "" : nz(template.getMetadata().getName());
    }

    /** {@code Namespace} or {@code Cluster}, as written into resolved references. */
    public String scope() {
        return (cluster ? AIMResolutionScope.Cluster : AIMResolutionScope.Namespace).name();
    }

    /** {@code status.status}; {@code ""} when the template has no status yet. */
    public String statusValue() {
        return status == null ? "" : nz(status.status);
    }

    /** The model the template belongs to ({@code spec.modelName}); {@code ""} when unset. */
    public String modelName() {
        return spec == null ? "" : nz(spec.modelName).strip();
    }

    /**
     * The optimisation level of the discovered profile, {@code status.profile.metadata.type};
     * {@code unoptimized} when the template has no profile (or the profile names no type).
     */
    public String profileType() {
        AIMServiceTemplateStatus.ProfileMetadata metadata = profileMetadata();
        String type = metadata == null ? "" : nz(metadata.type).strip();
        return type.isEmpty() ? AIMProfileType.unoptimized.name() : type;
    }

    /**
     * The GPU model the template runs on, normalised ({@link GpuLabels#normalizeModel}):
     * {@code spec.hardware.gpu.model}, else {@code status.profile.metadata.gpu}; {@code ""} when neither is set
     * (a CPU template, or one whose hardware is still unknown).
     */
    public String gpuModel() {
        AIMGpuRequirements gpu = specGpu();
        if (gpu != null && gpu.model != null && !gpu.model.isBlank()) {
            return GpuLabels.normalizeModel(gpu.model);
        }
        AIMServiceTemplateStatus.ProfileMetadata metadata = profileMetadata();
        return metadata == null ? "" : GpuLabels.normalizeModel(metadata.gpu);
    }

    /**
     * GPUs one replica needs: {@code spec.hardware.gpu.requests} when positive, else
     * {@code status.profile.metadata.gpuCount} when positive, else 0.
     */
    public int gpuCount() {
        AIMGpuRequirements gpu = specGpu();
        if (gpu != null && gpu.requestsOrZero() > 0) {
            return gpu.requestsOrZero();
        }
        AIMServiceTemplateStatus.ProfileMetadata metadata = profileMetadata();
        return metadata == null || metadata.gpuCount == null ? 0 : Math.max(0, metadata.gpuCount);
    }

    /** The optimisation target: the profile's metric when set, else {@code spec.metric}, else {@code ""}. */
    public String metric() {
        AIMServiceTemplateStatus.ProfileMetadata metadata = profileMetadata();
        return firstNonEmpty(metadata == null ? null : metadata.metric, spec == null ? null : spec.metric);
    }

    /** The numeric precision: the profile's precision when set, else {@code spec.precision}, else {@code ""}. */
    public String precision() {
        AIMServiceTemplateStatus.ProfileMetadata metadata = profileMetadata();
        return firstNonEmpty(metadata == null ? null : metadata.precision, spec == null ? null : spec.precision);
    }

    /** "AIMServiceTemplate x" or "AIMClusterServiceTemplate x", for messages. */
    public String describe() {
        return (cluster ? "AIMClusterServiceTemplate " : "AIMServiceTemplate ") + name();
    }

    private AIMServiceTemplateStatus.ProfileMetadata profileMetadata() {
        return status == null || status.profile == null ? null : status.profile.metadata;
    }

    private AIMGpuRequirements specGpu() {
        return spec == null || spec.hardware == null ? null : spec.hardware.gpu;
    }

    private static String firstNonEmpty(String first, String second) {
        if (first != null && !first.isBlank()) {
            return first.strip();
        }
        return second == null ? "" : second.strip();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
