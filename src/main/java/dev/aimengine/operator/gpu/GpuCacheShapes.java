package dev.aimengine.operator.gpu;

import dev.aimengine.operator.service.inference.KServe;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the GPU inventory keeps of each Node and Pod: only what it reads. A cluster's pods are mostly unrelated to
 * AMD GPUs, and a full pod (spec, status, managed fields) weighs kilobytes; kept whole, every pod of the cluster
 * would be the operator's memory. A node keeps its name, its AMD GPU labels and its allocatable AMD resources; a pod
 * its identity, the InferenceService label (a service leaves its own predictor pods out of its capacity view), its
 * node, phase and AMD resource requests.
 */
final class GpuCacheShapes {
    private static final String AMD_PREFIX = "amd.com/";
    private static final String BETA_AMD_PREFIX = "beta.amd.com/";

    static Node node(Node node) {
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        Map<String, Quantity> allocatable = node.getStatus() == null || node.getStatus().getAllocatable() == null
                ? Map.of() : node.getStatus().getAllocatable();
        return new NodeBuilder()
                .withNewMetadata().withName(node.getMetadata().getName()).withUid(node.getMetadata().getUid())
                .withResourceVersion(node.getMetadata().getResourceVersion())
                .withLabels(amd(labels)).endMetadata()
                .withNewStatus().withAllocatable(amd(allocatable)).endStatus()
                .build();
    }

    static Pod pod(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        String isvc = labels == null ? null : labels.get(KServe.ISVC_LABEL);
        PodBuilder b = new PodBuilder().withNewMetadata().withName(pod.getMetadata().getName())
                .withNamespace(pod.getMetadata().getNamespace()).withUid(pod.getMetadata().getUid())
                .withResourceVersion(pod.getMetadata().getResourceVersion())
                .withLabels(isvc == null ? Map.of() : Map.of(KServe.ISVC_LABEL, isvc)).endMetadata();
        if (pod.getSpec() != null) {
            b.withNewSpec().withNodeName(pod.getSpec().getNodeName())
                    .withContainers(containers(pod.getSpec().getContainers()))
                    .withInitContainers(containers(pod.getSpec().getInitContainers()))
                    .withOverhead(pod.getSpec().getOverhead() == null ? null : amd(pod.getSpec().getOverhead()))
                    .endSpec();
        }
        if (pod.getStatus() != null) {
            b.withNewStatus().withPhase(pod.getStatus().getPhase()).endStatus();
        }
        return b.build();
    }

    /** Containers with AMD resources only (and the restart policy, which tells sidecar init containers apart). */
    private static List<Container> containers(List<Container> containers) {
        if (containers == null) {
            return List.of();
        }
        return containers.stream().map(c -> new ContainerBuilder().withName(c.getName())
                .withRestartPolicy(c.getRestartPolicy()).withResources(resources(c.getResources())).build())
                .collect(Collectors.toList());
    }

    private static ResourceRequirements resources(ResourceRequirements r) {
        if (r == null) {
            return null;
        }
        return new ResourceRequirementsBuilder()
                .withRequests(r.getRequests() == null ? null : amd(r.getRequests()))
                .withLimits(r.getLimits() == null ? null : amd(r.getLimits())).build();
    }

    private static <V> Map<String, V> amd(Map<String, V> map) {
        Map<String, V> kept = new TreeMap<>();
        map.forEach((k, v) -> {
            if (k.startsWith(AMD_PREFIX) || k.startsWith(BETA_AMD_PREFIX)) {
                kept.put(k, v);
            }
        });
        return kept;
    }

    private GpuCacheShapes() {
    }
}
