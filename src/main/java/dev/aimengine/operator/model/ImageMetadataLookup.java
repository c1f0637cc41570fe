package dev.aimengine.operator.model;

import dev.aimengine.operator.api.v1alpha1.AIMModelSpec;
import dev.aimengine.operator.api.v1alpha1.AIMModelStatus;
import dev.aimengine.operator.api.v1alpha1.ImageMetadata;
import dev.aimengine.operator.common.status.ComponentError;
import dev.aimengine.operator.common.status.ErrorCategory;

/**
 * Where a model's image metadata comes from this reconcile, or why it could not be had. In order: extraction
 * disabled ({@code discovery.extractMetadata: false}) means none is read; metadata in the spec is used as written
 * (air-gapped clusters); metadata already in the status is kept (an image is read once, never again); otherwise the
 * image's labels are read from its registry.
 */
public sealed interface ImageMetadataLookup {

    /** {@code discovery.extractMetadata: false}: the image is not read. */
    record Skipped() implements ImageMetadataLookup {
    }

    /** {@code spec.imageMetadata}, written by the user. */
    record Provided(ImageMetadata metadata) implements ImageMetadataLookup {
    }

    /** {@code status.imageMetadata}, read from the registry by an earlier reconcile. */
    record Cached(ImageMetadata metadata) implements ImageMetadataLookup {
    }

    /** Read from the registry in this reconcile. */
    record Inspected(String image, String digest, ImageMetadata metadata) implements ImageMetadataLookup {
    }

    /** The metadata could not be read; {@code message} names the image, registry or secret involved. */
    record Failed(Failure failure, String message) implements ImageMetadataLookup {
        ComponentError error() {
            return new ComponentError(failure.category, failure.reason, message);
        }
    }

    /** Why reading the metadata failed: the condition reason and how the status engine treats it. */
    enum Failure {
        /** A secret named in {@code spec.imagePullSecrets} does not exist: the model fails until it appears. */
        SECRET_NOT_FOUND("SecretNotFound", ErrorCategory.MISSING_UPSTREAM_DEPENDENCY),
        /** A pull secret holds no readable docker config: the model fails until the secret is corrected. */
        INVALID_PULL_SECRET("InvalidPullSecret", ErrorCategory.INVALID_SPEC),
        /** A pull secret could not be read (API server trouble, no permission): retried. */
        SECRET_ACCESS_FAILED("SecretAccessFailed", ErrorCategory.INFRASTRUCTURE),
        /** {@code spec.image} is no valid image reference: the model fails until the spec changes. */
        INVALID_IMAGE_REFERENCE("InvalidImageReference", ErrorCategory.INVALID_SPEC),
        /** The registry refused the credentials (or anonymous access): AuthValid=False, the model fails. */
        REGISTRY_AUTH_FAILED("RegistryAuthFailed", ErrorCategory.AUTH),
        /** The repository or tag does not exist (yet): retried. */
        IMAGE_NOT_FOUND("ImageNotFound", ErrorCategory.UNKNOWN),
        /** No answer from the registry: retried. */
        REGISTRY_UNREACHABLE("RegistryUnreachable", ErrorCategory.INFRASTRUCTURE),
        /** An answer that is no registry answer: retried. */
        REGISTRY_INVALID_RESPONSE("RegistryInvalidResponse", ErrorCategory.UNKNOWN),
        /** The image's labels cannot be read as AIM metadata: retried (the tag may be pushed again). */
        IMAGE_LABELS_INVALID("ImageLabelsInvalid", ErrorCategory.UNKNOWN);

        final String reason;
        final ErrorCategory category;

        Failure(String reason, ErrorCategory category) {
            this.reason = reason;
            this.category = category;
        }

        /**
         * Failures the status engine does not retry by itself (it waits for a change of the model), but which a change
         * elsewhere can cure: a secret being created or corrected, access being granted. Secrets are not watched, so
         * the model looks again on its own.
         */
        boolean curedElsewhere() {
            return this == SECRET_NOT_FOUND || this == INVALID_PULL_SECRET || this == REGISTRY_AUTH_FAILED;
        }
    }

    /** The metadata this lookup found, or null. */
    default ImageMetadata metadata() {
        if (this instanceof Provided p) {
            return p.metadata();
        }
        if (this instanceof Cached c) {
            return c.metadata();
        }
        return this instanceof Inspected i ? i.metadata() : null;
    }

    /**
     * The lookups that need no I/O; null when the registry must be asked. Spec metadata wins over the status, so
     * editing {@code spec.imageMetadata} takes effect.
     */
    static ImageMetadataLookup withoutRegistry(AIMModelSpec spec, AIMModelStatus status) {
        if (ModelPlanner.extractionDisabled(spec)) {
            return new Skipped();
        }
        if (spec.imageMetadata != null) {
            return new Provided(spec.imageMetadata);
        }
        if (status != null && status.imageMetadata != null) {
            return new Cached(status.imageMetadata);
        }
        return null;
    }
}
