package dev.aimengine.operator.common.health;

import dev.aimengine.operator.common.status.ComponentError;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A container waiting in {@code ImagePullBackOff} or {@code ErrImagePull}. The kubelet's
 * message decides the category: authentication words → Auth {@code ImagePullAuthFailure}; not-found words →
 * MissingUpstream {@code ImageNotFound}; anything else → Infrastructure {@code ImagePullBackOff}. The error message is
 * {@code Container <name>: <kubelet message>}.
 */
final class ImagePullFailure {

    static final String REASON_AUTH = "ImagePullAuthFailure";
    static final String REASON_NOT_FOUND = "ImageNotFound";
    static final String REASON_BACKOFF = "ImagePullBackOff";

    private static final List<String> WAITING_REASONS = List.of("ImagePullBackOff", "ErrImagePull");

    /** Checked first; "authentication" alone already covers the two longer phrases. */
    private static final List<String> AUTH_WORDS = List.of("unauthorized", "authentication required",
            "authentication failed", "401", "403", "forbidden", "denied", "permission denied", "access denied",
            "credentials", "authentication");

    private static final List<String> NOT_FOUND_WORDS = List.of("not found", "404", "manifest unknown",
            "name unknown", "image not found", "no such");

    private ImagePullFailure() {
    }

    /** The first image pull problem of the pod's containers, then of its init containers. */
    static Optional<ComponentError> of(Pod pod) {
        if (pod.getStatus() == null) {
            return Optional.empty();
        }
        return Stream.concat(stream(pod.getStatus().getContainerStatuses()),
                        stream(pod.getStatus().getInitContainerStatuses()))
                .filter(ImagePullFailure::isPullFailure)
                .findFirst()
                .map(ImagePullFailure::classify);
    }

    private static boolean isPullFailure(ContainerStatus status) {
        ContainerStateWaiting waiting = status.getState() == null ? null : status.getState().getWaiting();
        return waiting != null && WAITING_REASONS.contains(waiting.getReason());
    }

    private static ComponentError classify(ContainerStatus status) {
        String kubeletMessage = Events.nullToEmpty(status.getState().getWaiting().getMessage());
        String message = "Container " + status.getName() + ": " + kubeletMessage;
        String lower = kubeletMessage.toLowerCase(Locale.ROOT);
        if (AUTH_WORDS.stream().anyMatch(lower::contains)) {
            return ComponentError.auth(REASON_AUTH, message);
        }
        if (NOT_FOUND_WORDS.stream().anyMatch(lower::contains)) {
            return ComponentError.missingUpstream(REASON_NOT_FOUND, message);
        }
        return ComponentError.infrastructure(REASON_BACKOFF, message);
    }

    private static Stream<ContainerStatus> stream(List<ContainerStatus> statuses) {
        return statuses == null ? Stream.empty() : statuses.stream().filter(s -> s != null);
    }
}
