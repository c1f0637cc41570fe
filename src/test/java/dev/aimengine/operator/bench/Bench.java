package dev.aimengine.operator.bench;

import dev.aimengine.operator.api.v1alpha1.AIMClusterModel;
import dev.aimengine.operator.api.v1alpha1.AIMClusterServiceTemplate;
import dev.aimengine.operator.api.v1alpha1.AIMRuntimeConfig;
import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.api.v1alpha1.AIMTemplateCache;
import dev.aimengine.operator.testing.ControlPlane;
import dev.aimengine.operator.testing.GpuNodes;
import dev.aimengine.operator.testing.OperatorAccount;
import dev.aimengine.operator.testing.standin.StandIns;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * The performance benchmark ({@code hack/bench}): a real API server (with an audit log that counts every request),
 * the operator as its packaged jar with the Deployment's JVM settings, one MI300X node, one cluster model and
 * template whose shared cache the stand-ins have downloaded, then:
 * <ol>
 * <li>start to ready;</li>
 * <li>the API server's own create rate (ConfigMaps, 8 threads), the yardstick of the burst, and the same for custom
 * resources, which cost the API server several times more per write (the burst is shown against both);</li>
 * <li>create → InferenceService latency over sequential services;</li>
 * <li>a burst of services created at once by 8 threads, with the writes per service counted from the audit log;</li>
 * <li>idle traffic with all those services waiting (InferenceServices never Ready);</li>
 * <li>memory: resident set after the burst, heap after a full GC before and after thousands of unrelated pods;</li>
 * <li>a second burst during which the operator is restarted: exactly as many InferenceServices as services, and no
 * WARN/ERROR logged;</li>
 * <li>the floor: the burst again with the operator stopped and a minimal client making the same four writes per service
 * ({@link Floor}), what any operator would need at best on this machine.</li>
 * </ol>
 * Sizes: {@code -Daim.bench.services=1000 -Daim.bench.sequential=100 -Daim.bench.pods=5000}. The operator runs as its
 * ServiceAccount with the RBAC deploy/ grants (a token, as in a pod). Diagnostics: {@code -Daim.bench.debug-events=true}
 * prints the Events, status and reconcile counters of a few services after the burst (where the writes per service
 * come from); {@code -Daim.bench.jvm-args="..."} adds operator JVM flags, {name} standing for the run (a profile per run:
 * {@code -XX:StartFlightRecording=filename=/tmp/{name}.jfr}).
 */
public final class Bench {
    static final int SERVICES = Integer.getInteger("aim.bench.services", 1000);
    static final int SEQUENTIAL = Integer.getInteger("aim.bench.sequential", 100);
    static final int PODS = Integer.getInteger("aim.bench.pods", 5000);
    static final int IDLE_SECONDS = Integer.getInteger("aim.bench.idle-seconds", 60);
    static final int THREADS = 8;

    private final KubernetesClient client;
    private final AuditLog audit;
    private final Path work;
    private final Table table = new Table();
    private final Map<String, Instant> isvcSeen = new ConcurrentHashMap<>();
    private String model;

