package dev.aimengine.operator.common.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which updates of a controller's own kind start a reconcile: a change of spec (a new generation), labels,
 * annotations (the pause annotation among them), finalizers, owner references or deletion. An update that changed
 * only the status (or the resource version and managed fields that come with any write) does not: nearly always it
 * is the status the controller itself just wrote, and reconciling it again computes the same status and writes
 * nothing (one reconcile of three per new AIMService was this echo).
 *
 * <p>The controllers process events without generation awareness because metadata changes matter to them (pausing
 * and resuming, label propagation); JOSDK's generation filter would drop those as well. A status someone else writes
 * is read at the next reconcile, which events and rechecks bring anyway.
 */
@RegisterForReflection // JOSDK instantiates the filter named in @Informer reflectively
public final class IgnoreStatusOnlyUpdates<R extends HasMetadata> implements OnUpdateFilter<R> {

    @Override
    public boolean accept(R updated, R previous) {
        ObjectMeta now = updated.getMetadata();
        ObjectMeta before = previous.getMetadata();
        if (now == null || before == null || now.getGeneration() == null || before.getGeneration() == null) {
            return true; // nothing to compare with: let it through
        }
        return !now.getGeneration().equals(before.getGeneration())
                || !orEmpty(now.getLabels()).equals(orEmpty(before.getLabels()))
                || !orEmpty(now.getAnnotations()).equals(orEmpty(before.getAnnotations()))
                || !orEmpty(now.getFinalizers()).equals(orEmpty(before.getFinalizers()))
                || !orEmpty(now.getOwnerReferences()).equals(orEmpty(before.getOwnerReferences()))
                || !Objects.equals(now.getDeletionTimestamp(), before.getDeletionTimestamp());
    }

    private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
