package dev.aimengine.operator.testing.standin;

import dev.aimengine.operator.testing.standin.StandInKubelet.Exit;
import dev.aimengine.operator.testing.standin.StandInKubelet.RunningContainer;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.http.HttpResponse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Stands in for the artifact downloader image ({@code ghcr.io/silogen/aim-artifact-downloader}): the program the
 * {@link StandInKubelet} runs for the containers of download and check-size pods. It follows the image's contract
 * with the operator:
 * <ul>
 * <li>it takes everything from the container — the source URI from its args, settings and credentials from its
 * environment ({@code EXPECTED_SIZE_BYTES}, {@code TARGET_DIR}/{@code MOUNT_PATH}, {@code ARTIFACT_NAME},
 * {@code ARTIFACT_NAMESPACE}, {@code AIM_DOWNLOADER_PROTOCOL}, {@code STALL_TIMEOUT}, {@code PROGRESS_INTERVAL},
 * {@code HF_TOKEN}, {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_ENDPOINT_URL} and the
 * {@code AIM_DEBUG_*} switches) — and writes into the volume mounted at the target directory;</li>
 * <li>it reports through the API server as the pod's service account would with {@code kubectl patch --type=merge
 * --subresource=status}: a progress monitor patches {@code status.progress} every interval (percentage capped at
 * 99) and kills the download when the volume has not grown for {@code STALL_TIMEOUT} seconds; the Hugging Face
 * download patches {@code status.download} for each protocol attempt; a finished download sets progress to 100 %.
 * It authenticates with the service account's token, so the operator's RoleBinding has to grant it that;</li>
 * <li>it prints what the real tools print in substance (the lines the operator's log classifier looks for, such as
 * "Repository Not Found", "Cannot access gated repo", S3 error codes, "No space left on device") and exits with a
 * code: 0 on success, non-zero on failure;</li>
 * <li>{@code /check-size.sh <url>} prints {@code {"url": "<url>", "sizeBytes": N}} as its last line.</li>
 * </ul>
 * The remote side is modelled here too: Hugging Face repositories (public or gated) and S3 buckets behind an endpoint
 * with credentials, each a set of files with sizes. Volumes are modelled by their PersistentVolume: their capacity
 * bounds what fits, and their contents survive the pod (a retry resumes). No bytes are actually written anywhere.
 * <p>
 * The image's S3 download is {@code s3cmd sync} of the prefix: a bucket that does not exist fails with
 * {@code NoSuchBucket}, while an empty prefix in an existing bucket syncs nothing and succeeds, as {@code s3cmd}
 * does.
 */
public final class StandInDownloader implements StandInKubelet.ContainerProgram, AutoCloseable {

    /** The ClusterRole the operator's per-namespace RoleBindings refer to; installed by the deployment. */
    public static final String STATUS_UPDATER_ROLE = "aim-engine-artifact-status-updater";
    static final String DEFAULT_S3_ENDPOINT = "https://s3.amazonaws.com";
    private static final List<String> PROTOCOLS = List.of("XET", "HF_TRANSFER", "HTTP");
    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;

    private final KubernetesClient admin;
    private final Map<String, HfRepo> huggingFace = new ConcurrentHashMap<>();
    private final Map<String, S3Endpoint> s3 = new ConcurrentHashMap<>();
    private final Map<String, Volume> volumes = new ConcurrentHashMap<>();
    private final Map<String, KubernetesClient> accounts = new ConcurrentHashMap<>();
    /** How long moving one file takes: it is written in ten steps over that time. */
    private static final Duration TRANSFER_TIME = Duration.ofSeconds(1);

    /**
     * @param admin a cluster-admin client: it installs the status-updater ClusterRole (as the deployment would),
     *              reads service-account tokens, PVCs and PVs; the downloads themselves report with the pod's token
     */
    public StandInDownloader(KubernetesClient admin) {
        this.admin = admin;
        admin.rbac().clusterRoles().resource(new ClusterRoleBuilder()
                .withNewMetadata().withName(STATUS_UPDATER_ROLE).endMetadata()
                .addNewRule().withApiGroups("aim.eai.amd.com").withResources("aimartifacts/status")
                    .withVerbs("get", "patch", "update").endRule()
                .build()).createOr(NonDeletingOperation::update);
    }

