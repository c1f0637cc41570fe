package dev.aimengine.operator.common.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One informer per kind and label selector for the whole operator. Runtime configs, models, templates and artifacts
 * are read by several controllers each; with an informer per controller, each of them would list and watch the same
 * objects over its own connection at start-up and keep its own copy of every one. Here the first controller to start
 * watching a kind starts its informer, the others add their handlers to it (a handler added later is told about the
 * objects already cached), and the last one to stop closes it.
 * <p>
 * The cached copies drop {@code metadata.managedFields}, which no controller reads and which is often the larger part
 * of an object.
 */
public final class SharedInformers {
    private record Key(KubernetesClient client, Class<?> type, String labelSelector) {
    }

    private static final class Shared<T extends HasMetadata> {
        final SharedIndexInformer<T> informer;
        CompletableFuture<Void> synced;
        int users;

        Shared(SharedIndexInformer<T> informer) {
            this.informer = informer;
        }
    }

    private static final Map<Key, Shared<?>> INFORMERS = new HashMap<>();

    /**
     * Starts listing and watching {@code type} now, without waiting: controllers call this while they register, so the
     * informers their event sources will use fill while JOSDK is still starting the controllers' own informers (it
     * starts a controller's other event sources only after its own). Start-up then waits for the slowest list, not
     * for the two in a row.
     */
    static <T extends HasMetadata> void prestart(KubernetesClient client, Class<T> type, String labelSelector) {
        synchronized (INFORMERS) {
            shared(client, type, labelSelector);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends HasMetadata> Shared<T> shared(KubernetesClient client, Class<T> type,
            String labelSelector) {
        Shared<T> shared = (Shared<T>) INFORMERS.computeIfAbsent(new Key(client, type, labelSelector),
                k -> new Shared<>(create(client, type, labelSelector)));
        if (shared.synced == null) {
            shared.synced = shared.informer.start().toCompletableFuture();
        }
        return shared;
    }

    /**
     * Adds {@code handler} to the informer on {@code type} (objects matching {@code labelSelector}, or all when null)
     * in every namespace, starting it if nobody watches that yet, and waits until its first list is cached.
     */
    static <T extends HasMetadata> SharedIndexInformer<T> watch(KubernetesClient client, Class<T> type,
            String labelSelector, ResourceEventHandler<T> handler) {
        Shared<T> shared;
        synchronized (INFORMERS) {
            shared = shared(client, type, labelSelector);
            shared.users++;
            shared.informer.addEventHandler(handler);
        }
        // several controllers start at once: they wait for the same first list, outside the lock
        shared.synced.join();
        return shared.informer;
    }

    /** Removes {@code handler}; the informer is closed once no handler is left. */
    static <T extends HasMetadata> void unwatch(KubernetesClient client, Class<T> type, String labelSelector,
            ResourceEventHandler<T> handler) {
        synchronized (INFORMERS) {
            Key key = new Key(client, type, labelSelector);
            @SuppressWarnings("unchecked")
            Shared<T> shared = (Shared<T>) INFORMERS.get(key);
            if (shared == null) {
                return;
            }
            shared.informer.removeEventHandler(handler);
            if (--shared.users == 0) {
                INFORMERS.remove(key);
                shared.informer.close();
            }
        }
    }

    /** How many informers are open for a client (tests). */
    static int open(KubernetesClient client) {
        synchronized (INFORMERS) {
            return (int) INFORMERS.keySet().stream().filter(k -> k.client() == client).count();
        }
    }

    private static <T extends HasMetadata> SharedIndexInformer<T> create(KubernetesClient client, Class<T> type,
            String labelSelector) {
        var objects = client.resources(type).inAnyNamespace();
        var selected = labelSelector == null ? objects : objects.withLabelSelector(labelSelector);
        return selected.runnableInformer(0).itemStore(new PruningStore<>(SharedInformers::withoutManagedFields));
    }

    private static <T extends HasMetadata> T withoutManagedFields(T object) {
        if (object.getMetadata() != null) {
            object.getMetadata().setManagedFields(null);
        }
        return object;
    }

    private SharedInformers() {
    }
}
