package dev.aimengine.operator.gpu;

/**
 * What the cluster holds of one detected GPU model.
 *
 * @param model       normalised model name as detected from node labels, e.g. {@code MI300X} or {@code AMD-74FF}
 * @param vram        per-GPU VRAM text of the first node seen with this model (label, else static table), e.g.
 *                    {@code 192G}; {@code ""} when unknown
 * @param vramBytes   {@code vram} in bytes ({@link GpuLabels#parseVram}); 0 when unknown or unparsable
 * @param nodeCount   number of nodes carrying this model
 * @param allocatable sum of the nodes' allocatable {@code amd.com/gpu}
 * @param requested   sum of the effective {@code amd.com/gpu} requests of non-terminated pods bound to these nodes
 */
public record GpuModelInventory(String model, String vram, long vramBytes, int nodeCount, long allocatable,
                                long requested) {

    /** GPUs not yet requested by any pod: {@code max(0, allocatable - requested)}. */
    public long free() {
        return Math.max(0, allocatable - requested);
    }
}