    /** Whether a pod runs the downloader image (so a {@link StandInKubelet} should run it with this program). */
    public static boolean runs(Pod pod) {
        return pod.getSpec().getContainers().stream()
                .anyMatch(c -> c.getImage() != null && c.getImage().contains("aim-artifact-downloader"));
    }

    /** Lets the kubelet run every downloader pod of the namespace with this program. */
    public StandInDownloader serveOn(StandInKubelet kubelet, String namespace) {
        kubelet.runPods(namespace, StandInDownloader::runs, this);
        return this;
    }

    // ---- the remote side ----

    /** A public Hugging Face model repository {@code org/name} with these files. */
    public StandInDownloader huggingFaceRepo(String repo, Map<String, Long> files) {
        huggingFace.put(repo, new HfRepo(new TreeMap<>(files), null));
        return this;
    }

    /** A public repository, unless the test already described this one. */
    public StandInDownloader huggingFaceRepoIfAbsent(String repo, Map<String, Long> files) {
        huggingFace.putIfAbsent(repo, new HfRepo(new TreeMap<>(files), null));
        return this;
    }

    /** A gated repository: only the given tokens may download it. */
    public StandInDownloader gatedHuggingFaceRepo(String repo, Map<String, Long> files, String... tokensWithAccess) {
        huggingFace.put(repo, new HfRepo(new TreeMap<>(files), Set.of(tokensWithAccess)));
        return this;
    }

    /**
     * An S3-compatible endpoint ({@code null}: AWS itself) with one key pair, and a bucket on it (created empty when
     * {@code files} is empty); file keys are relative to the bucket.
     */
    public StandInDownloader s3Bucket(String endpoint, String accessKey, String secretKey, String bucket,
            Map<String, Long> files) {
        S3Endpoint e = s3.computeIfAbsent(normalize(endpoint), k -> new S3Endpoint(accessKey, secretKey));
        if (!e.accessKey.equals(accessKey) || !e.secretKey.equals(secretKey)) {
            throw new IllegalArgumentException("endpoint " + endpoint + " already has other credentials");
        }
        e.buckets.computeIfAbsent(bucket, b -> new ConcurrentHashMap<>()).putAll(files);
        return this;
    }

    /** The complete files in the volume bound to a claim (partial downloads left out). */
    public Map<String, Long> volumeContents(String namespace, String claim) {
        PersistentVolumeClaim pvc = admin.persistentVolumeClaims().inNamespace(namespace).withName(claim).get();
        if (pvc == null || pvc.getSpec().getVolumeName() == null) {
            return Map.of();
        }
        Volume v = volumes.get("pv:" + pvc.getSpec().getVolumeName());
        return v == null ? Map.of() : v.complete();
    }

    // ---- the container ----

    @Override
    public Exit run(RunningContainer c) throws InterruptedException {
        List<String> command = c.command();
        List<String> args = c.args();
        if (!command.isEmpty() && command.get(0).endsWith("check-size.sh")) {
            return checkSize(c, args.isEmpty() ? "" : args.get(0));
        }
        if (!command.isEmpty() && command.get(0).endsWith("initializer-entrypoint")) {
            // KServe's storage initializer calling convention: <source> <destination>
            return entrypoint(c, args.get(0), args.get(1));
        }
        if (command.isEmpty() || command.get(0).endsWith("entrypoint.sh")) {
            return entrypoint(c, args.isEmpty() ? "" : args.get(0), null);
        }
        c.println("exec: \"" + command.get(0) + "\": executable file not found in $PATH");
        return Exit.failure(127);
    }

