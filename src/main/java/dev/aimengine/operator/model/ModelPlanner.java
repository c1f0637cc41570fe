package dev.aimengine.operator.model;

import dev.aimengine.operator.api.v1alpha1.AIMModelSourceType;
import dev.aimengine.operator.api.v1alpha1.AIMModelSpec;
import dev.aimengine.operator.api.v1alpha1.AIMModelStatus;
import dev.aimengine.operator.api.v1alpha1.ImageMetadata;
import dev.aimengine.operator.common.reconcile.Decision;
import dev.aimengine.operator.common.status.AIMStatus;
import dev.aimengine.operator.common.status.Component;
import dev.aimengine.operator.runtimeconfig.RuntimeConfigResolution;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides everything about one AIMModel or AIMClusterModel from fetched state (spec §2.10): source type, image
 * metadata, the templates to create and the aggregated health of the existing templates. Pure: no API calls.
 *
 * <p>Registry inspection is not part of this version: image models need {@code spec.imageMetadata} or
 * {@code discovery.extractMetadata: false}; otherwise ImageMetadataReady says so and the model stays Pending.
 */
public final class ModelPlanner {
    static final String IMAGE_METADATA = "ImageMetadata";

    /**
     * @param model          the AIMModel / AIMClusterModel
     * @param previous       its current status (may carry image metadata from earlier)
     * @param templateStatus {@code status.status} of every existing template whose spec.modelName is this model
     */
    public record Input(HasMetadata model, AIMModelSpec spec, AIMModelStatus previous, RuntimeConfigResolution runtimeConfig,
            List<String> templateStatus) {
    }

    /** Components, the status fields to write and the templates to apply (owned by the model). */
    public static Decision<AIMModelStatus> plan(Input in) {
        boolean cluster = in.model().getMetadata().getNamespace() == null;
        AIMModelSpec spec = in.spec();
        ImageMetadata metadata = effectiveMetadata(in);
        Boolean expects = expectsTemplates(spec, metadata);

        List<Component> components = new ArrayList<>();
        components.add(dependency(in.runtimeConfig().component(), cluster));
        components.add(dependency(imageMetadataComponent(in), cluster));
        components.add(dependency(TemplateAggregation.of(expects, in.templateStatus())
                .component(cluster ? "ClusterServiceTemplates" : "ServiceTemplates"), cluster));

        AIMModelStatus status = new AIMModelStatus();
        status.imageMetadata = spec.imageMetadata != null && !extractionDisabled(spec) ? spec.imageMetadata
                : in.previous() == null ? null : in.previous().imageMetadata;
        status.sourceType = isCustom(spec) ? AIMModelSourceType.Custom.name() : AIMModelSourceType.Image.name();
        status.resolvedRuntimeConfig = in.runtimeConfig().reference();
        Decision<AIMModelStatus> decision = Decision.of(status);
        components.forEach(decision::component);
        if (Boolean.TRUE.equals(expects)) {
            templates(in, metadata).forEach(decision::own);
        }
        return decision.labelPropagation(in.runtimeConfig().labelPropagation());
    }

    /** Cluster models report every component as upstream (not ready means Pending), namespaced ones leave it open. */
    private static Component dependency(Component c, boolean cluster) {
        return cluster ? c.upstream() : c;
    }

    static boolean isCustom(AIMModelSpec spec) {
        return spec.modelSources != null && !spec.modelSources.isEmpty();
    }

    static boolean extractionDisabled(AIMModelSpec spec) {
        return spec.discovery != null && Boolean.FALSE.equals(spec.discovery.extractMetadata);
    }

    private static ImageMetadata effectiveMetadata(Input in) {
        if (in.spec().imageMetadata != null) {
            return in.spec().imageMetadata;
        }
        return in.previous() == null ? null : in.previous().imageMetadata;
    }

    /**
     * Whether the model will have templates: false when creation is disabled, true for custom models, else from the
     * metadata's recommended deployments or custom templates; null while that is unknown. Unlike the original, a
     * model with metadata extraction disabled and no metadata decides from its custom templates alone instead of
     * waiting forever (QUIRK 35).
     */
    static Boolean expectsTemplates(AIMModelSpec spec, ImageMetadata metadata) {
        if (spec.discovery != null && Boolean.FALSE.equals(spec.discovery.createServiceTemplates)) {
            return false;
        }
        if (isCustom(spec)) {
            return true;
        }
        boolean hasCustomTemplates = spec.customTemplates != null && !spec.customTemplates.isEmpty();
        if (metadata != null) {
            return hasDeployments(metadata) || hasCustomTemplates;
        }
        if (extractionDisabled(spec)) {
            return hasCustomTemplates;
        }
        return null;
    }

    private static boolean hasDeployments(ImageMetadata m) {
        return m.model != null && m.model.recommendedDeployments != null && !m.model.recommendedDeployments.isEmpty();
    }

    static Component imageMetadataComponent(Input in) {
        AIMModelSpec spec = in.spec();
        if (extractionDisabled(spec)) {
            return Component.ready(IMAGE_METADATA, "ImageFound", "Metadata extraction is disabled");
        }
        ImageMetadata metadata = effectiveMetadata(in);
        if (metadata != null) {
            boolean named = metadata.model != null && metadata.model.canonicalName != null
                    && !metadata.model.canonicalName.isEmpty();
            String source = spec.imageMetadata != null ? "provided in spec" : "recorded in status";
            return Component.ready(IMAGE_METADATA, named ? "ImageMetadataFound" : "ImageFound",
                    "Image metadata " + source + (named ? " for " + metadata.model.canonicalName : ""));
        }
        if (isCustom(spec)) {
            return Component.ready(IMAGE_METADATA, "InspectionSkipped",
                    "Custom model: image labels are not needed (registry inspection is not available in this version)");
        }
        return Component.of(IMAGE_METADATA, AIMStatus.Pending, "RegistryInspectionUnavailable",
                "Reading image labels from the registry is not available in this operator version yet;"
                        + " provide spec.imageMetadata or set spec.discovery.extractMetadata: false");
    }

    private static List<HasMetadata> templates(Input in, ImageMetadata metadata) {
        AIMModelSpec spec = in.spec();
        ModelTemplates.Owner owner = new ModelTemplates.Owner(in.model().getMetadata().getName(),
                in.model().getMetadata().getNamespace(), spec);
        List<HasMetadata> out = new ArrayList<>();
        boolean hasCustomTemplates = spec.customTemplates != null && !spec.customTemplates.isEmpty();
        if (isCustom(spec) && !hasCustomTemplates) {
            out.add(ModelTemplates.autoCustomTemplate(owner));
            return out;
        }
        if (!isCustom(spec) && metadata != null && hasDeployments(metadata)) {
            metadata.model.recommendedDeployments.forEach(d -> out.add(ModelTemplates.fromRecommendedDeployment(owner, d)));
        }
        if (hasCustomTemplates) {
            for (int i = 0; i < spec.customTemplates.size(); i++) {
                out.add(ModelTemplates.fromCustomTemplate(owner, i, spec.customTemplates.get(i)));
            }
        }
        return out;
    }

    private ModelPlanner() {
    }
}
