package dev.aimengine.operator.model;

import dev.aimengine.operator.model.ImageMetadataLookup.Failed;
import dev.aimengine.operator.model.ImageMetadataLookup.Failure;
import dev.aimengine.operator.registry.RegistryException;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The messages a registry failure gives the model's condition: the image, the registry and, for auth, the secrets. */
class ImageInspectionTest {
    static final String IMAGE = "ghcr.io/org/private:1";

    static Failed failure(RegistryException.Kind kind, Set<String> secrets) {
        return ImageInspection.registryFailure(IMAGE, "ghcr.io", secrets, new RegistryException(kind, "HTTP said so"));
    }

    @Test
    void eachKindOfRegistryFailureHasItsReasonAndAMessageNamingImageAndRegistry() {
        assertEquals(new Failed(Failure.REGISTRY_AUTH_FAILED, "registry ghcr.io refused access to image \"" + IMAGE
                + "\" without credentials (no imagePullSecrets are set): HTTP said so"),
                failure(RegistryException.Kind.UNAUTHORIZED, Set.of()));
        assertEquals(new Failed(Failure.REGISTRY_AUTH_FAILED, "registry ghcr.io refused access to image \"" + IMAGE
                + "\" with the credentials of imagePullSecrets a, b: HTTP said so"),
                failure(RegistryException.Kind.UNAUTHORIZED, new LinkedHashSet<>(List.of("a", "b"))));
        assertEquals(new Failed(Failure.IMAGE_NOT_FOUND, "image \"" + IMAGE
                + "\" was not found in registry ghcr.io: HTTP said so"),
                failure(RegistryException.Kind.NOT_FOUND, Set.of()));
        assertEquals(new Failed(Failure.REGISTRY_UNREACHABLE, "registry ghcr.io cannot be reached to read image \""
                + IMAGE + "\": HTTP said so"), failure(RegistryException.Kind.UNREACHABLE, Set.of()));
        assertEquals(new Failed(Failure.REGISTRY_INVALID_RESPONSE, "registry ghcr.io gave an unexpected answer for"
                + " image \"" + IMAGE + "\": HTTP said so"), failure(RegistryException.Kind.INVALID_RESPONSE, Set.of()));
    }

    @Test
    void theConditionReasonsAreTheDocumentedOnes() {
        assertEquals(List.of("SecretNotFound", "InvalidPullSecret", "SecretAccessFailed", "InvalidImageReference", "RegistryAuthFailed",
                "ImageNotFound", "RegistryUnreachable", "RegistryInvalidResponse", "ImageLabelsInvalid"),
                java.util.Arrays.stream(Failure.values()).map(f -> f.reason).toList());
    }
}