    private Exit checkSize(RunningContainer c, String url) {
        c.println("Checking the size of " + url);
        Sized sized = sizeOf(c, url);
        if (sized.error != null) {
            c.print(sized.error);
            return Exit.failure(sized.exitCode);
        }
        if (sized.bytes <= 0) {
            c.println("Error: no positive size found for " + url + " (got " + sized.bytes + ")");
            return Exit.failure(1);
        }
        c.println("{\"url\": \"" + url + "\", \"sizeBytes\": " + sized.bytes + "}");
        return Exit.success();
    }

    private Exit entrypoint(RunningContainer c, String url, String destination) throws InterruptedException {
        Session s = new Session(c, url, destination);
        c.println("Downloading " + url + " to " + s.dir);
        Monitor monitor = new Monitor(s);
        monitor.start();
        try {
            if (s.flag("AIM_DEBUG_CAUSE_HANG")) {
                c.println("Debug: hanging on purpose (AIM_DEBUG_CAUSE_HANG)");
                Thread.sleep(Long.MAX_VALUE);
            }
            if (s.flag("AIM_DEBUG_CAUSE_FAILURE")) {
                c.println("Debug: failing on purpose (AIM_DEBUG_CAUSE_FAILURE)");
                return Exit.failure(1);
            }
            if (s.flag("AIM_DEBUG_SIMULATE_DOWNLOAD")) {
                return simulatedDownload(s, monitor);
            }
            if (url.startsWith("hf://")) {
                if (!hfDownload(s)) {
                    return Exit.failure(1);
                }
                monitor.stop();
                s.reportComplete();
                if (s.flag("AIM_DEBUG_SIMULATE_HF_DOWNLOAD")) {
                    c.println("Debug: skipping verification of a simulated download");
                    return Exit.success();
                }
                return hfVerify(s) ? Exit.success() : Exit.failure(1);
            }
            if (url.startsWith("s3://")) {
                int code = s3Sync(s);
                if (code != 0) {
                    return Exit.failure(code);
                }
                monitor.stop();
                s.reportComplete();
                return Exit.success();
            }
            c.println("Error: unsupported source " + url + " (expected hf:// or s3://)");
            return Exit.failure(1);
        } catch (InterruptedException e) {
            if (!monitor.stalled) {
                throw e;
            }
            c.println("Download process killed after the stall; exiting with failure");
            return Exit.failure(1);
        } finally {
            monitor.stop();
        }
    }

    private Exit simulatedDownload(Session s, Monitor monitor) throws InterruptedException {
        long expected = s.expected > 0 ? s.expected : MIB;
        s.c.println("Debug: simulating the download of " + expected + " bytes");
        try {
            s.volume.append("simulated_data", expected / 2);
            sleepSeconds(s, "AIM_DEBUG_DOWNLOAD_DURATION", 10);
            s.volume.append("simulated_data", expected - expected / 2);
        } catch (NoSpace e) {
            s.c.println("dd: error writing '" + s.dir + "/simulated_data': No space left on device");
            return Exit.failure(1);
        }
        monitor.stop();
        s.reportComplete();
        s.c.println("Debug: simulated download complete, verifying");
        sleepSeconds(s, "AIM_DEBUG_VERIFY_DURATION", 10);
        if (s.flag("AIM_DEBUG_VERIFY_FAIL")) {
            s.c.println("Error: verification failed (AIM_DEBUG_VERIFY_FAIL)");
            return Exit.failure(1);
        }
        s.c.println("Verification passed");
        return Exit.success();
    }

    // ---- Hugging Face ----

