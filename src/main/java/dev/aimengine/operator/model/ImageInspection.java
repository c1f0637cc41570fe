package dev.aimengine.operator.model;

import dev.aimengine.operator.api.v1alpha1.AIMModelSpec;
import dev.aimengine.operator.api.v1alpha1.AIMModelStatus;
import dev.aimengine.operator.common.reconcile.ReconcileTail;
import dev.aimengine.operator.model.ImageMetadataLookup.Failed;
import dev.aimengine.operator.model.ImageMetadataLookup.Failure;
import dev.aimengine.operator.registry.ImageConfig;
import dev.aimengine.operator.registry.ImageName;
import dev.aimengine.operator.registry.RegistryClient;
import dev.aimengine.operator.registry.RegistryCredentials;
import dev.aimengine.operator.registry.RegistryException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a model image's labels from its registry: the pull secrets the model names (each read by name, in the model's
 * namespace or, for cluster models, the operator's), then the image configuration through the {@link RegistryClient}
 * with credentials from those secrets only. Every failure becomes a {@link Failed} lookup whose message names the
 * image and registry (or the secret); nothing is logged above DEBUG, since the model's condition and Event say it.
 *
 * <p>A successful read is also remembered here for a few minutes, until the model's status shows it: a reconcile
 * that runs before the status write is visible (or after it met a conflict) does not read the image again.
 *
 * <p>A read that failed in a way only time cures (no answer, a missing image, an answer that is no registry's, labels
 * that cannot be read) is remembered until its retry is due: about as long as the failures have lasted, between 2 s
 * and 5 min, counted from the end of the last attempt. A reconcile before then (the model's own status write
 * triggers one at once) reports the same failure without asking the registry. Without this a registry that never
 * answers would be asked again the moment each attempt ran out of time, keeping a reconcile thread busy for good.
 * Editing the model (a new generation) or changing its image asks again at once.
 */
@ApplicationScoped
public class ImageInspection {
    private static final Logger LOG = Logger.getLogger(ImageInspection.class);
    /** How long a successful read is remembered while the model's status does not show it yet. */
    static final Duration REMEMBER = Duration.ofMinutes(5);

    @Inject
    KubernetesClient client;
    @Inject
    RegistryClient registry;
    @Inject
    Clock clock;

    private final Map<String, Remembered> recent = new ConcurrentHashMap<>();

    private record Remembered(String image, ImageMetadataLookup.Inspected result, Instant at) {
    }

    /** Failures that back off here; the others are cured elsewhere and looked at again on their own schedule. */
    private static final Set<Failure> BACK_OFF = EnumSet.of(Failure.REGISTRY_UNREACHABLE, Failure.IMAGE_NOT_FOUND,
            Failure.REGISTRY_INVALID_RESPONSE, Failure.IMAGE_LABELS_INVALID);

    /** The last failed read of one model: what it gave, since when it has been failing so, when to ask again. */
    private record Failing(String image, Long generation, Failed result, Instant since, Instant retryAt) {
    }

    private final Map<String, Failing> failing = new ConcurrentHashMap<>();

    /**
     * The model's image metadata: from the spec or status when there, else read from the registry.
     *
     * @param secretNamespace where {@code spec.imagePullSecrets} live
     */
    public ImageMetadataLookup lookup(HasMetadata model, AIMModelSpec spec, AIMModelStatus status,
            String secretNamespace) {
        String uid = model.getMetadata().getUid();
        ImageMetadataLookup known = ImageMetadataLookup.withoutRegistry(spec, status);
        if (known != null) {
            if (uid != null && known instanceof ImageMetadataLookup.Cached) {
                recent.remove(uid);
            }
            return known;
        }
        Instant now = clock.instant();
        recent.values().removeIf(r -> r.at().plus(REMEMBER).isBefore(now));
        failing.values().removeIf(f -> f.retryAt().plus(REMEMBER).isBefore(now));
        Remembered remembered = uid == null ? null : recent.get(uid);
        if (remembered != null && remembered.image().equals(spec.image)) {
            return remembered.result();
        }
        Long generation = model.getMetadata().getGeneration();
        Failing previous = uid == null ? null : failing.get(uid);
        if (previous != null && previous.image().equals(spec.image)
                && Objects.equals(previous.generation(), generation) && now.isBefore(previous.retryAt())) {
            return previous.result();
        }
        ImageMetadataLookup result = inspect(spec.image, spec.imagePullSecrets, secretNamespace);
        if (uid == null) {
            return result;
        }
        if (result instanceof ImageMetadataLookup.Inspected inspected) {
            recent.put(uid, new Remembered(spec.image, inspected, now));
        }
        if (result instanceof Failed failed && BACK_OFF.contains(failed.failure())) {
            Instant end = clock.instant();
            Instant since = previous != null && previous.image().equals(spec.image)
                    && previous.result().failure() == failed.failure() ? previous.since() : end;
            failing.put(uid, new Failing(spec.image, generation, failed, since,
                    end.plus(ReconcileTail.clamp(Duration.between(since, end)))));
        } else {
            failing.remove(uid);
        }
        return result;
    }

