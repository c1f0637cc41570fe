package dev.aimengine.operator.gpu;

import dev.aimengine.operator.api.v1alpha1.AIMGpuRequirements;
import dev.aimengine.operator.api.v1alpha1.AIMHardwareRequirements;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeAffinityBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.Quantity;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Whether a template's GPU requirements can be met by the cluster, and how its pods are steered to suitable nodes
 *, plus the display summary of resolved hardware.
 *
 * <p>Lists of models in messages are sorted by name (the original used map order, i.e. random).
 */
public final class GpuAvailability {

    private static final long GIB = 1024L * 1024L * 1024L;

    private GpuAvailability() {
    }

    /** A template requires a GPU iff {@code hardware.gpu} exists and it requests GPUs or names a (non-blank) model. */
    public static boolean requiresGpu(AIMHardwareRequirements hw) {
        return hw != null && requiresGpu(hw.gpu);
    }

    /** GPU requirements demand a GPU iff they request GPUs or name a (non-blank) model. */
    public static boolean requiresGpu(AIMGpuRequirements gpu) {
        return gpu != null && (gpu.requestsOrZero() > 0 || (gpu.model != null && !gpu.model.isBlank()));
    }

    /**
     * The GPU component of a template, decided in this order:
     * <ol>
     *   <li>no GPU required ({@link #requiresGpu(AIMGpuRequirements)}) → {@link GpuCheck#notRequired()};</li>
     *   <li>a non-zero {@code minVram} that no detected model reaches → {@code VRAMNotAvailable}
     *       "Required minimum VRAM (&lt;n&gt;Gi) exceeds available GPUs. Highest available: &lt;model&gt;
     *       (&lt;n&gt;Gi)" (or "none detected");</li>
     *   <li>no model named: any detected GPU → {@code GPUAvailable} "GPU available (any model accepted): a, b";
     *       none → {@code GPUNotAvailable} "No GPUs available in cluster";</li>
     *   <li>model named: its normalised name detected → {@code GPUAvailable} "GPU model 'X' is available" (X
     *       normalised); else {@code GPUNotAvailable} "Required GPU model 'X' not available in cluster. Available:
     *       a, b" (X as written in the spec, list {@code none} when empty).</li>
     * </ol>
     * A satisfied {@code minVram} does not end the check; the model rules decide the outcome, as in the original
     * (so {@code VRAMAvailable} is only produced by {@link #checkVram}).
     */
    public static GpuCheck check(AIMGpuRequirements gpu, GpuSnapshot snapshot) {
        if (!requiresGpu(gpu)) {
            return GpuCheck.notRequired();
        }
        GpuSnapshot cluster = snapshot == null ? GpuSnapshot.empty() : snapshot;
        if (minVramBytes(gpu.minVram) != 0) {
            GpuCheck vram = checkVram(gpu.minVram, cluster);
            if (!vram.available()) {
                return vram;
            }
        }
        String detected = String.join(", ", cluster.models());
        String model = GpuLabels.normalizeModel(gpu.model);
        if (model.isEmpty()) {
            return cluster.isEmpty()
                    ? new GpuCheck(false, GpuCheck.REASON_GPU_NOT_AVAILABLE, "No GPUs available in cluster")
                    : new GpuCheck(true, GpuCheck.REASON_GPU_AVAILABLE,
                            "GPU available (any model accepted): " + detected);
        }
        if (cluster.model(model).isPresent()) {
            return new GpuCheck(true, GpuCheck.REASON_GPU_AVAILABLE, "GPU model '" + model + "' is available");
        }
        return new GpuCheck(false, GpuCheck.REASON_GPU_NOT_AVAILABLE, "Required GPU model '" + gpu.model
                + "' not available in cluster. Available: " + (detected.isEmpty() ? "none" : detected));
    }