    /** hf-download.sh: one attempt per configured protocol until one succeeds. */
    private boolean hfDownload(Session s) throws InterruptedException {
        String repo = s.url.substring("hf://".length());
        String sequence = s.env("AIM_DOWNLOADER_PROTOCOL").orElse("");
        if (sequence.isBlank()) {
            return hfDownloadOnce(s, repo, null);
        }
        List<String> protocols = Arrays.stream(sequence.split(",")).map(String::trim).filter(p -> !p.isEmpty())
                .toList();
        int total = protocols.size();
        for (int i = 0; i < total; i++) {
            String protocol = protocols.get(i);
            int attempt = i + 1;
            if (!PROTOCOLS.contains(protocol)) {
                s.c.println("Unknown download protocol " + protocol + ", skipping");
                continue;
            }
            if (i > 0) {
                // a different protocol cannot resume another one's partial files
                s.volume.removeIf(f -> f.startsWith(".cache/huggingface/download/") && f.endsWith(".incomplete"));
            }
            Map<String, Object> download = new LinkedHashMap<>();
            download.put("protocol", protocol);
            download.put("attempt", attempt);
            download.put("totalAttempts", total);
            download.put("protocolSequence", sequence);
            download.put("message", "Downloading with " + protocol);
            s.patch(Map.of("download", download));
            s.c.println("Attempt " + attempt + "/" + total + ": downloading " + repo + " with " + protocol);
            if (hfDownloadOnce(s, repo, protocol)) {
                s.patch(Map.of("download", Map.of("message", "Verifying integrity...")));
                return true;
            }
            s.patch(Map.of("download", Map.of("message", "Failed with " + protocol)));
            s.c.println("Download with " + protocol + " failed");
        }
        s.patch(Map.of("download", Map.of("message", "All " + total + " attempts exhausted")));
        s.c.println("All " + total + " attempts exhausted");
        return false;
    }

    private boolean hfDownloadOnce(Session s, String repo, String protocol) throws InterruptedException {
        if (s.flag("AIM_DEBUG_SIMULATE_HF_DOWNLOAD")) {
            Set<String> failing = Arrays.stream(s.env("AIM_DEBUG_SIMULATE_HF_FAIL_PROTOCOLS").orElse("").split(","))
                    .map(String::trim).collect(Collectors.toSet());
            sleepSeconds(s, "AIM_DEBUG_SIMULATE_HF_DURATION", 2);
            if (protocol != null && failing.contains(protocol)) {
                s.c.println("Debug: simulated failure of the " + protocol + " download");
                return false;
            }
            try {
                s.volume.append("simulated_hf_data", 100 * KIB);
            } catch (NoSpace e) {
                s.c.println("OSError: [Errno 28] No space left on device: '" + s.dir + "/simulated_hf_data'");
                return false;
            }
            return true;
        }
        HfRepo r = huggingFace.get(repo);
        if (r == null) {
            s.c.print(repositoryNotFound(repo));
            return false;
        }
        if (!r.mayDownload(s.env("HF_TOKEN").orElse(null))) {
            s.c.print(gated(repo));
            return false;
        }
        try {
            for (Map.Entry<String, Long> f : r.files.entrySet()) {
                transfer(s, f.getKey(), f.getValue(), ".cache/huggingface/download/" + f.getKey() + ".incomplete");
            }
        } catch (NoSpace e) {
            s.c.println("OSError: [Errno 28] No space left on device: '" + s.dir + "/" + e.file + "'");
            return false;
        }
        s.c.println("Downloaded " + r.files.size() + " files of " + repo + " to " + s.dir);
        return true;
    }

    /** hf-verify.sh: every file of the repository complete in the target directory. */
    private boolean hfVerify(Session s) {
        String repo = s.url.substring("hf://".length());
        HfRepo r = huggingFace.get(repo);
        Map<String, Long> have = s.volume.complete();
        List<String> bad = r.files.entrySet().stream()
                .filter(f -> !f.getValue().equals(have.get(f.getKey()))).map(Map.Entry::getKey).toList();
        if (!bad.isEmpty()) {
            s.c.println("Error: verification failed, missing or damaged files: " + bad);
            return false;
        }
        s.c.println("Verified " + r.files.size() + " files");
        return true;
    }

    private static String repositoryNotFound(String repo) {
        return "huggingface_hub.errors.RepositoryNotFoundError: 401 Client Error. (Request ID: standin)\n"
                + "Repository Not Found for url: https://huggingface.co/api/models/" + repo + "/revision/main.\n"
                + "Please make sure you specified the correct `repo_id` and `repo_type`.\n";
    }

