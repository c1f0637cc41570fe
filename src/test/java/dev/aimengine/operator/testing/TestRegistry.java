package dev.aimengine.operator.testing;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * A real OCI registry for tests: Debian's {@code docker-registry} (the CNCF distribution registry, installed by
 * {@code hack/test-registry.sh} when missing), started once per test JVM on a free loopback port with filesystem
 * storage. {@link #get()} is open to everyone; {@link #withPassword()} is a second instance behind the registry's
 * {@code htpasswd} access control (HTTP Basic, bcrypt password file written with Apache's {@code htpasswd}), which
 * answers every request without the right {@link #USER}/{@link #PASSWORD} with a 401 and
 * {@code WWW-Authenticate: Basic realm=...}. Images are pushed through the registry's own v2 API (blob uploads,
 * manifest PUT), so what the operator reads back is exactly what a registry serves for an image built elsewhere.
 */
public final class TestRegistry {
    /** Shared by every class loader of the test JVM (Quarkus tests load this class again). */
    private static final String HOST_PROPERTY = "aim.test.registry.host";
    private static final String PASSWORD_HOST_PROPERTY = "aim.test.registry.password-host";
    /** The one user the password-protected registry knows. */
    public static final String USER = "aim-puller";
    public static final String PASSWORD = "pull-me-1f3a";
    private static TestRegistry instance;
    private static TestRegistry passwordInstance;

    private static final ObjectMapper JSON = new ObjectMapper();
    private final String host;
    /** The Authorization header the pushes carry, or null for the open registry. */
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** {@code 127.0.0.1:<port>}: the registry part of image references pushed here. */
    public String host() {
        return host;
    }

    /** The registry without access control. */
    public static synchronized TestRegistry get() {
        if (instance == null) {
            instance = new TestRegistry(shared(HOST_PROPERTY, false), null);
        }
        return instance;
    }

    /** The registry that serves (and accepts pushes) only for {@link #USER} with {@link #PASSWORD}. */
    public static synchronized TestRegistry withPassword() {
        if (passwordInstance == null) {
            passwordInstance = new TestRegistry(shared(PASSWORD_HOST_PROPERTY, true), basic());
        }
        return passwordInstance;
    }

    /** The host of the registry started for this JVM under {@code property}, starting it on first use. */
    private static String shared(String property, boolean password) {
        synchronized (System.class) {
            String host = System.getProperty(property);
            if (host == null) {
                host = start(password);
                System.setProperty(property, host);
            }
            return host;
        }
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    private TestRegistry(String host, String authorization) {
        this.host = host;
        this.authorization = authorization;
    }

    /** Runs {@code hack/test-registry.sh} with this argument: the path of the tool it provides. */
    private static String tool(String which) throws IOException, InterruptedException {
        Path script = Path.of("hack/test-registry.sh").toAbsolutePath();
        Process process = new ProcessBuilder("bash", script.toString(), which)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String path = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.waitFor() != 0 || path.isEmpty()) {
            throw new IllegalStateException("hack/test-registry.sh could not provide " + which);
        }
        return path;
    }

    private static String start(boolean password) {
        try {
            String binary = tool("registry");
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Path dir = Files.createTempDirectory("aim-test-registry");
            List<String> auth = List.of();
            String authorization = null;
            if (password) {
                Path htpasswd = dir.resolve("htpasswd");
                // -B: bcrypt, the only hash the registry's htpasswd access control accepts
                Process write = new ProcessBuilder(tool("htpasswd"), "-B", "-b", "-c", htpasswd.toString(), USER,
                        PASSWORD).redirectErrorStream(true).redirectOutput(dir.resolve("htpasswd.log").toFile())
                        .start();
                if (write.waitFor() != 0) {
                    throw new IllegalStateException("htpasswd failed; see " + dir.resolve("htpasswd.log"));
                }
                auth = List.of("auth:", "  htpasswd:", "    realm: aim-test-registry", "    path: " + htpasswd);
                authorization = basic();
            }
            List<String> lines = new java.util.ArrayList<>(List.of(
                    "version: 0.1",
                    "log:",
                    "  level: warn",
                    "storage:",
                    "  filesystem:",
                    "    rootdirectory: " + dir.resolve("data"),
                    "  delete:",
                    "    enabled: true",
                    "http:",
                    "  addr: 127.0.0.1:" + port));
            lines.addAll(auth);
            lines.add("");
            Path config = dir.resolve("config.yml");
            Files.writeString(config, String.join("\n", lines));
            Process registry = new ProcessBuilder(binary, "serve", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("registry.log").toFile())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(registry::destroy, "test-registry-stop"));
            String host = "127.0.0.1:" + port;
            HttpClient client = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                try {
                    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host + "/v2/"));
                    if (authorization != null) {
                        request.header("Authorization", authorization);
                    }
                    HttpResponse<Void> ping = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
                    if (ping.statusCode() == 200) {
                        return host;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                if (!registry.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("docker-registry did not start; see " + dir.resolve("registry.log"));
                }
                Thread.sleep(100);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Pushes a single-platform (linux/amd64) OCI image with these labels; returns its manifest digest. */
    public String push(String repository, String tag, Map<String, String> labels) {
        byte[] manifest = manifest(repository, "amd64", labels);
        return putManifest(repository, tag, manifest, "application/vnd.oci.image.manifest.v1+json");
    }

    /**
     * Pushes a multi-platform OCI index: a linux/arm64 image first (labelled {@code arch=arm64}), then the linux/amd64
     * image with {@code labels}; returns the index digest.
     */
    public String pushIndex(String repository, String tag, Map<String, String> labels) {
        byte[] arm = manifest(repository, "arm64", Map.of("arch", "arm64"));
        String armDigest = putManifest(repository, null, arm, "application/vnd.oci.image.manifest.v1+json");
        byte[] amd = manifest(repository, "amd64", labels);
        String amdDigest = putManifest(repository, null, amd, "application/vnd.oci.image.manifest.v1+json");
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2);
        index.put("mediaType", "application/vnd.oci.image.index.v1+json");
        index.put("manifests", List.of(
                descriptor("application/vnd.oci.image.manifest.v1+json", armDigest, arm.length,
                        Map.of("os", "linux", "architecture", "arm64")),
                descriptor("application/vnd.oci.image.manifest.v1+json", amdDigest, amd.length,
                        Map.of("os", "linux", "architecture", "amd64"))));
        return putManifest(repository, tag, json(index), "application/vnd.oci.image.index.v1+json");
    }

    private byte[] manifest(String repository, String architecture, Map<String, String> labels) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("architecture", architecture);
        config.put("os", "linux");
        config.put("config", Map.of("Labels", labels));
        config.put("rootfs", Map.of("type", "layers", "diff_ids", List.of()));
        byte[] configBlob = json(config);
        byte[] layer = emptyLayer();
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        manifest.put("config", descriptor("application/vnd.oci.image.config.v1+json", uploadBlob(repository, configBlob),
                configBlob.length, null));
        manifest.put("layers", List.of(descriptor("application/vnd.oci.image.layer.v1.tar+gzip",
                uploadBlob(repository, layer), layer.length, null)));
        return json(manifest);
    }

    private static Map<String, Object> descriptor(String mediaType, String digest, int size, Map<String, String> platform) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("mediaType", mediaType);
        d.put("digest", digest);
        d.put("size", size);
        if (platform != null) {
            d.put("platform", platform);
        }
        return d;
    }

    /** Monolithic upload: POST a session, PUT the bytes with their digest. */
    private String uploadBlob(String repository, byte[] blob) {
        String digest = digest(blob);
        HttpResponse<String> session = send(to(uri("/v2/" + repository + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), 202);
        String location = session.headers().firstValue("Location").orElseThrow();
        URI target = URI.create("http://" + host + "/").resolve(location);
        String put = target + (target.getQuery() == null ? "?" : "&") + "digest=" + digest;
        send(to(URI.create(put)).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(blob)).build(), 201);
        return digest;
    }

    private String putManifest(String repository, String tag, byte[] manifest, String mediaType) {
        String digest = digest(manifest);
        send(to(uri("/v2/" + repository + "/manifests/" + (tag == null ? digest : tag)))
                .header("Content-Type", mediaType).PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)).build(), 201);
        return digest;
    }

    /** A request to this registry, with the credentials it asks for. */
    private HttpRequest.Builder to(URI uri) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request;
    }

    private URI uri(String path) {
        return URI.create("http://" + host + path);
    }

    private HttpResponse<String> send(HttpRequest request, int expected) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(request.method() + " " + request.uri() + " → " + response.statusCode()
                        + ": " + response.body());
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A gzipped empty tar archive (two zero blocks): the smallest layer a runtime could unpack. */
    private static byte[] emptyLayer() {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream();
                GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(new byte[1024]);
            gzip.finish();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String digest(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
