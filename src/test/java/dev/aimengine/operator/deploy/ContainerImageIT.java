package dev.aimengine.operator.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aimengine.operator.api.v1alpha1.AIMModel;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplate;
import dev.aimengine.operator.bench.OperatorProcess;
import dev.aimengine.operator.testing.ControlPlane;
import dev.aimengine.operator.testing.OperatorAccount;
import dev.aimengine.operator.testing.TestRegistry;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.aimengine.operator.testing.Fixtures.load;
import static dev.aimengine.operator.testing.Fixtures.newNamespace;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator's container image, built the way a release builds it (Quarkus' Jib extension, no Docker daemon) and
 * pushed to a real registry (Debian's docker-registry on loopback): no base image can be pulled here, so the base is a
 * Debian JRE image made by {@code hack/base-image.sh} with debootstrap and umoci. The image is inspected with skopeo
 * (tags, entrypoint, user, labels, layers), exported as an OCI archive, and then run as the Deployment runs it: its
 * root filesystem unpacked with umoci and mounted read-only, a tmpfs on /tmp, UID 185, the Deployment's environment
 * (JVM flags in JAVA_TOOL_OPTIONS), authenticated as the operator's ServiceAccount — it becomes ready and reconciles.
 * <p>
 * The build runs on a copy of the sources, so it cannot disturb the packaged jar the other integration tests run.
 * Needs root (or sudo) for debootstrap, chroot and mounts; skipped otherwise.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainerImageIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String REPOSITORY = "aim-engine/aim-engine-operator";
    static Path work;
    static String registry;
    static String base;
    static JsonNode inspect;
    static JsonNode config;

    @BeforeAll
    static void build() throws Exception {
        Assumptions.assumeTrue(privileged(), "needs root or passwordless sudo (debootstrap, chroot, mount)");
        work = Files.createTempDirectory("aim-image");
        registry = TestRegistry.get().host();
        base = lastLine(run(List.of("bash", "hack/base-image.sh", registry), Path.of("."), 900));

        Path copy = work.resolve("src-copy");
        for (String p : List.of("pom.xml", "mvnw", ".mvn", "src/main")) {
            copyTree(Path.of(p), copy.resolve(p));
        }
        List<String> mvn = new ArrayList<>(List.of("./mvnw", "-B", "-q", "-o", "package", "-Dmaven.test.skip=true",
                "-Daim.control-plane.skip=true",
                "-Dquarkus.container-image.build=true", "-Dquarkus.container-image.push=true",
                "-Dquarkus.container-image.registry=" + registry, "-Dquarkus.container-image.insecure=true",
                "-Dquarkus.jib.base-jvm-image=" + base));
        String repo = System.getProperty("maven.repo.local");
        if (repo != null) {
            mvn.add("-Dmaven.repo.local=" + repo);
        }
        run(mvn, copy, 1200);

        inspect = JSON.readTree(run(List.of("skopeo", "inspect", "--tls-verify=false",
                "docker://" + registry + "/" + REPOSITORY + ":latest"), work, 120));
        config = JSON.readTree(run(List.of("skopeo", "inspect", "--config", "--tls-verify=false",
                "docker://" + registry + "/" + REPOSITORY + ":latest"), work, 120));
    }

    @AfterAll
    static void stop() throws Exception {
        ControlPlane.stopIfStarted();
        if (work != null) {
            // the unpacked root filesystem belongs to root and UID 185
            List<String> rm = new ArrayList<>(sudo());
            rm.addAll(List.of("rm", "-rf", work.toString()));
            run(rm, Path.of("."), 120);
        }
    }

    @Test
    @Order(1)
    void theImageIsPushedWithItsVersionAndLatestAndRunsTheJarAsUid185() throws Exception {
        String version = config.at("/config/Labels/org.opencontainers.image.version").asText();
        assertTrue(!version.isEmpty(), "version label: " + config);
        List<String> tags = new ArrayList<>();
        inspect.get("RepoTags").forEach(t -> tags.add(t.asText()));
        assertTrue(tags.containsAll(List.of("latest", version)), "tags " + tags);

        assertEquals("linux", config.path("os").asText());
        assertEquals("amd64", config.path("architecture").asText());
        JsonNode c = config.get("config");
        assertEquals("185", c.path("User").asText(), "never root");
        List<String> entrypoint = new ArrayList<>();
        c.get("Entrypoint").forEach(e -> entrypoint.add(e.asText()));
        assertEquals(List.of("java", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-jar",
                "quarkus-run.jar"), entrypoint);
        assertEquals("/home/jboss", c.path("WorkingDir").asText());
        assertTrue(c.path("ExposedPorts").has("8080/tcp"), "the HTTP port (probes, metrics)");
        assertEquals("aim-engine-operator", c.at("/Labels/org.opencontainers.image.title").asText());

        // built on the base: its layers first, then the application's (Jib splits libraries from the app)
        JsonNode baseInspect = JSON.readTree(run(List.of("skopeo", "inspect", "--tls-verify=false",
                "docker://" + base), work, 120));
        List<String> baseLayers = new ArrayList<>();
        baseInspect.get("Layers").forEach(l -> baseLayers.add(l.asText()));
        List<String> layers = new ArrayList<>();
        inspect.get("Layers").forEach(l -> layers.add(l.asText()));
        assertEquals(baseLayers, layers.subList(0, baseLayers.size()), "the base's layers come first");
        assertTrue(layers.size() >= baseLayers.size() + 2, "application layers on top: " + layers);

        // what a user does to move the image without a registry: an OCI archive
        Path archive = work.resolve("aim-engine-operator.tar");
        run(List.of("skopeo", "copy", "-q", "--src-tls-verify=false",
                "docker://" + registry + "/" + REPOSITORY + ":" + version, "oci-archive:" + archive), work, 300);
        assertTrue(Files.size(archive) > 50_000_000L, "archive of " + Files.size(archive) + " bytes");
    }

    @Test
    @Order(2)
    void theImageRunsAsTheDeploymentRunsItAndReconciles() throws Exception {
        // the root filesystem, unpacked as a container runtime would
        run(List.of("skopeo", "copy", "-q", "--src-tls-verify=false", "docker://" + registry + "/" + REPOSITORY
                + ":latest", "oci:" + work.resolve("oci") + ":operator"), work, 300);
        Path bundle = work.resolve("bundle");
        run(List.of("umoci", "unpack", "--image", work.resolve("oci") + ":operator", bundle.toString()), work, 300);
        Path rootfs = bundle.resolve("rootfs");
        assertTrue(Files.exists(rootfs.resolve("home/jboss/quarkus-run.jar")), "the jar at the working directory");

        ControlPlane cp = ControlPlane.get();
        KubernetesClient admin = cp.client();
        OperatorAccount.install(admin);
        Path kubeconfig = OperatorAccount.kubeconfig(cp, work);

        Deployment deployment = DeployFiles.object(Path.of("deploy/operator"), "Deployment", "aim-engine-operator",
                Deployment.class);
        var pod = deployment.getSpec().getTemplate().getSpec();
        long uid = pod.getSecurityContext().getRunAsUser();
        assertTrue(pod.getContainers().get(0).getSecurityContext().getReadOnlyRootFilesystem());
        Map<String, String> env = new HashMap<>();
        config.at("/config/Env").forEach(e -> {
            String[] kv = e.asText().split("=", 2);
            env.put(kv[0], kv[1]);
        });
        for (EnvVar e : pod.getContainers().get(0).getEnv()) {
            if (e.getValue() != null) {
                env.put(e.getName(), e.getValue());
            }
        }
        env.put("POD_NAMESPACE", OperatorAccount.NAMESPACE);  // the Downward API's values
        env.put("POD_NAME", "operator-image");
        int port = OperatorProcess.freePort();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("KUBECONFIG", "/tmp/kubeconfig");  // in-cluster, the projected token; here the same SA's token

        List<String> entrypoint = new ArrayList<>();
        config.at("/config/Entrypoint").forEach(e -> entrypoint.add(e.asText()));
        String workdir = config.at("/config/WorkingDir").asText();
        // a private mount namespace: the root read-only, /proc and a 64 MiB tmpfs on /tmp (the emptyDir), the
        // kubeconfig in /tmp; then chroot as the Deployment's user and exec the image's entrypoint in its directory
        String script = """
                R="$1"; K="$2"; U="$3"; D="$4"; shift 4
                mount --bind "$R" "$R" && mount -o remount,bind,ro "$R"
                mount -t proc proc "$R/proc"
                mount -t tmpfs -o size=64m,mode=1777 tmpfs "$R/tmp"
                cp "$K" "$R/tmp/kubeconfig" && chmod 0644 "$R/tmp/kubeconfig"
                exec chroot --userspec="$U:$U" "$R" /usr/bin/env --chdir="$D" "$@"
                """;
        List<String> cmd = new ArrayList<>(sudo());
        cmd.addAll(List.of("unshare", "--mount", "--fork", "--", "sh", "-c", script, "sh", rootfs.toString(),
                kubeconfig.toString(), String.valueOf(uid), workdir));
        cmd.addAll(entrypoint);
        if (!sudo().isEmpty()) {
            // sudo drops the caller's environment: pass it on the env command line instead
            List<String> withEnv = new ArrayList<>(cmd.subList(0, cmd.size() - entrypoint.size()));
            env.forEach((k, v) -> withEnv.add(k + "=" + v));
            withEnv.addAll(entrypoint);
            cmd = withEnv;
        }

        try (OperatorProcess operator = OperatorProcess.run(cmd, port, work.resolve("image.log"), env, true)) {
            long javaPid = operator.handle().descendants()
                    .filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false))
                    .findFirst().orElseThrow().pid();
            String status = Files.readString(Path.of("/proc", String.valueOf(javaPid), "status"));
            assertTrue(status.lines().anyMatch(l -> l.matches("Uid:\\s+" + uid + "\\s+" + uid + ".*")),
                    "the JVM runs as UID " + uid + ":\n" + status);
            String cmdline = Files.readString(Path.of("/proc", String.valueOf(javaPid), "environ"))
                    .replace('\0', '\n');
            assertTrue(cmdline.contains("JAVA_TOOL_OPTIONS=-XX:MaxRAMPercentage=50"), "the Deployment's JVM flags");
            assertTrue(operator.logText().contains("Picked up JAVA_TOOL_OPTIONS"), "the JVM read them");

            String ns = newNamespace(admin, "image");
            admin.resource(load(admin, """
                    apiVersion: aim.eai.amd.com/v1alpha1
                    kind: AIMModel
                    metadata: {name: from-image}
                    spec:
                      image: amdenterpriseai/aim-base:0.9
                      discovery: {extractMetadata: false}
                      modelSources: [{modelId: org/tiny, sourceUri: "hf://org/tiny", size: 1Gi}]
                      custom: {hardware: {cpu: {requests: 500m}}}
                    """, AIMModel.class)).inNamespace(ns).create();
            await().ignoreExceptions().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                AIMModel m = admin.resources(AIMModel.class).inNamespace(ns).withName("from-image").get();
                assertEquals(m.getMetadata().getGeneration(), m.getStatus().observedGeneration);
                assertEquals(1, admin.resources(AIMServiceTemplate.class).inNamespace(ns).list().getItems().size());
            });
            List<String> problems = operator.problems();
            assertTrue(problems.isEmpty(), "the operator logged: " + problems);
        }
    }

    // ---- helpers ----

    static boolean privileged() {
        return isRoot() || exit(List.of("sudo", "-n", "true")) == 0;
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    static List<String> sudo() {
        return isRoot() ? List.of() : List.of("sudo", "-n");
    }

    static int exit(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Runs {@code cmd} in {@code dir}; returns its standard output, fails with its output when it fails. */
    static String run(List<String> cmd, Path dir, int timeoutSeconds) throws IOException, InterruptedException {
        Path err = Files.createTempFile("aim-image-cmd", ".err");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        assertTrue(done && p.exitValue() == 0, String.join(" ", cmd) + " failed:\n" + out + Files.readString(err));
        return out;
    }

    static String lastLine(String out) {
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(f, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