    Bench(KubernetesClient client, AuditLog audit, Path work) {
        this.client = client;
        this.audit = audit;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("aim-bench");
        Path auditFile = work.resolve("audit.log");
        System.setProperty(ControlPlane.AUDIT_LOG_PROPERTY, auditFile.toString());
        ControlPlane controlPlane = ControlPlane.get();
        Config config = controlPlane.clientConfig();
        config.setUserAgent("aim-bench");
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            // the operator authenticates as in a cluster: its ServiceAccount's token, with only the RBAC deploy/ grants
            OperatorAccount.install(client);
            Path kubeconfig = OperatorAccount.kubeconfig(controlPlane, work);
            new Bench(client, new AuditLog(auditFile), work).run(kubeconfig,
                    Path.of(args.length > 0 ? args[0] : "target/quarkus-app/quarkus-run.jar"));
        } finally {
            ControlPlane.stopIfStarted();
        }
        System.exit(0);
    }

    void run(Path kubeconfig, Path jar) throws Exception {
        setUp();
        SharedIndexInformer<GenericKubernetesResource> isvcs = watchInferenceServices();
        double createRate = createRate("API server create rate (8 threads)", "cm-");
        if (Boolean.getBoolean("aim.bench.startup-only")) {
            for (int i = 0; i < 3; i++) {
                try (OperatorProcess o = OperatorProcess.start(jar, kubeconfig, work, "startup-" + i)) {
                    table.add("start to ready #" + i, "≤ 3 s", seconds(o.startup), o.startup.toMillis() / 3000.0);
                }
            }
            System.out.println(table.render());
            System.out.println("Work directory (operator logs): " + work);
            return;
        }
        OperatorProcess operator = OperatorProcess.start(jar, kubeconfig, work, "operator");
        table.add("start to ready", "≤ 3 s", seconds(operator.startup), operator.startup.toMillis() / 3000.0);
        try (StandIns standIns = StandIns.start(client)) {
            prewarm(standIns);
            latency();
            burst(operator, Math.max(createRate, createRate("  again, just before the burst", "cm-again-")),
                    customResourceRate());
            idle();
            memory(operator);
            operator = restartDuringBurst(operator, jar, kubeconfig);
            operator.close();
            floor();
        } finally {
            operator.close();
            isvcs.close();
        }
        System.out.println();
        System.out.println("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.name") + ", Java " + System.getProperty("java.version"));
        System.out.println("Operator JVM flags (the Deployment's): " + String.join(" ", OperatorProcess.JVM));
        System.out.println(table.render());
        System.out.println("Work directory (audit log, operator logs): " + work);
    }

    private void setUp() {
        GpuNodes.ensure(client);
        model = "bench-" + Long.toHexString(System.nanoTime()).substring(6);
        client.resource(client.getKubernetesSerialization().unmarshal("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMClusterModel
                metadata: {name: %s}
                spec: {image: "amdenterpriseai/aim-base:0.9", discovery: {extractMetadata: false, createServiceTemplates: false}}
                """.formatted(model), AIMClusterModel.class)).create();
        client.resource(client.getKubernetesSerialization().unmarshal("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMClusterServiceTemplate
                metadata: {name: %s}
                spec:
                  modelName: %s
                  type: optimized
                  hardware: {gpu: {requests: 1, model: MI300X}}
                  modelSources: [{modelId: org/bench, sourceUri: "hf://org/bench", size: 1Gi}]
                """.formatted(model, model), AIMClusterServiceTemplate.class)).create();
        for (String ns : List.of("bench", "bench-restart", "bench-pods", "bench-rate", "bench-floor",
                "bench-floor-ssa", "bench-floor-warm")) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                    .createOr(n -> n.update());
        }
    }

    private SharedIndexInformer<GenericKubernetesResource> watchInferenceServices() {
        return client.genericKubernetesResources("serving.kserve.io/v1beta1", "InferenceService").inAnyNamespace()
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(GenericKubernetesResource o) {
                        isvcSeen.putIfAbsent(o.getMetadata().getNamespace() + "/" + o.getMetadata().getName(),
                                Instant.now());
                    }

                    @Override
                    public void onUpdate(GenericKubernetesResource a, GenericKubernetesResource b) {
                    }

                    @Override
                    public void onDelete(GenericKubernetesResource o, boolean unknown) {
                    }
                });
    }

    /**
     * The API server's create rate with 8 client threads (what the burst is measured against), measured at the start
     * and again just before the burst; the higher one (the stricter target) is used, since a cold API server can be
     * several times slower.
     */
    private double createRate(String label, String prefix) throws Exception {
        return rate(label, 2000, i -> client.configMaps().inNamespace("bench-rate").resource(new ConfigMapBuilder()
                .withNewMetadata().withName(prefix + i).endMetadata().addToData("k", "v").build()).create());
    }

    /**
     * The same for custom resources (AIMRuntimeConfigs nothing refers to): what the API server spends on a custom
     * resource (schema validation, pruning, JSON only) is several times what a ConfigMap costs it, and every write
     * the operator makes is to a custom resource or an InferenceService.
     */
    private double customResourceRate() throws Exception {
        return rate("  custom resources (AIMRuntimeConfig, 8 threads)", 1000, i -> client.resource(
                client.getKubernetesSerialization().unmarshal("""
                        apiVersion: aim.eai.amd.com/v1alpha1
                        kind: AIMRuntimeConfig
                        metadata: {name: rate-%d}
                        spec: {env: [{name: AIM_ENGINE_ARGS, value: '{"max-model-len": 8192}'}]}
                        """.formatted(i), AIMRuntimeConfig.class)).inNamespace("bench-rate").create());
    }

    private double rate(String label, int n, IntConsumer create) throws Exception {
        Instant t0 = Instant.now();
        parallel(n, create);
        double rate = n / seconds(Duration.between(t0, Instant.now()));
        table.add(label, "-", String.format(Locale.ROOT, "%.0f/s", rate), Double.NaN);
        return rate;
    }

    /** One service brings the shared cache; the stand-ins download it, so later services only wait for the operator. */
    private void prewarm(StandIns standIns) throws InterruptedException {
        create("bench", "warm");
        AIMTemplateCache cache = null;
        while (cache == null) {
            var caches = client.resources(AIMTemplateCache.class).inNamespace("bench").list().getItems();
            cache = caches.isEmpty() ? null : caches.get(0);
            Thread.sleep(200);
        }
        standIns.download("bench", cache.getMetadata().getName());
        while (!isvcSeen.containsKey("bench/" + isvcName("bench", "warm"))) {
            Thread.sleep(100);
        }
        // the other namespace gets its own shared cache
        create("bench-restart", "warm");
        AIMTemplateCache other = null;
        while (other == null) {
            var caches = client.resources(AIMTemplateCache.class).inNamespace("bench-restart").list().getItems();
            other = caches.isEmpty() ? null : caches.get(0);
            Thread.sleep(200);
        }
        standIns.download("bench-restart", other.getMetadata().getName());
    }

    private void latency() throws InterruptedException {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < SEQUENTIAL; i++) {
            String name = "seq-" + i;
            Instant t0 = Instant.now();
            create("bench", name);
            String key = "bench/" + isvcName("bench", name);
            while (!isvcSeen.containsKey(key)) {
                Thread.sleep(2);
            }
            millis.add(Duration.between(t0, isvcSeen.get(key)).toMillis());
        }
        millis.sort(Long::compare);
        long p50 = millis.get(millis.size() / 2);
        long p99 = millis.get(Math.min(millis.size() - 1, (int) Math.ceil(millis.size() * 0.99) - 1));
        table.add("create → InferenceService p50 (" + SEQUENTIAL + " sequential)", "≤ 100 ms", p50 + " ms", p50 / 100.0);
        table.add("create → InferenceService p99", "≤ 500 ms", p99 + " ms", p99 / 500.0);
    }

    private void burst(OperatorProcess operator, double createRate, double customResourceRate) throws Exception {
        int before = operator.problems().size();
        long apiServer = pidOf("kube-apiserver");
        // the rest of the machine's CPU: what the operator and the API server leave to the others on the same cores
        long[] others = {pidOf("etcd"), pidOf("kube-controller-manager"), ProcessHandle.current().pid()};
        double operatorCpu0 = operator.cpuSeconds();
        double apiServerCpu0 = OperatorProcess.cpuSeconds(apiServer);
        double[] othersCpu0 = cpuSeconds(others);
        var profile = apiServerProfile(System.getProperty("aim.bench.apiserver-profile"));
        Instant t0 = Instant.now();
        parallel(SERVICES, i -> create("bench", "svc-" + i));
        waitForInferenceServices("bench", "svc-", SERVICES, Duration.ofMinutes(15));
        Instant t1 = lastInferenceService("bench");
        double operatorCpu = operator.cpuSeconds() - operatorCpu0;
        profile.join();
        double apiServerCpu = OperatorProcess.cpuSeconds(apiServer) - apiServerCpu0;
        double[] othersCpu = cpuSince(others, othersCpu0);
        Thread.sleep(2000); // let the last status writes land before counting
        List<AuditLog.Request> requests = audit.operator(t0, Instant.now());
        long writes = requests.stream().filter(AuditLog.Request::write).count();
        double perService = (double) writes / SERVICES;
        double converged = seconds(Duration.between(t0, t1));
        double target = 2 * perService * SERVICES / createRate;
        table.add("burst: " + SERVICES + " services → all InferenceServices", String.format(Locale.ROOT, "≤ %.1f s", target),
                String.format(Locale.ROOT, "%.1f s", converged), converged / target);
        double crTarget = 2 * perService * SERVICES / customResourceRate;
        table.add("  against the custom-resource create rate", String.format(Locale.ROOT, "≤ %.1f s", crTarget),
                String.format(Locale.ROOT, "%.1f s", converged), converged / crTarget);
        table.add("writes per service (audit log)", "-", String.format(Locale.ROOT, "%.2f", perService), Double.NaN);
        AuditLog.byKind(requests.stream().filter(AuditLog.Request::write).toList()).forEach((k, v) -> table.add(
                "  " + k, "-", String.format(Locale.ROOT, "%.2f / service", (double) v / SERVICES), Double.NaN));
        if (Boolean.getBoolean("aim.bench.debug-events")) {
            operator.metrics().lines().filter(l -> l.contains("kind=\"AIMService\"") && !l.startsWith("#")
                    && l.contains("reconciliations")).forEach(l -> System.out.println("METRIC " + l));
            for (String n : List.of("svc-0", "svc-400", "svc-999")) {
                client.v1().events().inNamespace("bench").list().getItems().stream()
                        .filter(e -> n.equals(e.getInvolvedObject().getName()))
                        .forEach(e -> System.out.println("EVENT " + n + " " + e.getReason() + ": " + e.getMessage()));
                var st = client.resources(AIMService.class).inNamespace("bench").withName(n).get().getStatus();
                System.out.println("STATUS " + n + " " + client.getKubernetesSerialization().asYaml(st));
            }
        }
        // where the burst's CPU went on this machine: the operator's share is what this project can change
        table.add("  CPU until then: operator / API server", "-", String.format(Locale.ROOT,
                "%.1f s / %.1f s (%.1f / %.1f ms per service)", operatorCpu, apiServerCpu,
                operatorCpu * 1000 / SERVICES, apiServerCpu * 1000 / SERVICES), Double.NaN);
        table.add("  etcd / controller-manager / this benchmark's client", "-", String.format(Locale.ROOT,
                "%.1f / %.1f / %.1f ms per service (%d cores: %.1f ms of CPU per service at the measured time)",
                othersCpu[0] * 1000 / SERVICES, othersCpu[1] * 1000 / SERVICES, othersCpu[2] * 1000 / SERVICES,
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().availableProcessors() * converged * 1000 / SERVICES), Double.NaN);
        int problems = operator.problems().size() - before;
        table.add("WARN/ERROR lines during the burst", "0", String.valueOf(problems), problems);
    }

    /**
     * The burst again with the operator stopped and a minimal client making the same four writes per service (see
     * {@link Floor}): once with the cheapest writes, once with server-side apply as the operator writes. Measured
     * against the burst's own target, it shows how much of that target any operator could meet on this machine.
     */
    private void floor() throws Exception {
        // API server, etcd, controller-manager, and this JVM: the floor's client runs here
        long[] pids = {pidOf("kube-apiserver"), pidOf("etcd"), pidOf("kube-controller-manager"),
                ProcessHandle.current().pid()};
        // the machine's speed drifts over minutes: the floor is judged by the rate measured next to it
        double target = 2 * 4.0 * SERVICES / createRate("  API server create rate just before the floor", "cm-floor-");
        try (Floor floor = new Floor(client, "bench", "svc-0", 25)) {
            // a few hundred first, unmeasured: the client's JIT warms up as a long-running operator's would be
            var warm = floor.serve("bench-floor-warm", true);
            parallel(SERVICES / 4, i -> create("bench-floor-warm", "svc-" + i));
            waitForInferenceServices("bench-floor-warm", "svc-", SERVICES / 4, Duration.ofMinutes(5));
            floor.drain();
            warm.close();
            for (boolean ssa : new boolean[] { false, true }) {
                Thread.sleep(5000); // the last status writes and Events land before the next run
                String ns = ssa ? "bench-floor-ssa" : "bench-floor";
                var informer = floor.serve(ns, ssa);
                double[] cpu0 = cpuSeconds(pids);
                Instant t0 = Instant.now();
                parallel(SERVICES, i -> create(ns, "svc-" + i));
                waitForInferenceServices(ns, "svc-", SERVICES, Duration.ofMinutes(15));
                Instant t1 = lastInferenceService(ns);
                double[] cpu = cpuSince(pids, cpu0);
                floor.drain();
                informer.close();
                double converged = seconds(Duration.between(t0, t1));
                table.add("floor: the same 4 writes from a minimal client, operator stopped ("
                        + (ssa ? "server-side apply" : "merge patches, create") + ")",
                        String.format(Locale.ROOT, "≤ %.1f s", target), String.format(Locale.ROOT, "%.1f s", converged),
                        converged / target);
                table.add("  CPU per service: client (creates + writes) / API server / etcd / controller-manager", "-",
                        String.format(Locale.ROOT, "%.1f / %.1f / %.1f / %.1f ms", cpu[3] * 1000 / SERVICES,
                                cpu[0] * 1000 / SERVICES, cpu[1] * 1000 / SERVICES, cpu[2] * 1000 / SERVICES),
                        Double.NaN);
            }
            table.add("  floor writes that failed", "0", String.valueOf(floor.failures()), floor.failures());
        }
    }

    /** The pid of the control-plane process whose command ends with {@code name}, or -1. */
    private static long pidOf(String name) {
        return ProcessHandle.allProcesses().filter(p -> p.info().command().orElse("").endsWith("/" + name)
                || p.info().command().orElse("").equals(name)).findFirst().map(ProcessHandle::pid).orElse(-1L);
    }

    private static double[] cpuSeconds(long[] pids) {
        double[] cpu = new double[pids.length];
        for (int i = 0; i < pids.length; i++) {
            cpu[i] = OperatorProcess.cpuSeconds(pids[i]);
        }
        return cpu;
    }

    /** The CPU seconds each of {@code pids} used since {@code before} ({@link #cpuSeconds} then). */
    private static double[] cpuSince(long[] pids, double[] before) {
        double[] cpu = cpuSeconds(pids);
        for (int i = 0; i < pids.length; i++) {
            cpu[i] -= before[i];
        }
        return cpu;
    }

    /**
     * With {@code -Daim.bench.apiserver-profile=FILE}: the API server's CPU profile (pprof) of the burst's first
     * {@code aim.bench.apiserver-profile-seconds} (default 12), read with {@code go tool pprof -top FILE}.
     */
    private java.util.concurrent.CompletableFuture<?> apiServerProfile(String file) {
        if (file == null) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        var http = client.getHttpClient();
        String url = client.getConfiguration().getMasterUrl() + "debug/pprof/profile?seconds="
                + Integer.getInteger("aim.bench.apiserver-profile-seconds", 12);
        return http.sendAsync(http.newHttpRequestBuilder().uri(url).timeout(60, TimeUnit.SECONDS).build(), byte[].class).thenAccept(r -> {
            try {
                Files.write(Path.of(file), r.body());
                System.out.println("API server profile (HTTP " + r.code() + "): " + file);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private void idle() throws InterruptedException {
        Thread.sleep(30_000); // the burst's last status writes land first
        Instant t0 = Instant.now();
        Thread.sleep(IDLE_SECONDS * 1000L);
        List<AuditLog.Request> requests = audit.operator(t0, Instant.now());
        double perSecond = requests.size() / (double) IDLE_SECONDS;
        table.add("idle: requests/s with " + (SERVICES + SEQUENTIAL) + " services waiting", "≤ 5/s",
                String.format(Locale.ROOT, "%.2f/s", perSecond), perSecond / 5);
        AuditLog.byKind(requests).forEach((k, v) -> table.add("  " + k, "-",
                String.format(Locale.ROOT, "%.2f/s", v / (double) IDLE_SECONDS), Double.NaN));
    }

    private void memory(OperatorProcess operator) throws Exception {
        long rss = operator.rssMiB();
        table.add("RSS after the burst", "≤ 300 MiB", rss + " MiB", rss / 300.0);
        long heapBefore = operator.heapAfterGcMiB();
        parallel(PODS, i -> client.pods().inNamespace("bench-pods").resource(new PodBuilder().withNewMetadata()
                .withName("unrelated-" + i).addToLabels("app", "unrelated").endMetadata().withNewSpec()
                .addNewContainer().withName("c").withImage("registry.example/app:" + i)
                .withNewResources().addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("100m"))
                .endResources().endContainer().endSpec().build()).create());
        Thread.sleep(5000);
        long heapAfter = operator.heapAfterGcMiB();
        table.add("heap after GC: +" + PODS + " unrelated pods", "≤ +50 MiB", (heapAfter - heapBefore) + " MiB ("
                + heapBefore + " → " + heapAfter + ")", (heapAfter - heapBefore) / 50.0);
    }

    private OperatorProcess restartDuringBurst(OperatorProcess operator, Path jar, Path kubeconfig) throws Exception {
        ExecutorService creator = Executors.newSingleThreadExecutor();
        Future<?> creating = creator.submit(() -> {
            parallel(SERVICES, i -> create("bench-restart", "svc-" + i));
            return null;
        });
        while (isvcSeen.keySet().stream().filter(k -> k.startsWith("bench-restart/")).count() < SERVICES / 3) {
            Thread.sleep(50);
        }
        operator.stop();
        OperatorProcess restarted = OperatorProcess.start(jar, kubeconfig, work, "operator-restarted");
        creating.get();
        creator.shutdown();
        waitForInferenceServices("bench-restart", "svc-", SERVICES, Duration.ofMinutes(15));
        Thread.sleep(5000);
        long isvcs = client.genericKubernetesResources("serving.kserve.io/v1beta1", "InferenceService")
                .inNamespace("bench-restart").list().getItems().stream()
                .filter(o -> o.getMetadata().getName().startsWith("svc-")).count();
        long services = client.resources(AIMService.class).inNamespace("bench-restart").list().getItems().stream()
                .filter(s -> s.getMetadata().getName().startsWith("svc-")).count();
        table.add("restart mid-burst: services / InferenceServices", SERVICES + " / " + SERVICES,
                services + " / " + isvcs, isvcs == SERVICES && services == SERVICES ? 0 : 1);
        int problems = restarted.problems().size() + operator.problems().size();
        table.add("WARN/ERROR lines, both operator runs (stop excluded)", "0", String.valueOf(problems), problems);
        int atStop = operator.problemsAtStop().size();
        table.add("  lines logged while the first one stopped", "-", String.valueOf(atStop), Double.NaN);
        return restarted;
    }

    /** When the last of the burst's InferenceServices in {@code ns} appeared. */
    private Instant lastInferenceService(String ns) {
        return isvcSeen.entrySet().stream().filter(e -> e.getKey().startsWith(ns + "/svc-"))
                .map(Map.Entry::getValue).max(Instant::compareTo).orElseThrow();
    }

    private void waitForInferenceServices(String ns, String prefix, int count, Duration max) throws InterruptedException {
        Instant deadline = Instant.now().plus(max);
        while (isvcSeen.keySet().stream().filter(k -> k.startsWith(ns + "/" + prefix)).count() < count) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("not every InferenceService appeared in " + ns);
            }
            Thread.sleep(100);
        }
    }

    private void create(String ns, String name) {
        client.resource(client.getKubernetesSerialization().unmarshal("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMService
                metadata: {name: %s}
                spec: {model: {name: %s}}
                """.formatted(name, model), AIMService.class)).inNamespace(ns).create();
    }

    static String isvcName(String ns, String service) {
        return dev.aimengine.operator.common.naming.AimNames.inferenceService(service, ns);
    }

    private static void parallel(int n, IntConsumer task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                futures.add(pool.submit(() -> task.accept(k)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }


    /** Figure, target, measured, ratio (measured / target; ≤ 1 meets it). */
    static final class Table {
        private final List<String[]> rows = new ArrayList<>();

        void add(String figure, String target, Object measured, double ratio) {
            String m = measured instanceof Double d ? String.format(Locale.ROOT, "%.2f s", d) : String.valueOf(measured);
            rows.add(new String[] { figure, target, m, Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, "%.2f", ratio) });
        }

        String render() {
            StringBuilder out = new StringBuilder("| figure | target | measured | ratio |\n|---|---|---|---|\n");
            rows.forEach(r -> out.append("| ").append(String.join(" | ", r)).append(" |\n"));
            return out.toString();
        }
    }
}
