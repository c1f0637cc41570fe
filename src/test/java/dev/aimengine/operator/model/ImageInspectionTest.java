package dev.aimengine.operator.model;

import dev.aimengine.operator.model.ImageMetadataLookup.Failed;
import dev.aimengine.operator.model.ImageMetadataLookup.Failure;
import dev.aimengine.operator.registry.RegistryException;
import dev.aimengine.operator.api.v1alpha1.AIMModel;
import dev.aimengine.operator.registry.ImageConfig;
import dev.aimengine.operator.registry.ImageName;
import dev.aimengine.operator.registry.RegistryClient;
import dev.aimengine.operator.registry.RegistryCredentials;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The messages a registry failure gives the model's condition (the image, the registry and, for auth, the secrets),
 * and how often a failing registry is asked again.
 */
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

    /** A clock the test moves by hand. */
    static final class HandClock extends Clock {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** A registry that fails every read this way and counts the reads. */
    static final class FailingRegistry implements RegistryClient {
        final AtomicInteger reads = new AtomicInteger();
        volatile RegistryException.Kind kind;
        volatile ImageConfig answer;

        FailingRegistry(RegistryException.Kind kind) {
            this.kind = kind;
        }

        @Override
        public ImageConfig inspect(ImageName image, RegistryCredentials credentials) throws RegistryException {
            reads.incrementAndGet();
            if (answer != null) {
                return answer;
            }
            throw new RegistryException(kind, "no answer within 20 s");
        }

        @Override
        public List<String> listTags(String registry, String repository, RegistryCredentials credentials) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> listRepositories(String registry, RegistryCredentials credentials) {
            throw new UnsupportedOperationException();
        }
    }

    static AIMModel model(long generation) {
        AIMModel m = new KubernetesSerialization().unmarshal("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMModel
                metadata: {name: m, namespace: ns, uid: u-1}
                spec: {image: "%s"}
                """.formatted(IMAGE), AIMModel.class);
        m.getMetadata().setGeneration(generation);
        return m;
    }

    static ImageInspection inspection(RegistryClient registry, Clock clock) {
        ImageInspection inspection = new ImageInspection();
        inspection.registry = registry;
        inspection.clock = clock;
        return inspection;
    }

    /** Reads the model's image at {@code seconds} after the start; how many registry reads there have been since. */
    static int readAt(ImageInspection inspection, HandClock clock, FailingRegistry registry, AIMModel m, int seconds) {
        clock.now = Instant.parse("2025-01-01T00:00:00Z").plusSeconds(seconds);
        int before = registry.reads.get();
        ImageMetadataLookup result = inspection.lookup(m, m.getSpec(), m.getStatus(), "ns");
        if (registry.answer == null) {
            assertTrue(result instanceof Failed, String.valueOf(result));
        }
        return registry.reads.get() - before;
    }

    @Test
    void aRegistryWithoutAnswerIsAskedAgainOnlyAfterABackoffAsLongAsTheFailuresHaveLasted() {
        HandClock clock = new HandClock();
        FailingRegistry registry = new FailingRegistry(RegistryException.Kind.UNREACHABLE);
        ImageInspection inspection = inspection(registry, clock);
        AIMModel m = model(1);

        assertEquals(1, readAt(inspection, clock, registry, m, 0));
        assertEquals(0, readAt(inspection, clock, registry, m, 1), "the shortest backoff is 2 s");
        assertEquals(1, readAt(inspection, clock, registry, m, 2));
        assertEquals(0, readAt(inspection, clock, registry, m, 3), "failing for 2 s: wait 2 s");
        assertEquals(1, readAt(inspection, clock, registry, m, 4));
        assertEquals(0, readAt(inspection, clock, registry, m, 7), "failing for 4 s: wait 4 s");
        assertEquals(1, readAt(inspection, clock, registry, m, 8));
        assertEquals(0, readAt(inspection, clock, registry, m, 15), "failing for 8 s: wait 8 s");
        assertEquals(1, readAt(inspection, clock, registry, m, 16));
        Failed held = (Failed) inspection.lookup(m, m.getSpec(), m.getStatus(), "ns");
        assertEquals(Failure.REGISTRY_UNREACHABLE, held.failure(), "a held-back read reports the last failure");
        assertTrue(held.message().contains("no answer within 20 s"), held.message());

        assertEquals(1, readAt(inspection, clock, registry, model(2), 17), "an edited model is read again at once");

        // failing since 0 s: the next read is due at 34 s, even when the registry has recovered meanwhile
        registry.answer = new ImageConfig("sha256:1", Map.of());
        assertEquals(0, readAt(inspection, clock, registry, model(2), 33));
        assertEquals(1, readAt(inspection, clock, registry, model(2), 34));
        assertTrue(inspection.lookup(model(2), model(2).getSpec(), null, "ns") instanceof ImageMetadataLookup.Inspected);
    }

    @Test
    void theBackoffStopsGrowingAtFiveMinutes() {
        HandClock clock = new HandClock();
        FailingRegistry registry = new FailingRegistry(RegistryException.Kind.NOT_FOUND);
        ImageInspection inspection = inspection(registry, clock);
        AIMModel m = model(1);
        assertEquals(1, readAt(inspection, clock, registry, m, 0));
        for (int due = 2; due <= 512; due *= 2) {
            assertEquals(0, readAt(inspection, clock, registry, m, due - 1));
            assertEquals(1, readAt(inspection, clock, registry, m, due));
        }
        assertEquals(0, readAt(inspection, clock, registry, m, 512 + 299));
        assertEquals(1, readAt(inspection, clock, registry, m, 512 + 300), "failing for 512 s: wait 5 min, not 512 s");
        assertEquals(0, readAt(inspection, clock, registry, m, 812 + 299));
        assertEquals(1, readAt(inspection, clock, registry, m, 812 + 300));
    }

    @Test
    void refusedAccessIsNotHeldBackSinceACorrectedSecretCuresIt() {
        HandClock clock = new HandClock();
        FailingRegistry registry = new FailingRegistry(RegistryException.Kind.UNAUTHORIZED);
        ImageInspection inspection = inspection(registry, clock);
        AIMModel m = model(1);

        assertEquals(1, readAt(inspection, clock, registry, m, 0));
        assertEquals(1, readAt(inspection, clock, registry, m, 0));
    }
}
