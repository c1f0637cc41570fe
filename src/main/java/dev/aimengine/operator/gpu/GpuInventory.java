package dev.aimengine.operator.gpu;

import dev.aimengine.operator.common.reconcile.PruningStore;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The cluster's AMD GPU inventory, read from Node labels and allocatable resources plus the GPU requests of
 * running pods. Fed by Node and Pod informers started on first use; listeners hear about every
 * change (debounced), so templates can follow label changes and services can follow free capacity.
 */
@ApplicationScoped
public class GpuInventory {
    private static final Logger LOG = Logger.getLogger(GpuInventory.class);
    private static final long DEBOUNCE_MILLIS = 200;

    /** Receives the snapshot before and after a change. */
    public interface Listener {
        void changed(GpuSnapshot before, GpuSnapshot after);
    }

    private final KubernetesClient client;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean recomputeScheduled = new AtomicBoolean();
    private ScheduledExecutorService executor;
    private SharedIndexInformer<Node> nodes;
    private SharedIndexInformer<Pod> pods;
    private volatile GpuSnapshot snapshot = GpuSnapshot.empty();
    private volatile boolean started;

    @Inject
    public GpuInventory(KubernetesClient client) {
        this.client = client;
    }

    /** The current inventory; starts the informers (and waits for their first list) on first call. */
    public GpuSnapshot snapshot() {
        ensureStarted();
        return snapshot;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    public synchronized void ensureStarted() {
        if (started) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gpu-inventory");
            t.setDaemon(true);
            return t;
        });
        ResourceEventHandler<Object> onChange = new ResourceEventHandler<>() {
            @Override
            public void onAdd(Object obj) {
                scheduleRecompute();
            }

            @Override
            public void onUpdate(Object oldObj, Object newObj) {
                scheduleRecompute();
            }

            @Override
            public void onDelete(Object obj, boolean deletedFinalStateUnknown) {
                scheduleRecompute();
            }
        };
        // pruned stores: only what the inventory reads (GpuCacheShapes); finished pods hold no GPUs and are not listed
        nodes = client.nodes().runnableInformer(0).itemStore(new PruningStore<>(GpuCacheShapes::node));
        pods = client.pods().inAnyNamespace().withoutField("status.phase", "Succeeded")
                .withoutField("status.phase", "Failed").runnableInformer(0)
                .itemStore(new PruningStore<>(GpuCacheShapes::pod));
        nodes.addEventHandler(handler(onChange));
        pods.addEventHandler(handler(onChange));
        // wait for the initial lists to be in the stores
        nodes.start().toCompletableFuture().join();
        pods.start().toCompletableFuture().join();
        snapshot = compute();
        started = true;
        LOG.infof("GPU inventory started: %s", snapshot);
    }

    @SuppressWarnings("unchecked")
    private static <T> ResourceEventHandler<T> handler(ResourceEventHandler<Object> h) {
        return (ResourceEventHandler<T>) (ResourceEventHandler<?>) h;
    }

    private void scheduleRecompute() {
        if (executor != null && recomputeScheduled.compareAndSet(false, true)) {
            executor.schedule(this::recompute, DEBOUNCE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void recompute() {
        recomputeScheduled.set(false);
        try {
            GpuSnapshot before = snapshot;
            GpuSnapshot after = compute();
            if (after.equals(before)) {
                return;
            }
            snapshot = after;
            LOG.debugf("GPU inventory changed: %s", after);
            for (Listener l : listeners) {
                try {
                    l.changed(before, after);
                } catch (RuntimeException e) {
                    LOG.warn("GPU inventory listener failed", e);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("could not recompute the GPU inventory", e);
        }
    }

    private GpuSnapshot compute() {
        SharedIndexInformer<Node> n = nodes;
        SharedIndexInformer<Pod> p = pods;
        return n == null ? GpuSnapshot.empty()
                : GpuSnapshot.of(n.getStore().list(), p == null ? List.of() : p.getStore().list());
    }

    /** The pods the inventory counts, e.g. to leave out a service's own predictor pods. */
    public List<Pod> pods() {
        ensureStarted();
        return pods.getStore().list();
    }

    public List<Node> nodes() {
        ensureStarted();
        return nodes.getStore().list();
    }

    @PreDestroy
    synchronized void stop() {
        if (nodes != null) {
            nodes.close();
        }
        if (pods != null) {
            pods.close();
        }
        if (executor != null) {
            executor.shutdownNow();
        }
        started = false;
    }
}
