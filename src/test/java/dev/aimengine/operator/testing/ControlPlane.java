package dev.aimengine.operator.testing;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfig;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubeapitest.binary.BinaryManager;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Kubernetes control plane for the tier-3 tests, started once per test JVM: etcd and kube-apiserver through
 * io.fabric8:kube-api-test (binaries from ~/.kubeapitest, see hack/control-plane.sh) plus a kube-controller-manager
 * (its binary must sit beside kube-apiserver) for owner-reference garbage collection, Job → Pod creation and
 * PersistentVolume binding. Kubelet, scheduler, provisioner and KServe are played by the stand-ins of
 * {@code testing.standin}.
 * The committed CRDs of deploy/crds are installed before anything else uses the server.
 */
public final class ControlPlane {
    private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);
    private static ControlPlane instance;

    private final KubeAPIServer apiServer;
    private final String kubeConfigYaml;
    private final Path kubeConfigFile;
    private final Process controllerManager;
    private final KubernetesClient client;

    /** System properties are shared by every class loader of the test JVM (Quarkus tests load this class again). */
    static final String KUBECONFIG_PROPERTY = "aim.test.control-plane.kubeconfig";
    static final String STOP_PROPERTY = "aim.test.control-plane.stop";
    /** When set (a file path), the API server writes an audit line per request there (the benchmark counts them). */
    public static final String AUDIT_LOG_PROPERTY = "aim.test.control-plane.audit-log";

    public static synchronized ControlPlane get() {
        if (instance == null) {
            synchronized (System.class) {
                instance = System.getProperties().get(KUBECONFIG_PROPERTY) instanceof String yaml
                        ? new ControlPlane(yaml)
                        : new ControlPlane();
            }
        }
        return instance;
    }

    /**
     * Stops the JVM's control plane, whichever class loader started it (see ControlPlaneShutdown); the next
     * {@link #get()} (an integration test that wants a fresh one) starts a new one.
     */
    public static void stopIfStarted() {
        if (System.getProperties().remove(STOP_PROPERTY) instanceof Runnable stop) {
            stop.run();
        }
        synchronized (ControlPlane.class) {
            System.getProperties().remove(KUBECONFIG_PROPERTY);
            instance = null;
        }
    }

    /** Another class loader of this JVM already runs the control plane: connect to it. */
    private ControlPlane(String kubeConfigYaml) {
        this.apiServer = null;
        this.kubeConfigYaml = kubeConfigYaml;
        try {
            Path file = Files.createTempFile("aim-control-plane", ".kubeconfig");
            Files.writeString(file, kubeConfigYaml);
            file.toFile().deleteOnExit();
            this.kubeConfigFile = file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.controllerManager = null;
        this.client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeConfigYaml)).build();
    }

    private ControlPlane() {
        KubeAPIServerConfigBuilder builder = KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withOfflineMode(binariesPresent())
                .withStartupTimeout(120_000);
        String auditLog = System.getProperty(AUDIT_LOG_PROPERTY);
        if (auditLog != null) {
            auditFlags(Path.of(auditLog)).forEach(builder::withApiServerFlag);
        }
        KubeAPIServerConfig config = builder.build();
        apiServer = new KubeAPIServer(config);
        apiServer.start();
        kubeConfigYaml = apiServer.getKubeConfigYaml();
        try {
            kubeConfigFile = Files.createTempFile("aim-kubeconfig", ".yaml");
            Files.writeString(kubeConfigFile, kubeConfigYaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeConfigYaml)).build();
        BinaryManager binaries = new BinaryManager(config);
        binaries.initAndDownloadIfRequired();
        File kcm = new File(binaries.binaries().getApiServer().getParentFile(), "kube-controller-manager");
        if (!kcm.canExecute()) {
            // garbage collection, Jobs and PV binding are part of what the tests check: never run without them
            throw new IllegalStateException("kube-controller-manager is missing beside " + binaries.binaries()
                    .getApiServer() + ": run hack/control-plane.sh");
        }
        controllerManager = startControllerManager(kcm, Path.of(config.getKubeAPITestDir(), "apiserver.key"));
        installCrds();
        // the operator's own namespace (OperatorNamespace falls back to aim-system outside a pod): cluster templates
        // discover there and the discovery lock Lease lives there
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                .withName("aim-system").endMetadata().build()).createOr(NonDeletingOperation::update);
        System.getProperties().put(KUBECONFIG_PROPERTY, kubeConfigYaml);
        Runnable stop = this::stop;
        System.getProperties().put(STOP_PROPERTY, stop);
        Runtime.getRuntime().addShutdownHook(new Thread(ControlPlane::stopIfStarted, "control-plane-stop"));
        LOG.info("control plane {} up with kube-controller-manager", version().getGitVersion());
    }

    /** Audit every request at Metadata level (verb, resource, user agent), as JSON lines. */
    private static java.util.Map<String, String> auditFlags(Path log) {
        try {
            Path policy = Files.createTempFile("aim-audit-policy", ".yaml");
            Files.writeString(policy, """
                    apiVersion: audit.k8s.io/v1
                    kind: Policy
                    omitStages: [RequestReceived]
                    rules:
                    - level: Metadata
                    """);
            java.util.Map<String, String> flags = new java.util.LinkedHashMap<>();
            flags.put("--audit-policy-file", policy.toString());
            flags.put("--audit-log-path", log.toString());
            flags.put("--audit-log-format", "json");
            flags.put("--audit-log-mode", "batch");
            return flags;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The kubeconfig of the control plane, as a file (for processes started beside the tests). */
    public Path kubeConfigFile() {
        return kubeConfigFile;
    }

    private static boolean binariesPresent() {
        String dir = System.getenv().getOrDefault("KUBE_API_TEST_DIR",
                System.getProperty("user.home") + "/.kubeapitest");
        File k8s = new File(dir, "k8s");
        String[] versions = k8s.list();
        return versions != null && versions.length > 0;
    }

    private Process startControllerManager(File binary, Path serviceAccountKey) {
        try {
            Path log = Files.createTempFile("kube-controller-manager", ".log");
            // a watchdog shell ends kube-controller-manager when this JVM goes away, however it goes
            String watchdog = "\"$@\" & child=$!; trap 'kill $child 2>/dev/null; exit 0' TERM INT; while kill -0 "
                    + ProcessHandle.current().pid()
                    + " 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 1; done; kill $child 2>/dev/null; wait";
            List<String> cmd = List.of("bash", "-c", watchdog, "kube-controller-manager", binary.getAbsolutePath(),
                    "--kubeconfig=" + kubeConfigFile,
                    // no HPA controller: without a metrics API it would overwrite the status of the HPAs the
                    // stand-in KEDA writes (testing.standin.StandInKServe)
                    "--controllers=*,-nodeipam,-nodelifecycle,-service,-route,-cloud-node-lifecycle"
                            + ",-horizontalpodautoscaling",
                    "--use-service-account-credentials=false",
                    "--service-account-private-key-file=" + serviceAccountKey,
                    "--leader-elect=false",
                    "--secure-port=0",
                    "--port=0");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            LOG.info("kube-controller-manager started, log {}", log);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void installCrds() {
        installCrds(Path.of("deploy/crds"));
        // third-party APIs the operator drives (KServe, Gateway API), as test fixtures
        installCrds(Path.of("src/test/resources/crds"));
    }

    private void installCrds(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml") && !p.endsWith("kustomization.yaml"))
                    .sorted().toList()) {
                CustomResourceDefinition crd = client.getKubernetesSerialization()
                        .unmarshal(Files.readString(f), CustomResourceDefinition.class);
                // Not server-side apply: a 1.20 server cannot build a typed patch containing
                // x-kubernetes-validations (unknown to it), while create/update simply drops the field.
                client.apiextensions().v1().customResourceDefinitions().resource(crd)
                        .createOr(NonDeletingOperation::update);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        client.apiextensions().v1().customResourceDefinitions().list().getItems()
                .forEach(c -> client.apiextensions().v1().customResourceDefinitions().resource(c)
                        .waitUntilCondition(ControlPlane::established, 30, TimeUnit.SECONDS));
    }

    public static boolean established(CustomResourceDefinition crd) {
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Installs third-party CRDs (KServe, Gateway API) from test resources when a test needs them. */
    public void apply(HasMetadata object) {
        client.resource(object).serverSideApply();
    }

    public KubernetesClient client() {
        return client;
    }

    public Config clientConfig() {
        return Config.fromKubeconfig(kubeConfigYaml);
    }


    public VersionInfo version() {
        return client.getKubernetesVersion();
    }

    /** CEL validation rules are enforced from Kubernetes 1.25 on (beta, on by default). */
    public boolean enforcesCel() {
        VersionInfo v = version();
        int minor = Integer.parseInt(v.getMinor().replaceAll("\\D.*", ""));
        return Integer.parseInt(v.getMajor()) > 1 || minor >= 25;
    }

    private void stop() {
        if (apiServer == null) {
            return;
        }
        if (controllerManager != null) {
            controllerManager.destroy();
            try {
                controllerManager.waitFor(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        client.close();
        apiServer.stop();
    }
}