    private static String gated(String repo) {
        return "huggingface_hub.errors.GatedRepoError: 403 Client Error. (Request ID: standin)\n"
                + "Cannot access gated repo for url https://huggingface.co/api/models/" + repo + "/revision/main.\n"
                + "Access to model " + repo + " is restricted and you are not in the authorized list.\n";
    }

    // ---- S3 ----

    /** s3cmd sync --stop-on-error s3://bucket/prefix/ dir/ ; returns s3cmd's exit code. */
    private int s3Sync(Session s) throws InterruptedException {
        S3Access access = s3Access(s.c, s.url);
        if (access.error != null) {
            s.c.print(access.error);
            return access.exitCode;
        }
        Map<String, Long> objects = access.objects();
        int n = 0;
        long bytes = 0;
        try {
            for (Map.Entry<String, Long> o : objects.entrySet()) {
                n++;
                s.c.println("download: '" + access.bucketUrl + o.getKey() + "' -> '" + s.dir + "/"
                        + access.relative(o.getKey()) + "'  [" + n + " of " + objects.size() + "]");
                transfer(s, access.relative(o.getKey()), o.getValue(), access.relative(o.getKey()) + ".s3cmd-partial");
                bytes += o.getValue();
            }
        } catch (NoSpace e) {
            s.c.println("ERROR: [Errno 28] No space left on device: '" + s.dir + "/" + e.file + "'");
            return 74;
        }
        s.c.println("Done. Downloaded " + bytes + " bytes.");
        return 0;
    }

    /** What a client with the container's credentials sees of an s3:// URL, or the error s3cmd prints. */
    private S3Access s3Access(RunningContainer c, String url) {
        String path = url.substring("s3://".length());
        int slash = path.indexOf('/');
        String bucket = slash < 0 ? path : path.substring(0, slash);
        String prefix = slash < 0 ? "" : path.substring(slash + 1).replaceAll("/+$", "");
        String endpointUrl = c.env("AWS_ENDPOINT_URL").orElse(null);
        S3Endpoint endpoint = s3.get(normalize(endpointUrl));
        if (endpoint == null) {
            return S3Access.failed("ERROR: [Errno -2] Name or service not known: could not connect to "
                    + (endpointUrl == null ? DEFAULT_S3_ENDPOINT : endpointUrl) + "\n", 1);
        }
        String key = c.env("AWS_ACCESS_KEY_ID").orElse("");
        String secret = c.env("AWS_SECRET_ACCESS_KEY").orElse("");
        if (key.isEmpty()) {
            return S3Access.failed("ERROR: S3 error: 403 (AccessDenied): Access Denied\n", 77);
        }
        if (!endpoint.accessKey.equals(key)) {
            return S3Access.failed("ERROR: S3 error: 403 (InvalidAccessKeyId): The AWS Access Key Id you provided"
                    + " does not exist in our records.\n", 77);
        }
        if (!endpoint.secretKey.equals(secret)) {
            return S3Access.failed("ERROR: S3 error: 403 (SignatureDoesNotMatch): The request signature we"
                    + " calculated does not match the signature you provided. Check your key and signing method.\n",
                    77);
        }
        Map<String, Long> contents = endpoint.buckets.get(bucket);
        if (contents == null) {
            return S3Access.failed("ERROR: S3 error: 404 (NoSuchBucket): The specified bucket does not exist\n", 12);
        }
        String under = prefix.isEmpty() ? "" : prefix + "/";
        Map<String, Long> objects = new TreeMap<>();
        contents.forEach((k, v) -> {
            if (k.startsWith(under)) {
                objects.put(k, v);
            }
        });
        return new S3Access("s3://" + bucket + "/", under, objects, null, 0);
    }

    private record S3Access(String bucketUrl, String prefix, Map<String, Long> objects, String error, int exitCode) {
        static S3Access failed(String error, int exitCode) {
            return new S3Access(null, null, Map.of(), error, exitCode);
        }

