package dev.aimengine.operator.gpu;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;

import java.util.List;
import java.util.Map;

/** Small builders for nodes and pods used by the GPU tests. */
final class GpuFixtures {

    private GpuFixtures() {
    }

    static Node node(String name, Map<String, String> labels, String allocatableGpus) {
        NodeBuilder builder = new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata();
        if (allocatableGpus != null) {
            builder.withNewStatus()
                    .addToAllocatable(GpuLabels.RESOURCE_NAME, new Quantity(allocatableGpus))
                    .addToAllocatable("cpu", new Quantity("64"))
                    .endStatus();
        }
        return builder.build();
    }

    static Node mi300x(String name, String allocatableGpus) {
        return node(name, Map.of(GpuLabels.DEVICE_ID, "74a1"), allocatableGpus);
    }

    static Container requesting(String gpus) {
        return new ContainerBuilder().withName("c").withNewResources()
                .addToRequests(GpuLabels.RESOURCE_NAME, new Quantity(gpus)).endResources().build();
    }

    static Container limiting(String gpus) {
        return new ContainerBuilder().withName("c").withNewResources()
                .addToLimits(GpuLabels.RESOURCE_NAME, new Quantity(gpus)).endResources().build();
    }

    static Container sidecar(String gpus) {
        Container container = requesting(gpus);
        container.setRestartPolicy("Always");
        return container;
    }

    static Pod pod(String name, String nodeName, String phase, List<Container> containers) {
        return pod(name, nodeName, phase, containers, List.of());
    }

    static Pod pod(String name, String nodeName, String phase, List<Container> containers,
                   List<Container> initContainers) {
        PodBuilder builder = new PodBuilder().withNewMetadata().withName(name).withNamespace("ns").endMetadata()
                .withNewSpec().withNodeName(nodeName).withContainers(containers)
                .withInitContainers(initContainers).endSpec();
        if (phase != null) {
            builder.withNewStatus().withPhase(phase).endStatus();
        }
        return builder.build();
    }
}
