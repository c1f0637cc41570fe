package dev.aimengine.operator.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for a registry with access control, which Debian's docker-registry offers only with a separate token
 * server: one private repository {@code private/model:1} readable by the users it knows, behind either the registry
 * token flow (a 401 with {@code WWW-Authenticate: Bearer realm=…}, tokens from {@code /token} for Basic credentials)
 * or plain Basic auth. Like Docker Hub, an anonymous token request succeeds and the token then lacks the scope. The
 * config blob is served by a redirect to "storage" on another host name (localhost instead of 127.0.0.1), as
 * registries backed by object storage do. The image's {@code served-to} label names the user the manifest was served
 * to. Every token request and every request's user is recorded. A user in {@link #denied} signs in fine but may not
 * pull: the registry answers 403 {@code DENIED}, as GHCR, Harbor and Docker Hub do for a repository the account
 * cannot read.
 */
final class StandInAuthRegistry implements AutoCloseable {
    enum Mode { BEARER, BASIC }

    private static final String CONFIG = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Labels\":{\"served-to\":\"%s\"}}}";

    private final HttpServer server;
    private final Mode mode;
    private final Map<String, String> passwords;
    private final Map<String, String> tokenUsers = new ConcurrentHashMap<>();
    private final AtomicInteger tokenCount = new AtomicInteger();
    /** The user name of each token request ("anonymous" without credentials). */
    final List<String> tokenRequests = new CopyOnWriteArrayList<>();
    /** "path user" of each registry request that was let through. */
    final List<String> served = new CopyOnWriteArrayList<>();
    /** Whether the storage request carried an Authorization header. */
    final List<Boolean> storageSawAuthorization = new CopyOnWriteArrayList<>();
    volatile long hangMillis;
    /** Users whose credentials are right but who have no pull access to the repository. */
    final Set<String> denied = ConcurrentHashMap.newKeySet();

    StandInAuthRegistry(Mode mode, Map<String, String> passwords) throws IOException {
        this.mode = mode;
        this.passwords = passwords;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/token", this::token);
        server.createContext("/v2/", this::registry);
        server.createContext("/storage/", this::storage);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private void token(HttpExchange exchange) throws IOException {
        String user = basicUser(exchange);
        if (user == null && exchange.getRequestHeaders().containsKey("Authorization")) {
            tokenRequests.add("refused");
            reply(exchange, 401, "{\"details\":\"incorrect username or password\"}");
            return;
        }
        String name = user == null ? "anonymous" : user;
        tokenRequests.add(name);
        String token = "tok-" + name + "-" + tokenCount.incrementAndGet();
        tokenUsers.put(token, name);
        reply(exchange, 200, "{\"token\":\"" + token + "\",\"expires_in\":300}");
    }

    private void registry(HttpExchange exchange) throws IOException {
        if (hangMillis > 0) {
            try {
                Thread.sleep(hangMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String user = mode == Mode.BASIC ? basicUser(exchange) : bearerUser(exchange);
        String path = exchange.getRequestURI().getPath();
        if (user == null || user.equals("anonymous")) {
            exchange.getResponseHeaders().add("WWW-Authenticate", mode == Mode.BASIC
                    ? "Basic realm=\"stand-in\""
                    : "Bearer realm=\"http://" + host() + "/token\",service=\"stand-in\",scope=\"repository:private/model:pull\"");
            reply(exchange, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}");
            return;
        }
        if (denied.contains(user)) {
            reply(exchange, 403, "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"requested access to the resource "
                    + "is denied\"}]}");
            return;
        }
        served.add(path + " " + user);
        if (path.equals("/v2/private/model/manifests/1")) {
            exchange.getResponseHeaders().add("Content-Type", HttpRegistryClient.OCI_MANIFEST);
            reply(exchange, 200, "{\"schemaVersion\":2,\"mediaType\":\"" + HttpRegistryClient.OCI_MANIFEST
                    + "\",\"config\":{\"digest\":\"sha256:" + user + "\"},\"layers\":[]}");
        } else if (path.startsWith("/v2/private/model/blobs/sha256:")) {
            String servedTo = path.substring(path.indexOf(':') + 1);
            exchange.getResponseHeaders().add("Location", "http://localhost:" + server.getAddress().getPort()
                    + "/storage/" + servedTo);
            reply(exchange, 307, "");
        } else {
            reply(exchange, 404, "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]}");
        }
    }

    private void storage(HttpExchange exchange) throws IOException {
        storageSawAuthorization.add(exchange.getRequestHeaders().containsKey("Authorization"));
        String servedTo = exchange.getRequestURI().getPath().substring("/storage/".length());
        reply(exchange, 200, String.format(CONFIG, servedTo));
    }

    private String basicUser(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("Basic ")) {
            return null;
        }
        String decoded = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        String user = decoded.substring(0, colon);
        return decoded.substring(colon + 1).equals(passwords.get(user)) ? user : null;
    }

    private String bearerUser(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        return header == null || !header.startsWith("Bearer ") ? null : tokenUsers.get(header.substring(7));
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
