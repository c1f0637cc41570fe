package dev.aimengine.operator.common.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Reads dependencies from the informer caches behind a controller's event sources (the operator's shared informers,
 * or a dependent resource's own), so a reconcile makes no API calls just to look things up.
 */
public final class Caches {
    private final Context<?> context;

    private Caches(Context<?> context) {
        this.context = context;
    }

    public static Caches of(Context<?> context) {
        return new Caches(context);
    }

    public <R extends HasMetadata> Optional<R> get(Class<R> type, String name, String namespace) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        return informer(type).get(new ResourceID(name, namespace));
    }

    public <R extends HasMetadata> Optional<R> get(Class<R> type, String name) {
        return get(type, name, null);
    }

    /** Objects of a type in a namespace (null: all namespaces / cluster-scoped) matching a filter. */
    public <R extends HasMetadata> List<R> list(Class<R> type, String namespace, Predicate<R> filter) {
        return namespace == null ? informer(type).list(filter).toList() : informer(type).list(namespace, filter).toList();
    }

    public <R extends HasMetadata> List<R> byIndex(Class<R> type, String index, String key) {
        return informer(type).byIndex(index, key);
    }

    /** The controller's cache of a type: a shared informer's, or a dependent's own (which sees its own writes). */
    @SuppressWarnings("unchecked")
    private <R extends HasMetadata> IndexerResourceCache<R> informer(Class<R> type) {
        List<? extends EventSource<R, ?>> sources = context.eventSourceRetriever().getEventSourcesFor(type);
        return sources.stream()
                .filter(s -> s instanceof IndexerResourceCache<?>)
                .map(s -> (IndexerResourceCache<R>) s)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no informer registered for " + type.getSimpleName()));
    }

    /** Index key "namespace/name" (or "name" for cluster scope). */
    public static String key(String namespace, String name) {
        return namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
    }
}
