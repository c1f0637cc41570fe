package dev.aimengine.operator.common.health;

import dev.aimengine.operator.common.status.ComponentError;
import dev.aimengine.operator.common.health.PodLogClassifier.Finding;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.List;

/**
 * Explains a pod in phase {@code Failed}.
 *
 * <p>The first terminated container gives the reason and message ({@code Container <c> failed with exit code <n>:
 * <msg>}); without one, the first terminated init container ({@code Init container <c> failed with exit code <n>:
 * <msg>}); without either, the pod's own reason and message; an empty message becomes {@code Pod failed}.
 *
 * <p>For a non-zero exit that is not {@code OOMKilled} the last {@value #LOG_LINES} log lines of that container are
 * classified ({@link PodLogClassifier}) and an excerpt is appended as {@code \n\nLog excerpt:\n<line>}. A recognised
 * log wins: source not found → InvalidSpec {@code SourceNotFound}, auth → Auth {@code AuthError}, storage → Resource
 * exhaustion {@code StorageFull}. Otherwise the termination reason decides: {@code OOMKilled} → ResourceExhaustion
 * {@code PodOOMKilled}; {@code DeadlineExceeded} → InvalidSpec {@code PodDeadlineExceeded}; {@code Evicted} →
 * Infrastructure {@code PodEvicted}; anything else → InvalidSpec {@code PodFailed}.
 */
final class PodFailure {

    static final int LOG_LINES = 50;

    private static final String OOM_KILLED = "OOMKilled";

    private String reason = "";
    private String message = "";
    private String container = "";
    private boolean inspectLogs;

    private PodFailure() {
    }

    static ComponentError explain(Pod pod, LogReader logs) {
        PodFailure failure = new PodFailure();
        failure.readTermination(pod);
        if (failure.inspectLogs && logs != null && !failure.container.isEmpty()) {
            Finding finding = readLog(pod, failure.container, logs);
            if (!finding.excerpt().isEmpty()) {
                failure.message = failure.message + "\n\nLog excerpt:\n" + finding.excerpt();
            }
            return failure.categorise(finding.category());
        }
        return failure.categorise(PodLogClassifier.Category.UNKNOWN);
    }

    private void readTermination(Pod pod) {
        List<ContainerStatus> containers = pod.getStatus().getContainerStatuses();
        List<ContainerStatus> inits = pod.getStatus().getInitContainerStatuses();
        ContainerStatus main = firstTerminated(containers);
        if (main != null) {
            ContainerStateTerminated term = main.getState().getTerminated();
            container = main.getName();
            reason = Events.nullToEmpty(term.getReason());
            message = Events.nullToEmpty(term.getMessage());
            int exit = exitCode(term);
            if (exit != 0) {
                message = "Container " + container + " failed with exit code " + exit + ": " + message;
                inspectLogs = !OOM_KILLED.equals(reason);
            } else if (message.isEmpty()) {
                message = "Container " + container + " terminated with reason: " + reason;
            }
        }
        if (reason.isEmpty()) {
            ContainerStatus init = firstTerminated(inits);
            if (init != null) {
                ContainerStateTerminated term = init.getState().getTerminated();
                container = init.getName();
                reason = Events.nullToEmpty(term.getReason());
                int exit = exitCode(term);
                if (exit != 0) {
                    message = "Init container " + container + " failed with exit code " + exit + ": "
                            + Events.nullToEmpty(term.getMessage());
                    inspectLogs = !OOM_KILLED.equals(reason);
                } else {
                    message = "Init container " + container + " terminated with reason: " + reason;
                }
            }
        }
        if (reason.isEmpty()) {
            reason = Events.nullToEmpty(pod.getStatus().getReason());
            message = Events.nullToEmpty(pod.getStatus().getMessage());
        }
        if (message.isEmpty()) {
            message = "Pod failed";
        }
    }

    private ComponentError categorise(PodLogClassifier.Category fromLog) {
        return switch (fromLog) {
            case SOURCE_NOT_FOUND -> ComponentError.invalidSpec("SourceNotFound",
                    "Source resource not found (404): " + message);
            case AUTH -> ComponentError.auth("AuthError", "Authentication error detected in pod logs: " + message);
            case STORAGE_FULL -> ComponentError.resourceExhaustion("StorageFull",
                    "Storage full error detected in pod logs: " + message);
            case INFRASTRUCTURE, UNKNOWN -> byTerminationReason();
        };
    }

    private ComponentError byTerminationReason() {
        return switch (reason) {
            case OOM_KILLED -> ComponentError.resourceExhaustion("PodOOMKilled", message);
            case "DeadlineExceeded" -> ComponentError.invalidSpec("PodDeadlineExceeded", message);
            case "Evicted" -> ComponentError.infrastructure("PodEvicted", message);
            // Error, ContainerCannotRun, CreateContainerConfigError, CreateContainerError and anything unknown:
            // the pod ran (or tried to) as specified and failed.
            default -> ComponentError.invalidSpec("PodFailed", message);
        };
    }

    private static Finding readLog(Pod pod, String container, LogReader logs) {
        String text;
        try {
            text = logs.tail(pod, container, LOG_LINES);
        } catch (RuntimeException e) {
            return new Finding(PodLogClassifier.Category.UNKNOWN, "");
        }
        return PodLogClassifier.classify(text);
    }

    private static ContainerStatus firstTerminated(List<ContainerStatus> statuses) {
        if (statuses == null) {
            return null;
        }
        return statuses.stream()
                .filter(s -> s != null && s.getState() != null && s.getState().getTerminated() != null)
                .findFirst().orElse(null);
    }

    private static int exitCode(ContainerStateTerminated term) {
        return term.getExitCode() == null ? 0 : term.getExitCode();
    }
}
