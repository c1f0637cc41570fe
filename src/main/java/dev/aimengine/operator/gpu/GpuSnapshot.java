package dev.aimengine.operator.gpu;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * An immutable picture of the cluster's AMD GPUs, grouped by the model detected from node labels.
 *
 * <p>Only nodes whose labels name a GPU model take part; a node advertising {@code amd.com/gpu} capacity without
 * such labels is invisible, as in the original. Per model the snapshot records the VRAM of the first node seen
 * (in the order the nodes are given), the node count, the allocatable GPUs and the GPUs requested by pods.
 *
 * <p>A pod counts when it is bound to one of the model's nodes ({@code spec.nodeName}) and its phase is neither
 * {@code Succeeded} nor {@code Failed}. Its GPU demand is the scheduler's effective request of
 * {@value GpuLabels#RESOURCE_NAME}: per container the request, or the limit when no request is given; app containers
 * are summed; init containers run one at a time, so the demand is the larger of the app sum and the largest init
 * container. Restartable ("sidecar") init containers keep running and are therefore added to the app sum and to
 * every later init container; pod overhead is added on top.
 *
 * <p>To leave some pods out (e.g. a caller's own pods when judging whether they would still fit), build the
 * snapshot with {@link #of(Collection, Collection, Predicate)}.
 */
public final class GpuSnapshot {

    private static final GpuSnapshot EMPTY = new GpuSnapshot(Map.of());

    private final Map<String, GpuModelInventory> byModel;

    private GpuSnapshot(Map<String, GpuModelInventory> byModel) {
        this.byModel = byModel;
    }

    /** A cluster without detected GPUs. */
    public static GpuSnapshot empty() {
        return EMPTY;
    }

    /** The GPUs of {@code nodes}, with the requests of all {@code pods} counted. */
    public static GpuSnapshot of(Collection<Node> nodes, Collection<Pod> pods) {
        return of(nodes, pods, pod -> false);
    }

    /**
     * The GPUs of {@code nodes}, with the requests of {@code pods} counted except those matched by {@code ignore}.
     *
     * @param nodes  cluster nodes; null entries and nodes without GPU model labels are skipped
     * @param pods   pods of any namespace; may be null
     * @param ignore pods whose requests are left out
     */
    public static GpuSnapshot of(Collection<Node> nodes, Collection<Pod> pods, Predicate<Pod> ignore) {
        if (nodes == null || nodes.isEmpty()) {
            return EMPTY;
        }
        Map<String, Long> requestedByNode = requestsByNode(pods, ignore == null ? pod -> false : ignore);
        Map<String, Tally> tallies = new TreeMap<>();
        for (Node node : nodes) {
            if (node == null) {
                continue;
            }
            Map<String, String> labels = node.getMetadata() == null ? null : node.getMetadata().getLabels();
            Optional<String> model = GpuLabels.modelOf(labels);
            if (model.isEmpty()) {
                continue;
            }
            Tally tally = tallies.computeIfAbsent(model.get(),
                    m -> new Tally(GpuLabels.vramOf(labels, m).orElse("")));
            tally.nodes++;
            tally.allocatable += allocatableGpus(node);
            String name = node.getMetadata().getName();
            if (name != null) {
                tally.requested += requestedByNode.getOrDefault(name, 0L);
            }
        }
        if (tallies.isEmpty()) {
            return EMPTY;
        }
        Map<String, GpuModelInventory> byModel = new TreeMap<>();
        tallies.forEach((model, t) -> byModel.put(model, new GpuModelInventory(model, t.vram,
                GpuLabels.parseVram(t.vram), t.nodes, t.allocatable, t.requested)));
        return new GpuSnapshot(Collections.unmodifiableMap(byModel));
    }

    /** The detected models, in ascending order. */
    public Set<String> models() {
        return byModel.keySet();
    }

    /**
     * The inventory of one model. The name is matched exactly; pass a normalised name
     * ({@link GpuLabels#normalizeModel}).
     */
    public Optional<GpuModelInventory> model(String normalisedModel) {
        return Optional.ofNullable(byModel.get(normalisedModel));
    }

    /** All inventories, ordered by model name. */
    public Collection<GpuModelInventory> inventories() {
        return byModel.values();
    }

    /** True when no node carries a recognisable GPU model. */
    public boolean isEmpty() {
        return byModel.isEmpty();
    }

    /**
     * Whether the set of models or their VRAM differs: what decides template availability (capacity changes do
     * not).
     */
    public boolean sameModelsAs(GpuSnapshot other) {
        if (!byModel.keySet().equals(other.byModel.keySet())) {
            return false;
        }
        return byModel.values().stream()
                .allMatch(i -> i.vramBytes() == other.byModel.get(i.model()).vramBytes());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GpuSnapshot other && byModel.equals(other.byModel);
    }

    @Override
    public int hashCode() {
        return byModel.hashCode();
    }

    @Override
    public String toString() {
        return "GpuSnapshot" + byModel.values();
    }

    /**
     * The effective {@value GpuLabels#RESOURCE_NAME} request of a pod, as the scheduler accounts it (see the class
     * description).
     */
    public static long effectiveGpuRequest(Pod pod) {
        PodSpec spec = pod == null ? null : pod.getSpec();
        if (spec == null) {
            return 0;
        }
        long apps = 0;
        for (Container container : nullSafe(spec.getContainers())) {
            apps += containerGpus(container);
        }
        long sidecars = 0;
        long initPeak = 0;
        for (Container init : nullSafe(spec.getInitContainers())) {
            long gpus = containerGpus(init);
            if ("Always".equals(init.getRestartPolicy())) {
                sidecars += gpus;
                initPeak = Math.max(initPeak, sidecars);
            } else {
                initPeak = Math.max(initPeak, sidecars + gpus);
            }
        }
        long overhead = spec.getOverhead() == null ? 0 : whole(spec.getOverhead().get(GpuLabels.RESOURCE_NAME));
        return Math.max(apps + sidecars, initPeak) + overhead;
    }

    private static Map<String, Long> requestsByNode(Collection<Pod> pods, Predicate<Pod> ignore) {
        Map<String, Long> byNode = new HashMap<>();
        if (pods == null) {
            return byNode;
        }
        for (Pod pod : pods) {
            if (pod == null || pod.getSpec() == null || pod.getSpec().getNodeName() == null
                    || isTerminated(pod) || ignore.test(pod)) {
                continue;
            }
            long gpus = effectiveGpuRequest(pod);
            if (gpus != 0) {
                byNode.merge(pod.getSpec().getNodeName(), gpus, Long::sum);
            }
        }
        return byNode;
    }

    private static boolean isTerminated(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    private static long allocatableGpus(Node node) {
        if (node.getStatus() == null || node.getStatus().getAllocatable() == null) {
            return 0;
        }
        return whole(node.getStatus().getAllocatable().get(GpuLabels.RESOURCE_NAME));
    }

    private static long containerGpus(Container container) {
        ResourceRequirements resources = container == null ? null : container.getResources();
        if (resources == null) {
            return 0;
        }
        Quantity request = resources.getRequests() == null ? null
                : resources.getRequests().get(GpuLabels.RESOURCE_NAME);
        if (request == null && resources.getLimits() != null) {
            request = resources.getLimits().get(GpuLabels.RESOURCE_NAME);
        }
        return whole(request);
    }

    /** A quantity as a whole number, rounded up; 0 when absent or not a valid quantity. */
    static long whole(Quantity quantity) {
        if (quantity == null || quantity.getAmount() == null) {
            return 0;
        }
        try {
            BigDecimal amount = quantity.getNumericalAmount().setScale(0, RoundingMode.CEILING);
            return amount.longValueExact();
        } catch (ArithmeticException | IllegalArgumentException invalid) {
            return 0;
        }
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }

    /** Mutable accumulator while the snapshot is being built. */
    private static final class Tally {
        private final String vram;
        private int nodes;
        private long allocatable;
        private long requested;

        private Tally(String vram) {
            this.vram = vram;
        }
    }
}
