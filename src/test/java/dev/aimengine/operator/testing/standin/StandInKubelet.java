package dev.aimengine.operator.testing.standin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddressBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Stands in for a node's kubelet (and for the scheduler's visible acts: binding a pod to a node, or reporting that no
 * node fits it), so that pods the control plane creates — Job pods made by kube-controller-manager — actually run.
 * <p>
 * On construction it registers a Node named {@code standin-kubelet-<random>} that carries no GPU labels or GPU
 * resources (it adds nothing to the operator's GPU inventory), and serves HTTPS on a loopback port with a self-signed
 * certificate. The Node's status names {@code 127.0.0.1} as its only address and that port as its kubelet endpoint,
 * which is how the API server finds a kubelet: {@code pods/log} requests are forwarded to
 * {@code GET /containerLogs/<ns>/<pod>/<container>} here and answered with what the pod's containers printed
 * (honouring {@code tailLines} and {@code limitBytes}). The operator therefore reads logs through its ordinary client.
 * <p>
 * Running a pod ({@link #run}) goes the way it goes on a node: wait until the pod's PersistentVolumeClaims are
 * Bound (the scheduler would not place it before), bind it to the node ({@code Binding}), resolve each container's
 * environment (a missing Secret or ConfigMap key holds the container in {@code CreateContainerConfigError}), report
 * it {@code Running} and Ready, run each container's {@link ContainerProgram}, and report each exit as a terminated
 * container state with exit code and reason; the pod ends {@code Succeeded} when every container exited with 0, else
 * {@code Failed}. Only {@code restartPolicy: Never} is modelled (Job pods): containers are not restarted. A pod
 * deleted while it runs has its containers interrupted.
 * <p>
 * {@link #runPods} watches a namespace and runs every new, unscheduled pod it selects, as a node would pick up pods
 * the scheduler gives it. The single steps ({@link #bind}, {@link #failScheduling}, {@link #markRunning},
 * {@link #markTerminated}, {@link #appendLog}) are public for tests that drive a pod by hand.
 */
public final class StandInKubelet implements AutoCloseable {

    /** What a container does once started: prints to its log and returns how it exited. */
    @FunctionalInterface
    public interface ContainerProgram {
        Exit run(RunningContainer container) throws InterruptedException;
    }

    /**
     * How a container ended: the exit code and the reason the kubelet reports ({@code Completed} for 0,
     * {@code Error} otherwise, {@code OOMKilled} when the kernel killed it for memory).
     */
    public record Exit(int code, String reason, String message) {
        public static Exit success() {
            return new Exit(0, "Completed", null);
        }

        public static Exit failure(int code) {
            if (code == 0) {
                throw new IllegalArgumentException("a failure has a non-zero exit code");
            }
            return new Exit(code, "Error", null);
        }

        public static Exit oomKilled() {
            return new Exit(137, "OOMKilled", null);
        }
    }

    private static final String LOGS_PATH = "/containerLogs/";
    private static final Duration POLL = Duration.ofMillis(200);

    private final KubernetesClient client;
    private final String nodeName;
    private final HttpsServer server;
    private final ExecutorService httpThreads;
    private final ExecutorService containers;
    private final Map<String, ContainerLog> logs = new ConcurrentHashMap<>();
    private final Map<String, PodRun> runs = new ConcurrentHashMap<>();
    private final List<SharedIndexInformer<Pod>> informers = new CopyOnWriteArrayList<>();
    private final AtomicInteger podIps = new AtomicInteger(1);
    private volatile boolean closed;

    public StandInKubelet(KubernetesClient client) {
        this.client = client;
        this.nodeName = "standin-kubelet-" + UUID.randomUUID().toString().substring(0, 6);
        this.httpThreads = Executors.newFixedThreadPool(4, daemon("standin-kubelet-http"));
        this.containers = Executors.newCachedThreadPool(daemon("standin-kubelet-container"));
        try {
            server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the stand-in kubelet's port", e);
        }
        server.setHttpsConfigurator(new HttpsConfigurator(SelfSignedTls.serverContext(nodeName)));
        server.createContext("/", this::serve);
        server.setExecutor(httpThreads);
        server.start();
        registerNode();
    }

    public String nodeName() {
        return nodeName;
    }

    /** The loopback port the kubelet API listens on (the Node's {@code daemonEndpoints.kubeletEndpoint.Port}). */
    public int port() {
        return server.getAddress().getPort();
    }

    // ---- the Node ----

    private void registerNode() {
        String now = now();
        client.nodes().resource(new NodeBuilder()
                .withNewMetadata().withName(nodeName)
                    .addToLabels("kubernetes.io/hostname", nodeName)
                    .addToLabels("kubernetes.io/os", "linux")
                    .addToLabels("kubernetes.io/arch", "amd64")
                .endMetadata()
                .withNewSpec().endSpec()
                .build()).create();
        // a merge patch: kube-controller-manager annotates new nodes at the same time
        var status = new NodeStatusBuilder()
                // the only address, so the API server dials 127.0.0.1 whatever its preferred address types
                .withAddresses(new NodeAddressBuilder().withType("InternalIP").withAddress("127.0.0.1").build())
                .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(port()).endKubeletEndpoint()
                .endDaemonEndpoints()
                .withCapacity(Map.of("cpu", new Quantity("8"), "memory", new Quantity("32Gi"),
                        "pods", new Quantity("110")))
                .withAllocatable(Map.of("cpu", new Quantity("8"), "memory", new Quantity("32Gi"),
                        "pods", new Quantity("110")))
                .withConditions(new NodeConditionBuilder().withType("Ready").withStatus("True")
                        .withReason("KubeletReady").withMessage("stand-in kubelet is posting ready status")
                        .withLastHeartbeatTime(now).withLastTransitionTime(now).build())
                .withNewNodeInfo().withKubeletVersion("standin").withKubeProxyVersion("standin")
                .withOperatingSystem("linux").withArchitecture("amd64").withContainerRuntimeVersion("standin://1")
                .withMachineID("").withSystemUUID("").withBootID("").withKernelVersion("").withOsImage("stand-in")
                .endNodeInfo()
                .build();
        client.nodes().withName(nodeName).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                client.getKubernetesSerialization().asJson(Map.of("status", status)));
    }

    // ---- container logs ----

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (!"GET".equals(exchange.getRequestMethod()) || !path.startsWith(LOGS_PATH)) {
                respond(exchange, 404, "the stand-in kubelet serves only GET " + LOGS_PATH + "<ns>/<pod>/<container>");
                return;
            }
            String[] parts = path.substring(LOGS_PATH.length()).split("/");
            if (parts.length != 3) {
                respond(exchange, 400, "expected " + LOGS_PATH + "<namespace>/<pod>/<container>");
                return;
            }
            ContainerLog log = logs.get(key(decode(parts[0]), decode(parts[1]), decode(parts[2])));
            if (log == null) {
                respond(exchange, 404, "container \"" + decode(parts[2]) + "\" in pod \"" + decode(parts[1])
                        + "\" is not known to this kubelet");
                return;
            }
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            String text = log.text();
            if (query.containsKey("tailLines")) {
                text = tail(text, Integer.parseInt(query.get("tailLines")));
            }
            if (query.containsKey("limitBytes")) {
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                int limit = (int) Math.min(bytes.length, Long.parseLong(query.get("limitBytes")));
                text = new String(bytes, 0, limit, StandardCharsets.UTF_8);
            }
            respond(exchange, 200, text);
        }
    }

    /** The last {@code lines} lines of a log whose lines all end with a newline. */
    static String tail(String text, int lines) {
        if (lines < 0) {
            return text;
        }
        int end = text.endsWith("\n") ? text.length() - 1 : text.length();
        int at = end;
        for (int seen = 0; at > 0; at--) {
            if (text.charAt(at - 1) == '\n' && ++seen == lines) {
                break;
            }
        }
        return lines == 0 ? "" : text.substring(at);
    }

    private static void respond(HttpExchange exchange, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            params.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return params;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** Adds text to what a container printed (a newline is added when missing). */
    public void appendLog(Pod pod, String container, String text) {
        log(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), container).append(text);
    }

    private ContainerLog log(String namespace, String pod, String container) {
        return logs.computeIfAbsent(key(namespace, pod, container), k -> new ContainerLog());
    }

    private static String key(String namespace, String pod, String container) {
        return namespace + "/" + pod + "/" + container;
    }

    private static final class ContainerLog {
        private final StringBuilder text = new StringBuilder();

        synchronized void append(String s) {
            text.append(s);
            if (!s.endsWith("\n")) {
                text.append('\n');
            }
        }

        synchronized String text() {
            return text.toString();
        }
    }

    // ---- single steps ----

    /** What the scheduler does: binds the pod to this node (the API server then sets PodScheduled=True). */
    public void bind(Pod pod) {
        client.bindings().inNamespace(pod.getMetadata().getNamespace()).resource(new BindingBuilder()
                .withNewMetadata().withName(pod.getMetadata().getName())
                    .withNamespace(pod.getMetadata().getNamespace()).endMetadata()
                .withNewTarget().withApiVersion("v1").withKind("Node").withName(nodeName).endTarget()
                .build()).create();
    }

    /**
     * What the scheduler does when no node can take the pod: the pod stays {@code Pending} and unbound with
     * {@code PodScheduled=False} reason {@code Unschedulable}, and a Warning Event {@code FailedScheduling} from the
     * {@code default-scheduler} names why, summed up over all nodes as the scheduler words it, for example
     * {@code 0/3 nodes are available: 3 Insufficient amd.com/gpu.}. A node is counted as lacking every resource the
     * pod requests beyond the node's allocatable (what other pods already use is not subtracted). Refuses a pod that
     * some node could take.
     */
    public Pod failScheduling(Pod pod) {
        Map<String, BigDecimal> requests = new TreeMap<>();
        for (var c : pod.getSpec().getContainers()) {
            if (c.getResources() != null && c.getResources().getRequests() != null) {
                c.getResources().getRequests().forEach((resource, q) -> requests.merge(resource,
                        Quantity.getAmountInBytes(q), BigDecimal::add));
            }
        }
        List<Node> nodes = client.nodes().list().getItems();
        Map<String, Integer> reasons = new TreeMap<>();
        for (var node : nodes) {
            Map<String, Quantity> allocatable = node.getStatus() == null || node.getStatus().getAllocatable() == null
                    ? Map.of() : node.getStatus().getAllocatable();
            List<String> lacking = requests.entrySet().stream().filter(r -> r.getValue().signum() > 0
                    && (allocatable.get(r.getKey()) == null
                            || Quantity.getAmountInBytes(allocatable.get(r.getKey())).compareTo(r.getValue()) < 0))
                    .map(r -> "Insufficient " + r.getKey()).toList();
            if (lacking.isEmpty()) {
                throw new IllegalStateException("node " + node.getMetadata().getName() + " can take pod "
                        + pod.getMetadata().getName() + ": bind it instead");
            }
            lacking.forEach(reason -> reasons.merge(reason, 1, Integer::sum));
        }
        String message = "0/" + nodes.size() + " nodes are available: " + reasons.entrySet().stream()
                .map(r -> r.getValue() + " " + r.getKey()).sorted().collect(Collectors.joining(", "))
                + ".";
        String now = now();
        String ns = pod.getMetadata().getNamespace();
        client.v1().events().inNamespace(ns).resource(new EventBuilder()
                .withNewMetadata().withName(pod.getMetadata().getName() + "."
                        + Long.toHexString(System.nanoTime())).withNamespace(ns).endMetadata()
                .withNewInvolvedObject().withApiVersion("v1").withKind("Pod").withNamespace(ns)
                    .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid())
                    .withResourceVersion(pod.getMetadata().getResourceVersion()).endInvolvedObject()
                .withType("Warning").withReason("FailedScheduling").withMessage(message)
                .withNewSource().withComponent("default-scheduler").endSource()
                .withReportingComponent("default-scheduler").withAction("Scheduling")
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .build()).create();
        return updateStatus(pod, status -> {
            status.setPhase("Pending");
            List<PodCondition> conditions = status.getConditions() == null ? new ArrayList<>()
                    : new ArrayList<>(status.getConditions());
            conditions.removeIf(c -> "PodScheduled".equals(c.getType()));
            conditions.add(new PodConditionBuilder().withType("PodScheduled").withStatus("False")
                    .withReason("Unschedulable").withMessage(message).withLastTransitionTime(now).build());
            status.setConditions(conditions);
            return status;
        });
    }

    /** Reports every container running and ready, the pod {@code Running} and Ready. */
    public Pod markRunning(Pod pod) {
        String now = now();
        int ip = podIps.getAndIncrement();
        return updateStatus(pod, status -> {
            status.setPhase("Running");
            status.setHostIP("127.0.0.1");
            status.setPodIP("10.88." + (ip / 250) + "." + (ip % 250 + 2));
            status.setPodIPs(List.of(new PodIPBuilder().withIp(status.getPodIP()).build()));
            if (status.getStartTime() == null) {
                status.setStartTime(now);
            }
            setCondition(status, "Initialized", "True", null, now);
            setCondition(status, "ContainersReady", "True", null, now);
            setCondition(status, "Ready", "True", null, now);
            List<ContainerStatus> statuses = new ArrayList<>();
            for (var c : pod.getSpec().getContainers()) {
                statuses.add(containerStatus(pod, c, true,
                        new ContainerStateBuilder().withNewRunning().withStartedAt(now).endRunning().build()));
            }
            status.setContainerStatuses(statuses);
            return status;
        });
    }

    /**
     * Reports the pod's containers still running but no longer ready (a failing readiness probe): the pod stays
     * {@code Running} with {@code Ready=False}.
     */
    public Pod markUnready(Pod pod) {
        String now = now();
        return updateStatus(pod, status -> {
            if (status.getContainerStatuses() != null) {
                status.getContainerStatuses().forEach(s -> s.setReady(false));
            }
            setCondition(status, "ContainersReady", "False", "ContainersNotReady", now);
            setCondition(status, "Ready", "False", "ContainersNotReady", now);
            return status;
        });
    }

    /** Reports every container of the pod exited with {@code exit} and the pod finished accordingly. */
    public Pod markTerminated(Pod pod, Exit exit) {
        Pod latest = pod;
        for (var c : pod.getSpec().getContainers()) {
            latest = terminated(latest, c.getName(), exit);
        }
        return finish(latest);
    }

    private Pod terminated(Pod pod, String container, Exit exit) {
        String now = now();
        return updateStatus(pod, status -> {
            List<ContainerStatus> statuses = status.getContainerStatuses() == null ? new ArrayList<>()
                    : new ArrayList<>(status.getContainerStatuses());
            statuses.removeIf(s -> container.equals(s.getName()));
            var spec = pod.getSpec().getContainers().stream().filter(c -> container.equals(c.getName())).findFirst()
                    .orElseThrow();
            String started = status.getStartTime() == null ? now : status.getStartTime();
            statuses.add(containerStatus(pod, spec, false, new ContainerStateBuilder().withNewTerminated()
                    .withExitCode(exit.code()).withReason(exit.reason()).withMessage(exit.message())
                    .withStartedAt(started).withFinishedAt(now).withContainerID(containerId(pod, container))
                    .endTerminated().build()));
            statuses.sort(java.util.Comparator.comparing(ContainerStatus::getName));
            status.setContainerStatuses(statuses);
            setCondition(status, "ContainersReady", "False", "ContainersNotReady", now);
            setCondition(status, "Ready", "False", "ContainersNotReady", now);
            return status;
        });
    }

    /** Once no container runs any more: Succeeded when all exited with 0, else Failed (restartPolicy Never). */
    private Pod finish(Pod pod) {
        String now = now();
        return updateStatus(pod, status -> {
            List<ContainerStatus> statuses = status.getContainerStatuses() == null ? List.of()
                    : status.getContainerStatuses();
            boolean allZero = statuses.stream().allMatch(s -> s.getState() != null
                    && s.getState().getTerminated() != null && s.getState().getTerminated().getExitCode() == 0);
            status.setPhase(allZero ? "Succeeded" : "Failed");
            String reason = allZero ? "PodCompleted" : "ContainersNotReady";
            setCondition(status, "ContainersReady", "False", reason, now);
            setCondition(status, "Ready", "False", reason, now);
            return status;
        });
    }

    private static ContainerStatus containerStatus(Pod pod, io.fabric8.kubernetes.api.model.Container c,
            boolean running, ContainerState state) {
        return new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage())
                .withImageID("docker-pullable://" + c.getImage())
                .withContainerID(state.getWaiting() != null ? null : containerId(pod, c.getName()))
                .withReady(running).withStarted(running).withRestartCount(0).withState(state).build();
    }

    private static String containerId(Pod pod, String container) {
        return "standin://" + pod.getMetadata().getUid() + "/" + container;
    }

    private static void setCondition(PodStatus status, String type, String value, String reason, String now) {
        List<PodCondition> conditions = status.getConditions() == null ? new ArrayList<>()
                : new ArrayList<>(status.getConditions());
        Optional<PodCondition> existing = conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
        if (existing.isPresent() && value.equals(existing.get().getStatus())
                && java.util.Objects.equals(reason, existing.get().getReason())) {
            return;
        }
        conditions.removeIf(c -> type.equals(c.getType()));
        conditions.add(new PodConditionBuilder().withType(type).withStatus(value).withReason(reason)
                .withLastTransitionTime(now).withLastProbeTime(null).build());
        status.setConditions(conditions);
    }

    /** Writes the pod's status subresource from its latest version, retrying on conflicts; null once it is gone. */
    private Pod updateStatus(Pod pod, UnaryOperator<PodStatus> change) {
        String ns = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        for (int attempt = 0;; attempt++) {
            Pod live = client.pods().inNamespace(ns).withName(name).get();
            if (live == null || !live.getMetadata().getUid().equals(pod.getMetadata().getUid())) {
                return null;
            }
            live.setStatus(change.apply(live.getStatus() == null ? new PodStatus() : live.getStatus()));
            try {
                return client.pods().inNamespace(ns).resource(live).updateStatus();
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    return null;
                }
                if (e.getCode() != 409 || attempt > 20) {
                    throw e;
                }
            }
        }
    }

    // ---- running pods ----

    /**
     * Runs the pod in the background as described in the class comment; the future completes with the pod's final
     * state (null if the pod was deleted first).
     */
    public CompletableFuture<Pod> run(Pod pod, ContainerProgram program) {
        String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        PodRun run = new PodRun(pod);
        if (runs.putIfAbsent(key, run) != null) {
            throw new IllegalStateException("pod " + key + " is already running on " + nodeName);
        }
        containers.submit(() -> {
            try {
                run.result.complete(runToCompletion(run, program));
            } catch (InterruptedException e) {
                run.result.complete(null);
            } catch (RuntimeException e) {
                if (closed || run.deleted) {
                    run.result.complete(null);
                } else {
                    run.result.completeExceptionally(e);
                }
            }
        });
        return run.result;
    }

    /**
     * Runs, with {@code program}, every pod of {@code namespace} that {@code selects} accepts and that no scheduler has
     * placed yet — those that exist now and those created later — until {@link #close()}.
     */
    public void runPods(String namespace, Predicate<Pod> selects, ContainerProgram program) {
        ResourceEventHandler<Pod> handler = new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                consider(pod);
            }

            @Override
            public void onUpdate(Pod before, Pod pod) {
                consider(pod);
            }

            @Override
            public void onDelete(Pod pod, boolean unknownState) {
                PodRun run = runs.get(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName());
                if (run != null && run.pod.getMetadata().getUid().equals(pod.getMetadata().getUid())) {
                    run.kill();
                }
            }

            private void consider(Pod pod) {
                boolean unscheduled = pod.getSpec().getNodeName() == null || pod.getSpec().getNodeName().isEmpty();
                String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
                if (!closed && unscheduled && pod.getMetadata().getDeletionTimestamp() == null
                        && !runs.containsKey(key) && selects.test(pod)) {
                    run(pod, program);
                }
            }
        };
        informers.add(client.pods().inNamespace(namespace).inform(handler, 0));
    }

    private Pod runToCompletion(PodRun run, ContainerProgram program) throws InterruptedException {
        Pod pod = run.pod;
        awaitBoundClaims(run);
        bind(pod);
        List<io.fabric8.kubernetes.api.model.Container> specs = pod.getSpec().getContainers();
        Map<String, Map<String, String>> environments = new LinkedHashMap<>();
        for (var c : specs) {
            environments.put(c.getName(), resolveEnvironment(run, c));
            // a new pod of the same name starts with an empty log
            logs.put(key(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), c.getName()), new ContainerLog());
        }
        if (markRunning(pod) == null) {
            return null;
        }
        List<Future<?>> started = new ArrayList<>();
        for (var c : specs) {
            RunningContainer container = new RunningContainer(this, pod, c, environments.get(c.getName()));
            started.add(containers.submit(() -> {
                run.threads.add(Thread.currentThread());
                Exit exit;
                try {
                    exit = program.run(container);
                } catch (InterruptedException e) {
                    // killed: as after SIGKILL
                    exit = new Exit(137, "Error", null);
                } catch (RuntimeException e) {
                    container.println(e.toString());
                    exit = Exit.failure(1);
                } finally {
                    run.threads.remove(Thread.currentThread());
                    Thread.interrupted();
                }
                if (!run.deleted && !closed) {
                    terminated(pod, c.getName(), exit);
                }
                return null;
            }));
        }
        for (Future<?> f : started) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
        return run.deleted || closed ? null : finish(pod);
    }

    /** Like the scheduler, place a pod only once all its PersistentVolumeClaims are Bound. */
    private void awaitBoundClaims(PodRun run) throws InterruptedException {
        List<String> claims = run.pod.getSpec().getVolumes() == null ? List.of()
                : run.pod.getSpec().getVolumes().stream().map(Volume::getPersistentVolumeClaim)
                        .filter(java.util.Objects::nonNull).map(c -> c.getClaimName()).toList();
        for (String claim : claims) {
            while (true) {
                checkAlive(run);
                PersistentVolumeClaim pvc = client.persistentVolumeClaims()
                        .inNamespace(run.pod.getMetadata().getNamespace()).withName(claim).get();
                if (pvc != null && pvc.getStatus() != null && "Bound".equals(pvc.getStatus().getPhase())) {
                    break;
                }
                Thread.sleep(POLL.toMillis());
            }
        }
    }

    /**
     * The container's environment as the kubelet builds it: {@code envFrom} first, then {@code env} in order (a later
     * entry replaces an earlier one); values from Secrets, ConfigMaps and the pod's own fields are resolved. While a
     * required reference is missing the container waits in {@code CreateContainerConfigError}.
     */
    private Map<String, String> resolveEnvironment(PodRun run, io.fabric8.kubernetes.api.model.Container c)
            throws InterruptedException {
        while (true) {
            checkAlive(run);
            try {
                return environment(run.pod, c);
            } catch (MissingReference missing) {
                String now = now();
                updateStatus(run.pod, status -> {
                    status.setContainerStatuses(List.of(containerStatus(run.pod, c, false, new ContainerStateBuilder()
                            .withNewWaiting().withReason("CreateContainerConfigError").withMessage(missing.getMessage())
                            .endWaiting().build())));
                    setCondition(status, "ContainersReady", "False", "ContainersNotReady", now);
                    setCondition(status, "Ready", "False", "ContainersNotReady", now);
                    return status;
                });
                Thread.sleep(1000);
            }
        }
    }

    private Map<String, String> environment(Pod pod, io.fabric8.kubernetes.api.model.Container c) {
        String ns = pod.getMetadata().getNamespace();
        Map<String, String> env = new LinkedHashMap<>();
        if (c.getEnvFrom() != null) {
            for (EnvFromSource from : c.getEnvFrom()) {
                String prefix = from.getPrefix() == null ? "" : from.getPrefix();
                if (from.getConfigMapRef() != null) {
                    ConfigMap cm = client.configMaps().inNamespace(ns).withName(from.getConfigMapRef().getName()).get();
                    if (cm == null && !Boolean.TRUE.equals(from.getConfigMapRef().getOptional())) {
                        throw new MissingReference("configmap \"" + from.getConfigMapRef().getName() + "\" not found");
                    }
                    if (cm != null && cm.getData() != null) {
                        cm.getData().forEach((k, v) -> env.put(prefix + k, v));
                    }
                }
                if (from.getSecretRef() != null) {
                    Secret s = client.secrets().inNamespace(ns).withName(from.getSecretRef().getName()).get();
                    if (s == null && !Boolean.TRUE.equals(from.getSecretRef().getOptional())) {
                        throw new MissingReference("secret \"" + from.getSecretRef().getName() + "\" not found");
                    }
                    if (s != null && s.getData() != null) {
                        s.getData().forEach((k, v) -> env.put(prefix + k, decodeBase64(v)));
                    }
                }
            }
        }
        if (c.getEnv() != null) {
            for (EnvVar e : c.getEnv()) {
                if (e.getValueFrom() == null) {
                    env.put(e.getName(), e.getValue() == null ? "" : e.getValue());
                } else {
                    String value = valueFrom(pod, e.getValueFrom());
                    if (value != null) {
                        env.put(e.getName(), value);
                    }
                }
            }
        }
        return env;
    }

    private String valueFrom(Pod pod, EnvVarSource from) {
        String ns = pod.getMetadata().getNamespace();
        if (from.getSecretKeyRef() != null) {
            var ref = from.getSecretKeyRef();
            Secret s = client.secrets().inNamespace(ns).withName(ref.getName()).get();
            String value = s == null || s.getData() == null ? null : s.getData().get(ref.getKey());
            if (value == null && !Boolean.TRUE.equals(ref.getOptional())) {
                throw new MissingReference(s == null ? "secret \"" + ref.getName() + "\" not found"
                        : "couldn't find key " + ref.getKey() + " in Secret " + ns + "/" + ref.getName());
            }
            return value == null ? null : decodeBase64(value);
        }
        if (from.getConfigMapKeyRef() != null) {
            var ref = from.getConfigMapKeyRef();
            ConfigMap cm = client.configMaps().inNamespace(ns).withName(ref.getName()).get();
            String value = cm == null || cm.getData() == null ? null : cm.getData().get(ref.getKey());
            if (value == null && !Boolean.TRUE.equals(ref.getOptional())) {
                throw new MissingReference(cm == null ? "configmap \"" + ref.getName() + "\" not found"
                        : "couldn't find key " + ref.getKey() + " in ConfigMap " + ns + "/" + ref.getName());
            }
            return value;
        }
        if (from.getFieldRef() != null) {
            return switch (from.getFieldRef().getFieldPath()) {
                case "metadata.name" -> pod.getMetadata().getName();
                case "metadata.namespace" -> ns;
                case "metadata.uid" -> pod.getMetadata().getUid();
                case "spec.nodeName" -> nodeName;
                case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName();
                case "status.hostIP" -> "127.0.0.1";
                default -> "";
            };
        }
        return "";
    }

    private static String decodeBase64(String value) {
        return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
    }

    private void checkAlive(PodRun run) throws InterruptedException {
        if (closed || run.deleted) {
            throw new InterruptedException("pod " + run.pod.getMetadata().getName() + " is gone");
        }
    }

    private static final class MissingReference extends RuntimeException {
        MissingReference(String message) {
            super(message);
        }
    }

    private static final class PodRun {
        final Pod pod;
        final Set<Thread> threads = ConcurrentHashMap.newKeySet();
        final CompletableFuture<Pod> result = new CompletableFuture<>();
        volatile boolean deleted;

        PodRun(Pod pod) {
            this.pod = pod;
        }

        void kill() {
            deleted = true;
            threads.forEach(Thread::interrupt);
        }
    }

    /** One started container: its spec, resolved environment and log. */
    public static final class RunningContainer {
        private final StandInKubelet kubelet;
        private final Pod pod;
        private final io.fabric8.kubernetes.api.model.Container spec;
        private final Map<String, String> env;

        RunningContainer(StandInKubelet kubelet, Pod pod, io.fabric8.kubernetes.api.model.Container spec,
                Map<String, String> env) {
            this.kubelet = kubelet;
            this.pod = pod;
            this.spec = spec;
            this.env = Map.copyOf(env);
        }

        public Pod pod() {
            return pod;
        }

        public io.fabric8.kubernetes.api.model.Container spec() {
            return spec;
        }

        public String name() {
            return spec.getName();
        }

        public List<String> command() {
            return spec.getCommand() == null ? List.of() : spec.getCommand();
        }

        public List<String> args() {
            return spec.getArgs() == null ? List.of() : spec.getArgs();
        }

        /** The environment variable, resolved as the kubelet resolves it; empty when unset or empty. */
        public Optional<String> env(String name) {
            return Optional.ofNullable(env.get(name)).filter(v -> !v.isEmpty());
        }

        /** Prints one line (or several) to the container's log. */
        public void println(String line) {
            kubelet.appendLog(pod, spec.getName(), line);
        }

        /** Prints text that may span lines. */
        public void print(String text) {
            if (!text.isEmpty()) {
                kubelet.appendLog(pod, spec.getName(), text);
            }
        }

    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Stops watching, kills running containers, stops serving and removes the Node. */
    @Override
    public void close() {
        closed = true;
        informers.forEach(SharedIndexInformer::close);
        runs.values().forEach(PodRun::kill);
        containers.shutdownNow();
        server.stop(0);
        httpThreads.shutdownNow();
        try {
            client.nodes().withName(nodeName).delete();
        } catch (KubernetesClientException e) {
            // the control plane may already be gone at the end of the test run
        }
    }
}