        String relative(String key) {
            return key.substring(prefix.length());
        }
    }

    // ---- sizes (check-size.sh, and the progress monitor without EXPECTED_SIZE_BYTES) ----

    private record Sized(long bytes, String error, int exitCode) {
    }

    private Sized sizeOf(RunningContainer c, String url) {
        if (url.startsWith("hf://")) {
            String repo = url.substring("hf://".length());
            HfRepo r = huggingFace.get(repo);
            if (r == null) {
                return new Sized(0, "Repository Not Found: " + repo + "\n", 1);
            }
            if (!r.mayDownload(c.env("HF_TOKEN").orElse(null))) {
                return new Sized(0, "Cannot access gated repo: " + repo + "\n", 2);
            }
            return new Sized(r.files.values().stream().mapToLong(Long::longValue).sum(), null, 0);
        }
        if (url.startsWith("s3://")) {
            S3Access access = s3Access(c, url);
            if (access.error != null) {
                return new Sized(0, access.error, 1);
            }
            return new Sized(access.objects.values().stream().mapToLong(Long::longValue).sum(), null, 0);
        }
        return new Sized(0, "Error: unsupported source " + url + "\n", 1);
    }

    // ---- writing ----

    /** Moves one file into the volume in ten steps over {@link #TRANSFER_TIME}; resumes a partial file. */
    private void transfer(Session s, String file, long size, String partial) throws InterruptedException, NoSpace {
        if (Long.valueOf(size).equals(s.volume.complete().get(file))) {
            return;
        }
        long step = Math.max(1, size / 10);
        long pause = Math.max(1, TRANSFER_TIME.toMillis() / 10);
        while (s.volume.size(partial) < size) {
            s.volume.append(partial, Math.min(step, size - s.volume.size(partial)));
            Thread.sleep(pause);
        }
        s.volume.rename(partial, file);
    }

    /** One download container: its environment, target volume and artifact. */
    private final class Session {
        final RunningContainer c;
        final String url;
        final String dir;
        final Volume volume;
        final long expected;
        final String artifact;
        final String namespace;
        final Thread main = Thread.currentThread();

        Session(RunningContainer c, String url, String destination) {
            this.c = c;
            this.url = url;
            this.dir = destination != null ? destination
                    : c.env("TARGET_DIR").or(() -> c.env("MOUNT_PATH")).orElse("/cache").replaceAll("/+$", "");
            this.volume = volumeAt(c, dir);
            long e = c.env("EXPECTED_SIZE_BYTES").map(Long::parseLong).orElse(0L);
            this.expected = e > 0 ? e : Math.max(0, sizeOf(c, url).bytes);
            this.artifact = c.env("ARTIFACT_NAME").orElse("");
            this.namespace = c.env("ARTIFACT_NAMESPACE").orElse(c.pod().getMetadata().getNamespace());
        }

        Optional<String> env(String name) {
            return c.env(name);
        }

        boolean flag(String name) {
            return c.env(name).map(v -> Set.of("true", "1", "yes").contains(v.toLowerCase(Locale.ROOT)))
                    .orElse(false);
        }

        /** progress 100 %: the whole expected size is there. */
        void reportComplete() {
            long total = expected > 0 ? expected : volume.used();
            patch(Map.of("progress", Map.of("percentage", 100, "displayPercentage", "100 %",
                    "downloadedBytes", total, "totalBytes", total)));
        }

        /** kubectl patch aimartifact $ARTIFACT_NAME -n $ARTIFACT_NAMESPACE --type=merge --subresource=status. */
        void patch(Map<String, Object> status) {
            if (artifact.isEmpty()) {
                c.println("error: resource name may not be empty");
                return;
            }
            // one PATCH of the status subresource, as kubectl sends it: the role grants nothing else
            KubernetesClient account = accountClient(c.pod());
            String url = account.getMasterUrl().toString().replaceAll("/+$", "") + "/apis/aim.eai.amd.com/v1alpha1"
                    + "/namespaces/" + namespace + "/aimartifacts/" + artifact + "/status";
            try {
                HttpResponse<String> response = account.getHttpClient().sendAsync(account.getHttpClient()
                        .newHttpRequestBuilder().uri(url).method("PATCH", "application/merge-patch+json",
                                admin.getKubernetesSerialization().asJson(Map.of("status", status)))
                        .build(), String.class).get(30, TimeUnit.SECONDS);
                if (response.code() >= 300) {
                    c.println("Error from server (" + response.code() + "): " + response.body());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                c.println("error: " + e.getMessage());
            }
        }
    }

