package dev.aimengine.operator.common.health;

import dev.aimengine.operator.common.status.AIMStatus;
import dev.aimengine.operator.common.status.Component;
import dev.aimengine.operator.common.status.ComponentError;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Health of a set of pods: predictor pods of an InferenceService, discovery, download and check-size pods. The first rule that applies decides:
 * <ol>
 * <li>no pods → MissingDownstream {@code NoPods} "No pods found" (Progressing);</li>
 * <li>a container or init container failing to pull its image → {@code ImagePullAuthFailure} (Auth),
 * {@code ImageNotFound} (MissingUpstream) or {@code ImagePullBackOff} (Infrastructure);</li>
 * <li>a pod in phase {@code Failed} → explained from its termination and logs (see {@link PodFailure});</li>
 * <li>a pod {@code Succeeded}, or {@code Running} with condition {@code Ready=True} → Ready {@code PodsReady}
 * "Pods are ready";</li>
 * <li>a pod {@code Running} but not ready → Starting {@code PodsStarting};</li>
 * <li>a pod {@code Pending} → the latest {@code FailedScheduling}/{@code FailedMount}/{@code FailedAttachVolume}/
 * {@code FailedCreatePodSandBox} event of a pending pod makes it Pending with that event's reason and message; else
 * a pod the scheduler marked {@code PodScheduled=False Unschedulable} is Pending {@code FailedScheduling} with the
 * scheduler's message; else its latest {@code Pulling} event makes it Progressing with that event's reason and
 * message; else Pending {@code PodsPending} "Pods are pending";</li>
 * <li>otherwise Progressing {@code PodsProgressing}.</li>
 * </ol>
 * An event belongs to a pod when its involved object has the pod's name and uid.
 */
public final class PodHealth {

    static final List<String> WAITING_EVENT_REASONS = List.of("FailedScheduling", "FailedMount",
            "FailedAttachVolume", "FailedCreatePodSandBox");
    static final List<String> WORKING_EVENT_REASONS = List.of("Pulling");

    private PodHealth() {
    }

    /**
     * @param component component name (the condition becomes {@code <component>Ready})
     * @param pods      the pods, may be null or empty
     * @param events    events of the namespace (or already of these pods); others are ignored; may be null
     * @param logs      reads failed containers' logs; null skips log classification
     */
    public static Component inspect(String component, List<Pod> pods, List<Event> events, LogReader logs) {
        List<Pod> present = pods == null ? List.of() : pods.stream().filter(Objects::nonNull).toList();
        if (present.isEmpty()) {
            return Component.failing(component, ComponentError.missingDownstream("NoPods", "No pods found"))
                    .downstream();
        }
        for (Pod pod : present) {
            Optional<ComponentError> pull = ImagePullFailure.of(pod);
            if (pull.isPresent()) {
                return Component.failing(component, pull.get()).downstream();
            }
        }
        for (Pod pod : present) {
            if ("Failed".equals(phase(pod))) {
                return Component.failing(component, PodFailure.explain(pod, logs)).downstream();
            }
        }
        if (present.stream().anyMatch(p -> "Succeeded".equals(phase(p)) || "Running".equals(phase(p)) && isReady(p))) {
            return Component.of(component, AIMStatus.Ready, "PodsReady", "Pods are ready").downstream();
        }
        if (present.stream().anyMatch(p -> "Running".equals(phase(p)))) {
            return Component.of(component, AIMStatus.Starting, "PodsStarting",
                    "Pods are running, waiting for readiness").downstream();
        }
        if (present.stream().anyMatch(p -> "Pending".equals(phase(p)))) {
            return pending(component, present, events).downstream();
        }
        return Component.of(component, AIMStatus.Progressing, "PodsProgressing", "Pods are progressing").downstream();
    }

    /** Why the pending pods wait, from the first pending pod whose events tell. */
    private static Component pending(String component, List<Pod> pods, List<Event> events) {
        for (Pod pod : pods) {
            if (!"Pending".equals(phase(pod)) || pod.getMetadata() == null) {
                continue;
            }
            List<Event> own = Events.about(events, pod.getMetadata().getName(), pod.getMetadata().getUid());
            Optional<Event> waiting = Events.latest(own, WAITING_EVENT_REASONS);
            if (waiting.isPresent()) {
                return fromEvent(component, AIMStatus.Pending, waiting.get());
            }
            Optional<PodCondition> unschedulable = unschedulable(pod);
            if (unschedulable.isPresent()) {
                // the scheduler's verdict is also on the pod itself, so no Event is needed to tell
                return Component.of(component, AIMStatus.Pending, "FailedScheduling",
                        Events.nullToEmpty(unschedulable.get().getMessage()));
            }
            Optional<Event> working = Events.latest(own, WORKING_EVENT_REASONS);
            if (working.isPresent()) {
                return fromEvent(component, AIMStatus.Progressing, working.get());
            }
        }
        return Component.of(component, AIMStatus.Pending, "PodsPending", "Pods are pending");
    }

    /** {@code PodScheduled=False} with reason {@code Unschedulable}: the scheduler found no node for the pod. */
    public static Optional<PodCondition> unschedulable(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getConditions().stream().filter(c -> c != null && "PodScheduled".equals(c.getType())
                && "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason())).findFirst();
    }

    private static Component fromEvent(String component, AIMStatus state, Event event) {
        return Component.of(component, state, event.getReason(), Events.nullToEmpty(event.getMessage()));
    }

    private static String phase(Pod pod) {
        return pod.getStatus() == null ? null : pod.getStatus().getPhase();
    }

    private static boolean isReady(Pod pod) {
        return pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                .filter(c -> c != null && "Ready".equals(c.getType()))
                .findFirst()
                .map(c -> "True".equals(c.getStatus()))
                .orElse(false);
    }
}