    ImageMetadataLookup inspect(String image, List<LocalObjectReference> pullSecrets, String secretNamespace) {
        ImageName name;
        try {
            name = ImageName.parse(image);
        } catch (IllegalArgumentException e) {
            return new Failed(Failure.INVALID_IMAGE_REFERENCE, e.getMessage());
        }
        List<Secret> secrets = new ArrayList<>();
        for (String secretName : secretNames(pullSecrets)) {
            try {
                Secret secret = client.secrets().inNamespace(secretNamespace).withName(secretName).get();
                if (secret == null) {
                    return new Failed(Failure.SECRET_NOT_FOUND, "imagePullSecret \"" + secretName
                            + "\" not found in namespace \"" + secretNamespace + "\"");
                }
                secrets.add(secret);
            } catch (KubernetesClientException e) {
                return new Failed(Failure.SECRET_ACCESS_FAILED, "cannot read imagePullSecret \"" + secretName
                        + "\" in namespace \"" + secretNamespace + "\": " + e.getMessage());
            }
        }
        RegistryCredentials credentials;
        try {
            credentials = RegistryCredentials.fromSecrets(secrets);
        } catch (IllegalArgumentException e) {
            return new Failed(Failure.INVALID_PULL_SECRET, "imagePullSecrets in namespace \"" + secretNamespace
                    + "\": " + e.getMessage());
        }
        ImageConfig config;
        try {
            config = registry.inspect(name, credentials);
        } catch (RegistryException e) {
            LOG.debugf("reading image %s failed (%s): %s", image, e.kind(), e.getMessage());
            return registryFailure(image, name.registry(), secretNames(pullSecrets), e);
        }
        try {
            return new ImageMetadataLookup.Inspected(image, config.digest(), ImageLabels.parse(config.labels()));
        } catch (ImageLabels.InvalidLabelException e) {
            return new Failed(Failure.IMAGE_LABELS_INVALID, "image \"" + image + "\": " + e.getMessage());
        }
    }

    /** The failure and a message that says which image, which registry and, for refused access, which secrets. */
    static Failed registryFailure(String image, String registry, Set<String> secrets, RegistryException e) {
        String detail = e.getMessage() == null ? e.kind().name() : e.getMessage();
        return switch (e.kind()) {
            case UNAUTHORIZED -> new Failed(Failure.REGISTRY_AUTH_FAILED, "registry " + registry
                    + " refused access to image \"" + image + "\" " + (secrets.isEmpty()
                            ? "without credentials (no imagePullSecrets are set)"
                            : "with the credentials of imagePullSecrets " + String.join(", ", secrets))
                    + ": " + detail);
            case NOT_FOUND -> new Failed(Failure.IMAGE_NOT_FOUND, "image \"" + image + "\" was not found in registry "
                    + registry + ": " + detail);
            case UNREACHABLE -> new Failed(Failure.REGISTRY_UNREACHABLE, "registry " + registry
                    + " cannot be reached to read image \"" + image + "\": " + detail);
            case INVALID_RESPONSE -> new Failed(Failure.REGISTRY_INVALID_RESPONSE, "registry " + registry
                    + " gave an unexpected answer for image \"" + image + "\": " + detail);
        };
    }

    private static Set<String> secretNames(List<LocalObjectReference> refs) {
        Set<String> names = new LinkedHashSet<>();
        if (refs != null) {
            for (LocalObjectReference r : refs) {
                if (r != null && r.getName() != null && !r.getName().isBlank()) {
                    names.add(r.getName());
                }
            }
        }
        return names;
    }
}
