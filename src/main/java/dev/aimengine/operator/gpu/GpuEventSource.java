package dev.aimengine.operator.gpu;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;

import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * Re-triggers a controller's primaries when the GPU inventory changes in a way they care about, e.g. every
 * GPU-requiring template when a node gains or loses a GPU model label (e2e node-gpu-label-changes).
 */
public class GpuEventSource<P extends HasMetadata> extends AbstractEventSource<GpuSnapshot, P>
        implements GpuInventory.Listener {

    /** Inventory changes that matter for template availability: models present and their VRAM. */
    public static final BiPredicate<GpuSnapshot, GpuSnapshot> MODELS_CHANGED = (a, b) -> !a.sameModelsAs(b);

    private final GpuInventory inventory;
    private final IndexerResourceCache<P> primaries;
    private final Predicate<P> interested;
    private final BiPredicate<GpuSnapshot, GpuSnapshot> relevant;

    public GpuEventSource(GpuInventory inventory, IndexerResourceCache<P> primaries, Predicate<P> interested,
            BiPredicate<GpuSnapshot, GpuSnapshot> relevant) {
        super(GpuSnapshot.class, "gpu-inventory");
        this.inventory = inventory;
        this.primaries = primaries;
        this.interested = interested;
        this.relevant = relevant;
    }

    @Override
    public void start() {
        inventory.addListener(this);
        super.start();
    }

    @Override
    public void stop() {
        inventory.removeListener(this);
        super.stop();
    }

    @Override
    public Set<GpuSnapshot> getSecondaryResources(P primary) {
        return Set.of(inventory.snapshot());
    }

    @Override
    public void changed(GpuSnapshot before, GpuSnapshot after) {
        if (!isRunning() || !relevant.test(before, after)) {
            return;
        }
        primaries.list(interested).forEach(p -> getEventHandler().handleEvent(new Event(ResourceID.fromResource(p))));
    }
}