    /**
     * progress-monitor.sh: every interval, the size of the target directory as a percentage of the expected size
     * (capped at 99) into {@code status.progress}; kills the download when the size has not grown for the stall
     * timeout.
     */
    private final class Monitor implements Runnable {
        private final Session s;
        private final Thread thread;
        private volatile boolean stopped;
        volatile boolean stalled;

        Monitor(Session s) {
            this.s = s;
            this.thread = new Thread(this, "standin-downloader-progress");
            this.thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void stop() {
            stopped = true;
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void run() {
            long interval = s.env("PROGRESS_INTERVAL").map(Long::parseLong).orElse(5L) * 1000;
            long stallTimeout = s.env("STALL_TIMEOUT").map(Long::parseLong).orElse(120L) * 1000;
            long lastSize = -1;
            long lastGrowth = System.currentTimeMillis();
            try {
                while (!stopped) {
                    long size = s.volume.used();
                    int percent = s.expected > 0 ? (int) Math.min(99, size * 100 / s.expected) : 0;
                    Map<String, Object> progress = new LinkedHashMap<>();
                    progress.put("percentage", percent);
                    progress.put("displayPercentage", percent + " %");
                    progress.put("downloadedBytes", size);
                    if (s.expected > 0) {
                        progress.put("totalBytes", s.expected);
                    }
                    if (stopped) {
                        return;
                    }
                    s.patch(Map.of("progress", progress));
                    long now = System.currentTimeMillis();
                    if (size > lastSize) {
                        lastSize = size;
                        lastGrowth = now;
                    } else if (now - lastGrowth >= stallTimeout) {
                        s.c.println("Download stalled: no progress for " + stallTimeout / 1000
                                + " seconds, killing the download");
                        stalled = true;
                        s.main.interrupt();
                        return;
                    }
                    Thread.sleep(interval);
                }
            } catch (InterruptedException e) {
                // stopped
            }
        }
    }

    private static void sleepSeconds(Session s, String variable, long otherwise) throws InterruptedException {
        Thread.sleep(s.env(variable).map(Long::parseLong).orElse(otherwise) * 1000);
    }

    // ---- volumes ----

    /** The volume mounted at {@code dir}: a PersistentVolume (by name), or storage private to the container. */
    private Volume volumeAt(RunningContainer c, String dir) {
        Pod pod = c.pod();
        var mount = c.spec().getVolumeMounts() == null ? null : c.spec().getVolumeMounts().stream()
                .filter(m -> dir.equals(m.getMountPath().replaceAll("/+$", "")))
                .findFirst().orElse(null);
        var volume = mount == null || pod.getSpec().getVolumes() == null ? null : pod.getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals(mount.getName())).findFirst().orElse(null);
        if (volume != null && volume.getPersistentVolumeClaim() != null) {
            PersistentVolumeClaim pvc = admin.persistentVolumeClaims().inNamespace(pod.getMetadata().getNamespace())
                    .withName(volume.getPersistentVolumeClaim().getClaimName()).get();
            if (pvc != null && pvc.getSpec().getVolumeName() != null) {
                PersistentVolume pv = admin.persistentVolumes().withName(pvc.getSpec().getVolumeName()).get();
                Quantity capacity = pv.getSpec().getCapacity().get("storage");
                return volumes.computeIfAbsent("pv:" + pv.getMetadata().getName(),
                        k -> new Volume(capacity.getNumericalAmount().longValue()));
            }
        }
        // not on a volume: the container's own writable layer, gone with the container
        return new Volume(Long.MAX_VALUE);
    }

