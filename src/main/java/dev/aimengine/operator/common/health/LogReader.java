package dev.aimengine.operator.common.health;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Reads the tail of one container's log. Supplied by the caller of {@link PodHealth}, which never talks to the API
 * server itself. An implementation may return {@code null} or throw when the log is unavailable; the inspector then
 * classifies the failure from the termination reason alone.
 */
@FunctionalInterface
public interface LogReader {

    /** A reader that never has logs. */
    LogReader NONE = (pod, container, lines) -> null;

    /**
     * @param pod       the failed pod
     * @param container the container whose log is wanted
     * @param lines     how many lines from the end
     * @return the log text (lines separated by {@code \n}), or null when unavailable
     */
    String tail(Pod pod, String container, int lines);
}
