package dev.aimengine.operator.testing;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.Map;

/**
 * The GPU nodes of AIM Engine's end-to-end cluster: one worker labelled as an MI300X ({@code amd.com/gpu.device-id:
 * 74a1}, {@code amd.com/gpu.vram: 192G}) and one as an MI350X ({@code 75a0}, {@code 288G}), each with 8 allocatable
 * {@code amd.com/gpu}. No kubelet runs them; they exist for the operator's GPU inventory.
 */
public final class GpuNodes {
    public static final String MI300X = "catalogue-mi300x";
    public static final String MI350X = "catalogue-mi350x";

    public static void ensure(KubernetesClient client) {
        node(client, MI300X, "74a1", "192G");
        node(client, MI350X, "75a0", "288G");
    }

    private static void node(KubernetesClient client, String name, String deviceId, String vram) {
        if (client.nodes().withName(name).get() != null) {
            return;
        }
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name)
                .withLabels(Map.of("amd.com/gpu.device-id", deviceId, "amd.com/gpu.vram", vram)).endMetadata()
                .withNewStatus().withAllocatable(Map.of("amd.com/gpu", new Quantity("8"))).endStatus().build()).create();
    }

    private GpuNodes() {
    }
}
