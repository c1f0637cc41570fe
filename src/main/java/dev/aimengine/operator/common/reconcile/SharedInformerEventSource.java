package dev.aimengine.operator.common.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.javaoperatorsdk.operator.health.Status;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * One controller's view of a {@link SharedInformers shared informer}: a change to a watched object re-triggers the
 * primaries {@code toPrimaries} names (for an update, those of the old object too, so the primary a template or a
 * model moved away from hears of it), and reconciles read the objects from the shared cache through {@link Caches}.
 * Secondary resources are read by name and index, never through {@code Context.getSecondaryResources}.
 */
public final class SharedInformerEventSource<R extends HasMetadata, P extends HasMetadata>
        extends AbstractEventSource<R, P> implements IndexerResourceCache<R>, ResourceEventHandler<R> {
    private final KubernetesClient client;
    private final String labelSelector;
    private final Function<R, Set<ResourceID>> toPrimaries;
    private volatile SharedIndexInformer<R> informer;

    public SharedInformerEventSource(KubernetesClient client, Class<R> type, String labelSelector,
            Function<R, Set<ResourceID>> toPrimaries) {
        super(type, "shared-" + type.getSimpleName() + (labelSelector == null ? "" : "[" + labelSelector + "]"));
        this.client = client;
        this.labelSelector = labelSelector;
        this.toPrimaries = toPrimaries;
    }

    @Override
    public synchronized void start() {
        if (informer == null) {
            informer = SharedInformers.watch(client, resourceType(), labelSelector, this);
        }
        super.start();
    }

    @Override
    public synchronized void stop() {
        if (informer != null) {
            SharedInformers.unwatch(client, resourceType(), labelSelector, this);
            informer = null;
        }
        super.stop();
    }

    @Override
    public void onAdd(R object) {
        trigger(toPrimaries.apply(object));
    }

    @Override
    public void onUpdate(R before, R after) {
        if (Objects.equals(before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion())) {
            return;
        }
        Set<ResourceID> ids = new HashSet<>(toPrimaries.apply(after));
        ids.addAll(toPrimaries.apply(before));
        trigger(ids);
    }

    @Override
    public void onDelete(R object, boolean finalStateUnknown) {
        trigger(toPrimaries.apply(object));
    }

    private void trigger(Set<ResourceID> ids) {
        if (isRunning()) {
            ids.forEach(id -> getEventHandler().handleEvent(new Event(id)));
        }
    }

    @Override
    public Optional<R> get(ResourceID id) {
        SharedIndexInformer<R> i = informer;
        return i == null ? Optional.empty()
                : Optional.ofNullable(i.getStore().getByKey(Cache.namespaceKeyFunc(id.getNamespace().orElse(null),
                        id.getName())));
    }

    @Override
    public Stream<ResourceID> keys() {
        return objects().map(ResourceID::fromResource);
    }

    @Override
    public Stream<R> list(Predicate<R> filter) {
        return objects().filter(filter);
    }

    @Override
    public Stream<R> list(String namespace, Predicate<R> filter) {
        SharedIndexInformer<R> i = informer;
        return i == null ? Stream.empty() : i.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace).stream()
                .filter(filter);
    }

    /** Indexes of a shared cache would be every controller's: none are defined on it. */
    @Override
    public void addIndexers(Map<String, Function<R, List<String>>> indexers) {
        throw new UnsupportedOperationException("a shared informer takes no per-controller indexers");
    }

    @Override
    public List<R> byIndex(String indexName, String key) {
        throw new UnsupportedOperationException("a shared informer has no per-controller indexes");
    }

    @Override
    public Set<R> getSecondaryResources(P primary) {
        return Set.of();
    }

    @Override
    public Status getStatus() {
        SharedIndexInformer<R> i = informer;
        return i != null && i.isRunning() && i.isWatching() ? Status.HEALTHY : Status.UNHEALTHY;
    }

    private Stream<R> objects() {
        SharedIndexInformer<R> i = informer;
        return i == null ? Stream.empty() : i.getStore().list().stream();
    }
}
