package dev.aimengine.operator.gpu;

/**
 * Outcome of the GPU component check of a template.
 *
 * @param available true when the template can run (Ready), false when it is NotAvailable
 * @param reason    one of the {@code REASON_*} constants; {@code null} when the template needs no GPU
 * @param message   the human-readable condition message; {@code null} when the template needs no GPU
 */
public record GpuCheck(boolean available, String reason, String message) {

    public static final String REASON_GPU_AVAILABLE = "GPUAvailable";
    public static final String REASON_GPU_NOT_AVAILABLE = "GPUNotAvailable";
    public static final String REASON_VRAM_AVAILABLE = "VRAMAvailable";
    public static final String REASON_VRAM_NOT_AVAILABLE = "VRAMNotAvailable";

    private static final GpuCheck NOT_REQUIRED = new GpuCheck(true, null, null);

    /** The result for templates without GPU requirements: available, and no GPU component to report. */
    public static GpuCheck notRequired() {
        return NOT_REQUIRED;
    }

    /** True when this result should be reported as a GPU component (the template requires a GPU). */
    public boolean reportable() {
        return reason != null;
    }
}
