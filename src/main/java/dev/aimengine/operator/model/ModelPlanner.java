package dev.aimengine.operator.model;

import dev.aimengine.operator.api.v1alpha1.AIMModelSourceType;
import dev.aimengine.operator.api.v1alpha1.AIMModelSpec;
import dev.aimengine.operator.api.v1alpha1.AIMModelStatus;
import dev.aimengine.operator.api.v1alpha1.ImageMetadata;
import dev.aimengine.operator.common.reconcile.Decision;
import dev.aimengine.operator.common.status.Component;
import dev.aimengine.operator.common.status.Conditions;
import dev.aimengine.operator.runtimeconfig.RuntimeConfigResolution;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides everything about one AIMModel or AIMClusterModel from what was read: source type, image metadata (looked
 * up before planning, see {@link ImageMetadataLookup}), the templates to create and the aggregated health of the
 * existing templates. Pure: no API or registry calls.
 */
public final class ModelPlanner {
    static final String IMAGE_METADATA = "ImageMetadata";
    /** How soon a model whose pull secret is missing or whose credentials were refused looks again, at first. */
    static final Duration RECHECK_MIN = Duration.ofSeconds(5);
    /** ... and at most, however long the failure has lasted. */
    static final Duration RECHECK_MAX = Duration.ofMinutes(5);

    /**
     * @param model          the AIMModel / AIMClusterModel
     * @param previous       its current status (may carry image metadata from earlier)
     * @param image          where the image metadata comes from this reconcile, or why there is none
     * @param templateStatus {@code status.status} of every existing template whose spec.modelName is this model
     * @param now            the time of this reconcile
     */
    public record Input(HasMetadata model, AIMModelSpec spec, AIMModelStatus previous, RuntimeConfigResolution runtimeConfig,
            ImageMetadataLookup image, List<String> templateStatus, Instant now) {
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
        status.imageMetadata = in.image() instanceof ImageMetadataLookup.Provided
                || in.image() instanceof ImageMetadataLookup.Inspected ? in.image().metadata()
                        : in.previous() == null ? null : in.previous().imageMetadata;
        status.sourceType = isCustom(spec) ? AIMModelSourceType.Custom.name() : AIMModelSourceType.Image.name();
        status.resolvedRuntimeConfig = in.runtimeConfig().reference();
        Decision<AIMModelStatus> decision = Decision.of(status);
        components.forEach(decision::component);
        if (Boolean.TRUE.equals(expects)) {
            templates(in, metadata).forEach(decision::own);
        }
        if (in.image() instanceof ImageMetadataLookup.Failed f && f.failure().curedElsewhere()) {
            decision.requeueAfter(recheck(in, f));
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

    /**
     * The metadata templates are made from: what the lookup found; with extraction disabled, metadata the user
     * wrote in the spec (or an earlier reconcile recorded) still counts.
     */
    static ImageMetadata effectiveMetadata(Input in) {
        if (in.image() instanceof ImageMetadataLookup.Skipped) {
            if (in.spec().imageMetadata != null) {
                return in.spec().imageMetadata;
            }
            return in.previous() == null ? null : in.previous().imageMetadata;
        }
        return in.image().metadata();
    }

    /**
     * Whether the model will have templates: false when creation is disabled, true for custom models, else from the
     * metadata's recommended deployments or custom templates; null while that is unknown. A model with metadata
     * extraction disabled and no metadata decides from its custom templates alone instead of waiting forever (AIM
     * Engine keeps such a model Progressing).
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
        ImageMetadataLookup lookup = in.image();
        if (lookup instanceof ImageMetadataLookup.Failed f) {
            return Component.failing(IMAGE_METADATA, f.error());
        }
        if (lookup instanceof ImageMetadataLookup.Skipped) {
            return Component.ready(IMAGE_METADATA, "ImageFound", "Metadata extraction is disabled");
        }
        ImageMetadata metadata = lookup.metadata();
        String canonicalName = metadata == null || metadata.model == null ? null : metadata.model.canonicalName;
        boolean named = canonicalName != null && !canonicalName.isEmpty();
        String reason = named ? "ImageMetadataFound" : "ImageFound";
        if (lookup instanceof ImageMetadataLookup.Inspected i) {
            return Component.ready(IMAGE_METADATA, reason, named
                    ? "Read the labels of image " + i.image() + ": model " + canonicalName
                    : "Read image " + i.image() + " from its registry: it has no AIM model labels");
        }
        String source = lookup instanceof ImageMetadataLookup.Provided ? "provided in spec" : "recorded in status";
        return Component.ready(IMAGE_METADATA, reason, "Image metadata " + source + (named ? " for " + canonicalName : ""));
    }

    /**
     * When a model that waits for something outside it (a pull secret, access to the registry) looks again: as long
     * as it has waited so far, between {@link #RECHECK_MIN} and {@link #RECHECK_MAX}.
     */
    static Duration recheck(Input in, ImageMetadataLookup.Failed failure) {
        Instant since = in.previous() == null || in.previous().conditions == null ? null
                : in.previous().conditions.stream()
                        .filter(c -> (IMAGE_METADATA + "Ready").equals(c.getType())
                                && failure.failure().reason.equals(c.getReason()))
                        .findFirst().flatMap(Conditions::lastTransition).orElse(null);
        Duration waited = since == null ? Duration.ZERO : Duration.between(since, in.now());
        return waited.compareTo(RECHECK_MIN) < 0 ? RECHECK_MIN
                : waited.compareTo(RECHECK_MAX) > 0 ? RECHECK_MAX : waited;
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
