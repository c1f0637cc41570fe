package dev.aimengine.operator.common.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * An informer store that keeps a pruned copy of each object: only the fields the operator reads. Informers on
 * objects the operator does not own (all pods, all nodes, Events) would otherwise hold every object whole, managed
 * fields included, and the cluster's size would become the operator's memory.
 */
public final class PruningStore<T extends HasMetadata> implements ItemStore<T> {
    private final BasicItemStore<T> store = new BasicItemStore<>(Cache::metaNamespaceKeyFunc);
    private final UnaryOperator<T> prune;

    public PruningStore(UnaryOperator<T> prune) {
        this.prune = prune;
    }

    @Override
    public String getKey(T obj) {
        return store.getKey(obj);
    }

    @Override
    public T put(String key, T obj) {
        return store.put(key, prune.apply(obj));
    }

    @Override
    public T remove(String key) {
        return store.remove(key);
    }

    @Override
    public Stream<String> keySet() {
        return store.keySet();
    }

    @Override
    public Stream<T> values() {
        return store.values();
    }

    @Override
    public int size() {
        return store.size();
    }

    @Override
    public T get(String key) {
        return store.get(key);
    }
}
