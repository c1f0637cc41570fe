package dev.aimengine.operator.gpu;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The GPU inventory keeps a small copy of each node and pod, and computes the same inventory from it. */
class GpuCacheShapesTest {
    static final KubernetesSerialization YAML = new KubernetesSerialization();

    static final Node NODE = YAML.unmarshal("""
            apiVersion: v1
            kind: Node
            metadata:
              name: n1
              labels: {amd.com/gpu.device-id: 74a1, amd.com/gpu.vram: 192G, beta.amd.com/gpu.family: AI,
                       kubernetes.io/hostname: n1, topology.kubernetes.io/zone: z}
              annotations: {node.alpha.kubernetes.io/ttl: "0"}
              managedFields: [{manager: kubelet, operation: Update}]
            status:
              allocatable: {amd.com/gpu: "8", cpu: "128", memory: 2Ti, pods: "110"}
              images: [{names: [some/image:1], sizeBytes: 123456789}]
            """, Node.class);

    static final Pod POD = YAML.unmarshal("""
            apiVersion: v1
            kind: Pod
            metadata:
              name: chat-predictor-abc
              namespace: team
              labels: {serving.kserve.io/inferenceservice: chat-1234, app: chat, pod-template-hash: abc}
              annotations: {a: b}
            spec:
              nodeName: n1
              initContainers: [{name: init, image: busybox, restartPolicy: Always, resources: {requests: {amd.com/gpu: "1"}}}]
              containers:
              - name: kserve-container
                image: some/model:1
                env: [{name: A, value: b}]
                resources: {requests: {amd.com/gpu: "2", cpu: "8"}, limits: {amd.com/gpu: "2", memory: 64Gi}}
              volumes: [{name: dshm, emptyDir: {medium: Memory}}]
            status: {phase: Running, podIP: 10.0.0.1, conditions: [{type: Ready, status: "True"}]}
            """, Pod.class);

    @Test
    void aPrunedNodeKeepsItsAmdLabelsAndResources() {
        Node n = GpuCacheShapes.node(NODE);
        assertEquals(Map.of("amd.com/gpu.device-id", "74a1", "amd.com/gpu.vram", "192G", "beta.amd.com/gpu.family", "AI"),
                n.getMetadata().getLabels());
        assertEquals(List.of("amd.com/gpu"), List.copyOf(n.getStatus().getAllocatable().keySet()));
        assertTrue(YAML.asJson(n).length() < YAML.asJson(NODE).length() / 2, YAML.asJson(n));
    }

    @Test
    void aPrunedPodKeepsWhatCapacityNeeds() {
        Pod p = GpuCacheShapes.pod(POD);
        assertEquals(Map.of("serving.kserve.io/inferenceservice", "chat-1234"), p.getMetadata().getLabels());
        assertEquals("n1", p.getSpec().getNodeName());
        assertEquals("Running", p.getStatus().getPhase());
        assertEquals(Map.of("amd.com/gpu", "2"), Map.of("amd.com/gpu",
                p.getSpec().getContainers().get(0).getResources().getRequests().get("amd.com/gpu").toString()));
        assertEquals(GpuSnapshot.effectiveGpuRequest(POD), GpuSnapshot.effectiveGpuRequest(p));
        assertEquals(GpuSnapshot.of(List.of(NODE), List.of(POD)), GpuSnapshot.of(List.of(GpuCacheShapes.node(NODE)),
                List.of(p)), "the same inventory from the pruned copies");
    }
}
