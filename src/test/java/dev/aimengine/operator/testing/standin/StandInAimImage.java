package dev.aimengine.operator.testing.standin;

import java.util.List;

/**
 * Stands in for an AIM model image's {@code dry-run --format=json}, the program a template's discovery Job runs: it
 * prints, as AIM Engine's test image {@code ghcr.io/silogen/aim-dummy} does, one profile (vLLM on one MI300X, fp8,
 * latency) and the weights it needs ({@code HuggingFaceTB/SmolLM2-135M}, 0.5 GB), after the given think time. Images
 * that are no AIM image (say {@code busybox}) fail the way a shell without that command fails.
 */
public final class StandInAimImage implements StandInKubelet.ContainerProgram {
    static final String OUTPUT = """
            [{"filename": "vllm-mi300x-fp8-tp1-latency.yaml",
              "profile": {"model": "HuggingFaceTB/SmolLM2-135M", "quantized_model": null,
                "metadata": {"engine": "vllm", "gpu": "MI300X", "precision": "fp8", "gpu_count": 1,
                             "metric": "latency", "type": "optimized"},
                "engine_args": {"distributed_executor_backend": "mp", "gpu-memory-utilization": 0.95,
                                "tensor-parallel-size": 1},
                "env_vars": {"GPU_ARCHS": "gfx942", "HIP_FORCE_DEV_KERNARG": "1", "NCCL_MIN_NCHANNELS": "112",
                             "TORCH_BLAS_PREFER_HIPBLASLT": "1", "VLLM_FP8_PADDING": "1", "VLLM_FP8_ACT_PADDING": "1",
                             "VLLM_FP8_WEIGHT_PADDING": "1", "VLLM_FP8_REDUCE_CONV": "1",
                             "VLLM_USE_TRITON_FLASH_ATTN": "0"}},
              "models": [{"name": "HuggingFaceTB/SmolLM2-135M", "source": "hf://HuggingFaceTB/SmolLM2-135M",
                          "size_gb": 0.5}]}]""";

    private final long thinkMillis;

    public StandInAimImage(long thinkMillis) {
        this.thinkMillis = thinkMillis;
    }

    /** Whether a pod is a discovery pod (what this program is for). */
    public static boolean runs(io.fabric8.kubernetes.api.model.Pod pod) {
        return pod.getSpec().getContainers().stream().anyMatch(c -> "discovery".equals(c.getName()));
    }

    @Override
    public StandInKubelet.Exit run(StandInKubelet.RunningContainer c) throws InterruptedException {
        String image = c.spec().getImage() == null ? "" : c.spec().getImage();
        if (!image.contains("aim-")) {
            c.println("/bin/sh: dry-run: not found");
            return StandInKubelet.Exit.failure(127);
        }
        if (!c.args().equals(List.of("dry-run", "--format=json"))) {
            c.println("usage: aim-runtime [serve|dry-run] --format=json");
            return StandInKubelet.Exit.failure(2);
        }
        Thread.sleep(thinkMillis);
        c.println(OUTPUT);
        return StandInKubelet.Exit.success();
    }
}
