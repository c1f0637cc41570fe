package dev.aimengine.operator.discovery;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading the dry-run output of an AIM image. */
class DiscoveryOutputTest {
    static final String OUTPUT = """
            [{"filename": "vllm-mi300x-fp8-tp1-latency.yaml",
              "profile": {"model": "HuggingFaceTB/SmolLM2-135M",
                          "metadata": {"engine": "vllm", "gpu": "MI300X", "precision": "fp8", "gpu_count": 1,
                                       "metric": "latency", "type": "optimized"},
                          "engine_args": {"distributed_executor_backend": "mp", "gpu-memory-utilization": 0.95,
                                          "tensor-parallel-size": 1},
                          "env_vars": {"VLLM_USE_TRITON_FLASH_ATTN": "0", "HIP_FORCE_DEV_KERNARG": 1}},
              "models": [{"name": "HuggingFaceTB/SmolLM2-135M", "source": "hf://HuggingFaceTB/SmolLM2-135M",
                          "size_gb": 0.5}]}]
            """;

    @Test
    void theFirstProfileAndItsSourcesAreRead() {
        DiscoveryOutput.Result r = DiscoveryOutput.parse(OUTPUT);
        assertTrue(r.ok(), r.problem());
        var m = r.profile().metadata;
        assertEquals("vllm", m.engine);
        assertEquals("MI300X", m.gpu);
        assertEquals(1, m.gpuCount);
        assertEquals("fp8", m.precision);
        assertEquals("latency", m.metric);
        assertEquals("optimized", m.type);
        assertEquals("mp", r.profile().engineArgs.get("distributed_executor_backend").asText());
        assertEquals("0", r.profile().envVars.get("VLLM_USE_TRITON_FLASH_ATTN"));
        assertEquals("1", r.profile().envVars.get("HIP_FORCE_DEV_KERNARG"), "numbers become text");
        assertEquals("HuggingFaceTB/SmolLM2-135M", r.modelSources().get(0).modelId);
        assertEquals("hf://HuggingFaceTB/SmolLM2-135M", r.modelSources().get(0).sourceUri);
        assertEquals("512Mi", r.modelSources().get(0).size.toString(), "0.5 GiB as a binary quantity");
    }

    @Test
    void theArrayIsFoundAmongOtherLines() {
        DiscoveryOutput.Result r = DiscoveryOutput.parse("INFO starting [warm-up]\n" + OUTPUT + "\nINFO done\n");
        assertTrue(r.ok(), r.problem());
        assertEquals(1, r.modelSources().size());
    }

    @Test
    void sizesAreBinaryQuantities() {
        assertEquals("16Gi", DiscoveryOutput.parse(OUTPUT.replace("0.5", "16")).modelSources().get(0).size.toString());
        assertEquals("1536Mi", DiscoveryOutput.size(com.fasterxml.jackson.databind.node.DoubleNode.valueOf(1.5)).toString());
        assertNull(DiscoveryOutput.size(com.fasterxml.jackson.databind.node.TextNode.valueOf("big")));
        assertNull(DiscoveryOutput.size(com.fasterxml.jackson.databind.node.IntNode.valueOf(0)));
    }

    @Test
    void outputWithoutSourcesIsAProblemWithAReason() {
        DiscoveryOutput.Result none = DiscoveryOutput.parse("[{\"profile\": {\"metadata\": {}}, \"models\": []}]");
        assertFalse(none.ok());
        assertTrue(none.problem().contains("no model sources"), none.problem());
        assertTrue(DiscoveryOutput.parse("Traceback (most recent call last): boom").problem()
                .contains("no JSON array"));
        assertTrue(DiscoveryOutput.parse("").problem().contains("printed nothing"));
        assertTrue(DiscoveryOutput.parse("[{\"models\": [{\"name\": \"a/b\"}]}]").problem().contains("\"source\""));
    }
}
