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
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * A real OCI registry for tests: Debian's {@code docker-registry} (the CNCF distribution registry, installed by
 * {@code hack/test-registry.sh} when missing), started once per test JVM on a free loopback port with filesystem
 * storage and no authentication. Images are pushed through the registry's own v2 API (blob uploads, manifest PUT), so
 * what the operator reads back is exactly what a registry serves for an image built elsewhere.
 */
public final class TestRegistry {
    /** Shared by every class loader of the test JVM (Quarkus tests load this class again). */
    private static final String HOST_PROPERTY = "aim.test.registry.host";
    private static TestRegistry instance;

    private static final ObjectMapper JSON = new ObjectMapper();
    private final String host;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** {@code 127.0.0.1:<port>}: the registry part of image references pushed here. */
    public String host() {
        return host;
    }

    public static synchronized TestRegistry get() {
        if (instance == null) {
            synchronized (System.class) {
                String host = System.getProperty(HOST_PROPERTY);
                if (host == null) {
                    host = start();
                    System.setProperty(HOST_PROPERTY, host);
                }
                instance = new TestRegistry(host);
            }
        }
        return instance;
    }

    private TestRegistry(String host) {
        this.host = host;
    }

    private static String start() {
        try {
            Path script = Path.of("hack/test-registry.sh").toAbsolutePath();
            Process which = new ProcessBuilder("bash", script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String binary = new String(which.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (which.waitFor() != 0 || binary.isEmpty()) {
                throw new IllegalStateException("hack/test-registry.sh could not provide docker-registry");
            }
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Path dir = Files.createTempDirectory("aim-test-registry");
            Path config = dir.resolve("config.yml");
            Files.writeString(config, String.join("\n",
                    "version: 0.1",
                    "log:",
                    "  level: warn",
                    "storage:",
                    "  filesystem:",
                    "    rootdirectory: " + dir.resolve("data"),
                    "  delete:",
                    "    enabled: true",
                    "http:",
                    "  addr: 127.0.0.1:" + port,
                    ""));
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
                    HttpResponse<Void> ping = client.send(HttpRequest.newBuilder(URI.create("http://" + host + "/v2/"))
                            .build(), HttpResponse.BodyHandlers.discarding());
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
        HttpResponse<String> session = send(HttpRequest.newBuilder(uri("/v2/" + repository + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), 202);
        String location = session.headers().firstValue("Location").orElseThrow();
        URI target = URI.create("http://" + host + "/").resolve(location);
        String put = target + (target.getQuery() == null ? "?" : "&") + "digest=" + digest;
        send(HttpRequest.newBuilder(URI.create(put)).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(blob)).build(), 201);
        return digest;
    }

    private String putManifest(String repository, String tag, byte[] manifest, String mediaType) {
        String digest = digest(manifest);
        send(HttpRequest.newBuilder(uri("/v2/" + repository + "/manifests/" + (tag == null ? digest : tag)))
                .header("Content-Type", mediaType).PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)).build(), 201);
        return digest;
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
