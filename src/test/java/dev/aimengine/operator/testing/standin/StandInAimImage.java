package dev.aimengine.operator.testing.standin;

import java.util.List;

/**
 * Stands in for an AIM model image's {@code dry-run --format=json}, the program a template's discovery Job runs: it
 * prints, as AIM Engine's test image {@code ghcr.io/silogen/aim-dummy} does, one profile (vLLM on one MI300X, fp8,
 * latency) and the weights it needs ({@code HuggingFaceTB/SmolLM2-135M}, 0.5 GB), after the given think time. Like
 * the real image, it prints the profile the Job's environment asks for when it names one: {@code AIM_GPU_MODEL},
 * {@code AIM_GPU_COUNT}, {@code AIM_PRECISION}, {@code AIM_METRIC} replace the defaults, and a profile ID
 * ({@code AIM_PROFILE_ID}) ending in {@code -unopt} is an unoptimized profile. Images that are no AIM image (say
 * {@code busybox}) fail the way a shell without that command fails.
 */
public final class StandInAimImage implements StandInKubelet.ContainerProgram {
    static final String OUTPUT = """
            [{"filename": "%s.yaml",
              "profile": {"model": "HuggingFaceTB/SmolLM2-135M", "quantized_model": null,
                "metadata": {"engine": "vllm", "gpu": "%s", "precision": "%s", "gpu_count": %s,
                             "metric": "%s", "type": "%s"},
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

    /** The dry-run output for the profile the container's environment selects (the default one without). */
    static String output(StandInKubelet.RunningContainer c) {
        String gpu = c.env("AIM_GPU_MODEL").filter(v -> !v.isBlank()).orElse("MI300X");
        String count = c.env("AIM_GPU_COUNT").filter(v -> v.matches("[1-9][0-9]*")).orElse("1");
        String precision = c.env("AIM_PRECISION").filter(v -> !v.isBlank()).orElse("fp8");
        String metric = c.env("AIM_METRIC").filter(v -> !v.isBlank()).orElse("latency");
        String profileId = c.env("AIM_PROFILE_ID").filter(v -> !v.isBlank()).orElse(
                "vllm-" + gpu.toLowerCase() + "-" + precision + "-tp" + count + "-" + metric);
        String type = profileId.endsWith("-unopt") ? "unoptimized" : "optimized";
        return OUTPUT.formatted(profileId, gpu, precision, count, metric, type);
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
        c.println(output(c));
        return StandInKubelet.Exit.success();
    }
}
