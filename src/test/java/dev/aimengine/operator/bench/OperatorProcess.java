package dev.aimengine.operator.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The operator as it runs in a cluster: the packaged jar in its own JVM with the Deployment's JVM settings, pointed at
 * the benchmark's API server by a kubeconfig, its log in a file.
 */
public final class OperatorProcess implements AutoCloseable {
    /**
     * The container's memory limit and the JVM flags of the Deployment, read from deploy/operator/deployment.yaml so
     * that the benchmark measures what is deployed.
     */
    static final List<String> JVM = jvmFlags();

    static List<String> jvmFlags() {
        try {
            var deployment = new io.fabric8.kubernetes.client.utils.KubernetesSerialization().unmarshal(
                    Files.readString(Path.of("deploy/operator/deployment.yaml")),
                    io.fabric8.kubernetes.api.model.apps.Deployment.class);
            var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            String flags = container.getEnv().stream().filter(e -> "JAVA_TOOL_OPTIONS".equals(e.getName()))
                    .findFirst().orElseThrow().getValue();
            String memory = container.getResources().getLimits().get("memory").toString(); // e.g. 512Mi
            List<String> all = new ArrayList<>(List.of("-XX:MaxRAM=" + memory.replace("Mi", "m").replace("Gi", "g")));
            all.addAll(List.of(flags.strip().split("\\s+")));
            return List.copyOf(all);
        } catch (IOException e) {
            throw new UncheckedIOException("run from the repository's root: " + e.getMessage(), e);
        }
    }

    final Process process;
    final int port;
    final Path log;
    final Duration startup;

    private OperatorProcess(Process process, int port, Path log, Duration startup) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.startup = startup;
    }

    static OperatorProcess start(Path jar, Path kubeconfig, Path work, String name) {
        return start(jar, kubeconfig, work, name, java.util.Map.of(), true);
    }

    /**
     * Starts the operator with extra environment variables; waits until it is ready, or with {@code awaitReady} false
     * only until its HTTP server answers (a follower waiting for the leader Lease is live but not ready).
     */
    public static OperatorProcess start(Path jar, Path kubeconfig, Path work, String name,
            java.util.Map<String, String> env, boolean awaitReady) {
        int port = freePort();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(JVM);
        // extra flags for a profile, say; {name} becomes the process's name, so each run keeps its own recording
        String extra = System.getProperty("aim.bench.jvm-args", "").strip().replace("{name}", name);
        if (!extra.isEmpty()) {
            cmd.addAll(List.of(extra.split("\\s+")));
        }
        cmd.addAll(List.of("-Dquarkus.http.port=" + port, "-jar", jar.toString()));
        var all = new java.util.HashMap<String, String>();
        all.put("KUBECONFIG", kubeconfig.toString());
        all.put("POD_NAMESPACE", "aim-system");
        all.putAll(env);
        return run(cmd, port, work.resolve(name + ".log"), all, awaitReady);
    }

    /**
     * Starts {@code command}, an operator whose HTTP server listens on {@code port} (the container image's entrypoint,
     * say), with {@code env} added to this process's environment; waits as {@link #start} does.
     */
    public static OperatorProcess run(List<String> command, int port, Path log, java.util.Map<String, String> env,
            boolean awaitReady) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(env);
            Instant t0 = Instant.now();
            Process p = pb.start();
            while (!(awaitReady ? ready(port) : live(port))) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("the operator exited: see " + log);
                }
                if (Duration.between(t0, Instant.now()).toSeconds() > 120) {
                    throw new IllegalStateException("the operator did not become ready: see " + log);
                }
                Thread.sleep(50);
            }
            return new OperatorProcess(p, port, log, Duration.between(t0, Instant.now()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean ready(int port) {
        return answers(port, "/q/health/ready");
    }

    private static boolean live(int port) {
        return answers(port, "/q/health/live");
    }

    private static boolean answers(int port, String path) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL()
                    .openConnection();
            c.setConnectTimeout(200);
            c.setReadTimeout(1000);
            return c.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** Resident memory of the process, MiB (Linux). */
    long rssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
            return -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** CPU time the process (and its threads) used so far, seconds (Linux). */
    double cpuSeconds() {
        return cpuSeconds(process.pid());
    }

    /** CPU time, user and system, of any process so far, seconds (Linux: /proc/<pid>/stat, in clock ticks of 10 ms). */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime, stime
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Heap in use after a full collection, MiB (jcmd). */
    long heapAfterGcMiB() {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        // "def new generation   total 9216K, used 1130K ..." and "tenured generation   total ..., used NK"
        long usedK = 0;
        for (String line : info.split("\n")) {
            var m = java.util.regex.Pattern.compile("generation\\s+total \\d+K, used (\\d+)K").matcher(line);
            if (m.find()) {
                usedK += Long.parseLong(m.group(1));
            }
        }
        return usedK / 1024;
    }

    private String jcmd(String command) {
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(process.pid()), command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** The operator's {@code /q/metrics} text. */
    public String metrics() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/q/metrics").toURL()
                    .openConnection();
            try (var in = c.getInputStream()) {
                return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The log so far. */
    public String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    /** WARN and ERROR lines the operator logged while running (not those of its stop). */
    public List<String> problems() {
        return lines(false);
    }

    /**
     * WARN and ERROR lines logged while the process stopped: reconciles and watches cut off by the stop, which Quarkus
     * tags "Error Occurred After Shutdown". The next instance converges what they left (every write is an apply).
     */
    List<String> problemsAtStop() {
        return lines(true);
    }

    private List<String> lines(boolean atStop) {
        try {
            return Files.readAllLines(log).stream().filter(l -> l.contains(" WARN ") || l.contains(" ERROR "))
                    .filter(l -> l.contains("[Error Occurred After Shutdown]") == atStop).toList();
        } catch (IOException e) {
            return List.of("cannot read " + log);
        }
    }

    /** SIGTERM, as Kubernetes stops a pod; after 30 s (the default grace period) SIGKILL. True if it ended by itself. */
    public boolean stop() {
        // a command that runs the operator as a child (the image's entrypoint under chroot) gets the signal there too
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                return true;
            }
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The process started (for a command that execs the operator, the operator's pid or its parent's). */
    public ProcessHandle handle() {
        return process.toHandle();
    }
}
