package dev.aimengine.operator.gpu;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.aimengine.operator.gpu.GpuFixtures.limiting;
import static dev.aimengine.operator.gpu.GpuFixtures.mi300x;
import static dev.aimengine.operator.gpu.GpuFixtures.node;
import static dev.aimengine.operator.gpu.GpuFixtures.pod;
import static dev.aimengine.operator.gpu.GpuFixtures.requesting;
import static dev.aimengine.operator.gpu.GpuFixtures.sidecar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GpuSnapshotTest {

    private static final long GIB = 1024L * 1024 * 1024;

    @Test
    void groupsNodesByDetectedModel() {
        List<Node> nodes = List.of(
                mi300x("a", "8"),
                node("b", Map.of("amd.com/gpu.device-id.74b5", "8"), "8"),
                node("c", Map.of(GpuLabels.DEVICE_ID, "75a3", GpuLabels.VRAM, "300G"), "4"),
                node("cpu", Map.of("kubernetes.io/hostname", "cpu"), null),
                node("unlabelled-gpu", Map.of(), "8"));
        GpuSnapshot snapshot = GpuSnapshot.of(nodes, List.of());

        assertEquals(List.of("MI300X", "MI355X"), List.copyOf(snapshot.models()));
        assertEquals(Optional.of(new GpuModelInventory("MI300X", "192G", 192 * GIB, 2, 16, 0)),
                snapshot.model("MI300X"));
        assertEquals(Optional.of(new GpuModelInventory("MI355X", "300G", 300 * GIB, 1, 4, 0)),
                snapshot.model("MI355X"));
        assertEquals(Optional.empty(), snapshot.model("mi300x"));
        assertFalse(snapshot.isEmpty());
    }

    @Test
    void vramComesFromTheFirstNodeSeen() {
        List<Node> nodes = List.of(
                node("a", Map.of(GpuLabels.DEVICE_ID, "74a1", GpuLabels.VRAM, "180G"), "8"),
                node("b", Map.of(GpuLabels.DEVICE_ID, "74a1", GpuLabels.VRAM, "200G"), "8"));
        assertEquals(180 * GIB, GpuSnapshot.of(nodes, List.of()).model("MI300X").orElseThrow().vramBytes());
        assertEquals(200 * GIB,
                GpuSnapshot.of(List.of(nodes.get(1), nodes.get(0)), List.of()).model("MI300X").orElseThrow().vramBytes());
    }

    @Test
    void unknownModelHasNoVram() {
        GpuSnapshot snapshot = GpuSnapshot.of(List.of(node("x", Map.of(GpuLabels.DEVICE_ID, "abcd"), "1")), null);
        assertEquals(new GpuModelInventory("AMD-ABCD", "", 0, 1, 1, 0), snapshot.model("AMD-ABCD").orElseThrow());
    }

    @Test
    void emptyClusters() {
        assertTrue(GpuSnapshot.of(List.of(), List.of()).isEmpty());
        assertTrue(GpuSnapshot.of(null, null).isEmpty());
        assertTrue(GpuSnapshot.of(List.of(node("cpu", Map.of(), null)), List.of()).isEmpty());
        assertEquals(Set.of(), GpuSnapshot.empty().models());
    }

    @Test
    void allocatableAbsentCountsAsZero() {
        GpuSnapshot snapshot = GpuSnapshot.of(List.of(mi300x("a", null), mi300x("b", "4")), List.of());
        GpuModelInventory inventory = snapshot.model("MI300X").orElseThrow();
        assertEquals(2, inventory.nodeCount());
        assertEquals(4, inventory.allocatable());
    }

    @Test
    void requestedCountsRunningAndPendingPodsOnTheModelsNodes() {
        List<Node> nodes = List.of(mi300x("a", "8"), mi300x("b", "8"),
                node("c", Map.of(GpuLabels.DEVICE_ID, "75a3"), "8"));
        List<Pod> pods = List.of(
                pod("running", "a", "Running", List.of(requesting("2"), requesting("1"))),
                pod("pending", "b", "Pending", List.of(requesting("3"))),
                pod("no-status", "b", null, List.of(requesting("1"))),
                pod("unknown", "a", "Unknown", List.of(requesting("1"))),
                pod("done", "a", "Succeeded", List.of(requesting("4"))),
                pod("failed", "b", "Failed", List.of(requesting("4"))),
                pod("unscheduled", null, "Pending", List.of(requesting("4"))),
                pod("other-model", "c", "Running", List.of(requesting("5"))),
                pod("unknown-node", "zzz", "Running", List.of(requesting("6"))),
                pod("cpu-only", "a", "Running", List.of(new ContainerBuilder().withName("c").build())));
        GpuSnapshot snapshot = GpuSnapshot.of(nodes, pods);

        GpuModelInventory mi300x = snapshot.model("MI300X").orElseThrow();
        assertEquals(16, mi300x.allocatable());
        assertEquals(8, mi300x.requested());
        assertEquals(8, mi300x.free());
        GpuModelInventory mi355x = snapshot.model("MI355X").orElseThrow();
        assertEquals(5, mi355x.requested());
        assertEquals(3, mi355x.free());
    }

    @Test
    void limitsStandInForMissingRequests() {
        Container both = new ContainerBuilder().withName("both").withNewResources()
                .addToRequests(GpuLabels.RESOURCE_NAME, new Quantity("1"))
                .addToLimits(GpuLabels.RESOURCE_NAME, new Quantity("3")).endResources().build();
        GpuSnapshot snapshot = GpuSnapshot.of(List.of(mi300x("a", "8")),
                List.of(pod("p", "a", "Running", List.of(limiting("2"), both))));
        assertEquals(3, snapshot.model("MI300X").orElseThrow().requested());
    }

    @Test
    void freeNeverGoesNegative() {
        GpuSnapshot snapshot = GpuSnapshot.of(List.of(mi300x("a", "2")),
                List.of(pod("p", "a", "Running", List.of(requesting("5")))));
        assertEquals(5, snapshot.model("MI300X").orElseThrow().requested());
        assertEquals(0, snapshot.model("MI300X").orElseThrow().free());
    }

    @Test
    void initContainersCountAsTheLargerOfAppSumAndLargestInit() {
        Pod initDominates = pod("a", "n", "Running", List.of(requesting("1"), requesting("1")),
                List.of(requesting("4"), requesting("3")));
        Pod appsDominate = pod("b", "n", "Running", List.of(requesting("2"), requesting("3")),
                List.of(requesting("4")));
        assertEquals(4, GpuSnapshot.effectiveGpuRequest(initDominates));
        assertEquals(5, GpuSnapshot.effectiveGpuRequest(appsDominate));

        GpuSnapshot snapshot = GpuSnapshot.of(List.of(mi300x("n", "16")), List.of(initDominates, appsDominate));
        assertEquals(9, snapshot.model("MI300X").orElseThrow().requested());
    }

    @Test
    void sidecarInitContainersAddToEverythingAfterThem() {
        // sidecar 1 runs alongside the later init container (1 + 4 = 5) and the apps (2 + 1 = 3)
        Pod pod = pod("s", "n", "Running", List.of(requesting("2")), List.of(sidecar("1"), requesting("4")));
        assertEquals(5, GpuSnapshot.effectiveGpuRequest(pod));
        Pod appsWin = pod("t", "n", "Running", List.of(requesting("6")), List.of(sidecar("1"), requesting("4")));
        assertEquals(7, GpuSnapshot.effectiveGpuRequest(appsWin));
    }

    @Test
    void podOverheadIsAdded() {
        Pod pod = pod("o", "n", "Running", List.of(requesting("2")));
        pod.getSpec().setOverhead(Map.of(GpuLabels.RESOURCE_NAME, new Quantity("1")));
        assertEquals(3, GpuSnapshot.effectiveGpuRequest(pod));
    }

    @Test
    void ignoredPodsAreLeftOut() {
        Pod mine = pod("mine", "a", "Running", List.of(requesting("4")));
        Pod theirs = pod("theirs", "a", "Running", List.of(requesting("2")));
        List<Node> nodes = List.of(mi300x("a", "8"));

        assertEquals(6, GpuSnapshot.of(nodes, List.of(mine, theirs)).model("MI300X").orElseThrow().requested());
        GpuSnapshot withoutMine = GpuSnapshot.of(nodes, List.of(mine, theirs),
                p -> "mine".equals(p.getMetadata().getName()));
        assertEquals(2, withoutMine.model("MI300X").orElseThrow().requested());
        assertEquals(6, withoutMine.model("MI300X").orElseThrow().free());
    }

    @Test
    void snapshotIsImmutable() {
        GpuSnapshot snapshot = GpuSnapshot.of(List.of(mi300x("a", "8")), List.of());
        assertThrows(UnsupportedOperationException.class, () -> snapshot.models().clear());
        assertThrows(UnsupportedOperationException.class, () -> snapshot.inventories().clear());
    }

    @Test
    void fractionalOrInvalidQuantitiesAreHandled() {
        assertEquals(1, GpuSnapshot.whole(new Quantity("500m")));
        assertEquals(0, GpuSnapshot.whole(new Quantity("nonsense")));
        assertEquals(0, GpuSnapshot.whole(null));
    }
}