    /**
     * The minimum-VRAM sub-check: models whose per-GPU VRAM is at least {@code minVram} →
     * {@code VRAMAvailable} "GPUs meeting VRAM requirement: MI300X (192G), MI325X (256G)" (VRAM as labelled);
     * none → {@code VRAMNotAvailable} naming the requirement and the model with the most VRAM (first by name on
     * ties), both in whole GiB rounded down ({@code 0} for zero), or "none detected".
     */
    public static GpuCheck checkVram(Quantity minVram, GpuSnapshot snapshot) {
        long required = minVramBytes(minVram);
        GpuSnapshot cluster = snapshot == null ? GpuSnapshot.empty() : snapshot;
        List<String> meeting = new ArrayList<>();
        GpuModelInventory highest = null;
        for (GpuModelInventory inventory : cluster.inventories()) {
            if (inventory.vramBytes() > (highest == null ? 0 : highest.vramBytes())) {
                highest = inventory;
            }
            if (inventory.vramBytes() >= required) {
                meeting.add(inventory.model() + " (" + inventory.vram() + ")");
            }
        }
        if (!meeting.isEmpty()) {
            return new GpuCheck(true, GpuCheck.REASON_VRAM_AVAILABLE,
                    "GPUs meeting VRAM requirement: " + String.join(", ", meeting));
        }
        String best = highest == null ? "none detected"
                : highest.model() + " (" + formatGi(highest.vramBytes()) + ")";
        return new GpuCheck(false, GpuCheck.REASON_VRAM_NOT_AVAILABLE, "Required minimum VRAM ("
                + formatGi(required) + ") exceeds available GPUs. Highest available: " + best);
    }

    /**
     * Node affinity steering a template's pods to suitable GPUs: one required term with
     * {@code amd.com/gpu.device-id In <ids>}. With a model, the ids are all table ids of that model; otherwise, with
     * a non-zero {@code minVram}, all table ids of every detected model whose VRAM reaches it. Ids are sorted and
     * unique.
     *
     * @return the affinity, or null when no GPU is required, neither model nor minVram is given, or no id matches
     */
    public static NodeAffinity nodeAffinity(AIMHardwareRequirements hw, GpuSnapshot snapshot) {
        if (!requiresGpu(hw)) {
            return null;
        }
        AIMGpuRequirements gpu = hw.gpu;
        TreeSet<String> ids = new TreeSet<>();
        if (gpu.model != null && !gpu.model.isEmpty()) {
            ids.addAll(GpuLabels.deviceIdsFor(gpu.model));
        } else {
            long required = minVramBytes(gpu.minVram);
            if (required == 0) {
                return null;
            }
            GpuSnapshot cluster = snapshot == null ? GpuSnapshot.empty() : snapshot;
            for (GpuModelInventory inventory : cluster.inventories()) {
                if (inventory.vramBytes() >= required) {
                    ids.addAll(GpuLabels.deviceIdsFor(inventory.model()));
                }
            }
        }
        if (ids.isEmpty()) {
            return null;
        }
        return new NodeAffinityBuilder()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm()
                .addToMatchExpressions(new NodeSelectorRequirementBuilder()
                        .withKey(GpuLabels.DEVICE_ID)
                        .withOperator("In")
                        .withValues(new ArrayList<>(ids))
                        .build())
                .endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution()
                .build();
    }

    /**
     * Display summary of resolved hardware: {@code ""} for none; with a GPU block that requests GPUs or names a
     * model: {@code "<n> x <model>"}, {@code "<n> x GPU"} without model, just {@code "<model>"} when 0 GPUs are
     * requested; otherwise {@code "CPU"}.
     */
    public static String hardwareSummary(AIMHardwareRequirements resolved) {
        if (resolved == null) {
            return "";
        }
        AIMGpuRequirements gpu = resolved.gpu;
        boolean hasModel = gpu != null && gpu.model != null && !gpu.model.isEmpty();
        if (gpu != null && (gpu.requestsOrZero() > 0 || hasModel)) {
            String model = hasModel ? gpu.model : "GPU";
            return gpu.requestsOrZero() > 0 ? gpu.requestsOrZero() + " x " + model : model;
        }
        return "CPU";
    }

    /** {@code minVram} in bytes rounded up; 0 when absent, zero or invalid. */
    static long minVramBytes(Quantity minVram) {
        if (minVram == null || minVram.getAmount() == null) {
            return 0;
        }
        try {
            BigDecimal bytes = Quantity.getAmountInBytes(minVram).setScale(0, RoundingMode.CEILING);
            return bytes.longValueExact();
        } catch (ArithmeticException | IllegalArgumentException invalid) {
            return 0;
        }
    }

    /** Whole GiB rounded down with suffix {@code Gi}; exactly {@code "0"} for zero bytes. */
    static String formatGi(long bytes) {
        return bytes == 0 ? "0" : (bytes / GIB) + "Gi";
    }
}