    private static final class NoSpace extends Exception {
        final String file;

        NoSpace(String file) {
            super("no space left for " + file);
            this.file = file;
        }
    }

    /** Files (name → bytes) on a volume of fixed capacity. */
    private static final class Volume {
        private final long capacity;
        private final Map<String, Long> files = new TreeMap<>();

        Volume(long capacity) {
            this.capacity = capacity;
        }

        synchronized void append(String file, long bytes) throws NoSpace {
            long free = capacity - used();
            if (bytes > free) {
                files.merge(file, free, Long::sum);
                throw new NoSpace(file);
            }
            files.merge(file, bytes, Long::sum);
        }

        synchronized long size(String file) {
            return files.getOrDefault(file, 0L);
        }

        synchronized long used() {
            return files.values().stream().mapToLong(Long::longValue).sum();
        }

        synchronized void rename(String from, String to) {
            Long bytes = files.remove(from);
            if (bytes != null) {
                files.put(to, bytes);
            }
        }

        synchronized void removeIf(Predicate<String> file) {
            files.keySet().removeIf(file);
        }

        synchronized Map<String, Long> complete() {
            Map<String, Long> done = new TreeMap<>();
            files.forEach((f, b) -> {
                if (!f.endsWith(".incomplete") && !f.endsWith(".s3cmd-partial")) {
                    done.put(f, b);
                }
            });
            return done;
        }
    }

    private record HfRepo(Map<String, Long> files, Set<String> tokensWithAccess) {
        boolean mayDownload(String token) {
            return tokensWithAccess == null || token != null && tokensWithAccess.contains(token);
        }
    }

    private static final class S3Endpoint {
        final String accessKey;
        final String secretKey;
        final Map<String, Map<String, Long>> buckets = new ConcurrentHashMap<>();

        S3Endpoint(String accessKey, String secretKey) {
            this.accessKey = accessKey;
            this.secretKey = secretKey;
        }
    }

    private static String normalize(String endpoint) {
        return endpoint == null || endpoint.isBlank() ? DEFAULT_S3_ENDPOINT : endpoint.replaceAll("/+$", "");
    }

    // ---- the pod's service account ----

    /** A client authenticated as the pod's service account, with the token the token controller issued for it. */
    private synchronized KubernetesClient accountClient(Pod pod) {
        String ns = pod.getMetadata().getNamespace();
        String name = Optional.ofNullable(pod.getSpec().getServiceAccountName()).filter(n -> !n.isEmpty())
                .orElse("default");
        KubernetesClient existing = accounts.get(ns + "/" + name);
        if (existing != null) {
            return existing;
        }
        String token = awaitToken(ns, name);
        Config base = admin.getConfiguration();
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(base.getMasterUrl())
                .withCaCertData(base.getCaCertData())
                .withCaCertFile(base.getCaCertFile())
                .withOauthToken(token)
                .build();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        accounts.put(ns + "/" + name, client);
        return client;
    }

    private String awaitToken(String ns, String account) {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            ServiceAccount sa = admin.serviceAccounts().inNamespace(ns).withName(account).get();
            List<String> secretNames = new ArrayList<>();
            if (sa != null && sa.getSecrets() != null) {
                sa.getSecrets().forEach(r -> secretNames.add(r.getName()));
            }
            for (String secretName : secretNames) {
                Secret secret = admin.secrets().inNamespace(ns).withName(secretName).get();
                if (secret != null && "kubernetes.io/service-account-token".equals(secret.getType())
                        && secret.getData() != null && secret.getData().get("token") != null) {
                    return new String(Base64.getDecoder().decode(secret.getData().get("token")),
                            StandardCharsets.UTF_8);
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException("no token for service account " + ns + "/" + account
                + " (kube-controller-manager's token controller issues them)");
    }

    @Override
    public void close() {
        accounts.values().forEach(KubernetesClient::close);
        accounts.clear();
    }
}
