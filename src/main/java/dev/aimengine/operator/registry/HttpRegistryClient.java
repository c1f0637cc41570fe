package dev.aimengine.operator.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aimengine.operator.registry.RegistryCredentials.Auth;
import dev.aimengine.operator.registry.RegistryException.Kind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The registry v2 API over the JDK's HTTP client: manifests (an OCI index or Docker manifest list resolved to its
 * {@code linux/amd64} entry), config blobs, {@code tags/list} and {@code _catalog} with {@code Link} pagination.
 *
 * <p>Authentication follows the registry's challenge. A request goes out with the token this client already holds for
 * the same registry, scope and credentials (or none); on {@code 401} with {@code WWW-Authenticate: Bearer} a token is
 * fetched from the realm (with Basic credentials when the model has some, anonymously otherwise) and the request is
 * sent once more; on a {@code Basic} challenge the credentials are sent directly. Tokens are cached by registry,
 * scope and credentials, so two models with different pull secrets never share one.
 *
 * <p>Every call has a deadline ({@code aim.registry.timeout}, 20 s by default): a registry that accepts connections
 * but never answers makes the call fail as {@link Kind#UNREACHABLE}, never blocks a reconcile thread for long.
 * Redirects (blob storage behind a CDN) are followed without the registry's {@code Authorization} header.
 */
@ApplicationScoped
public class HttpRegistryClient implements RegistryClient {

    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    private static final String MANIFEST_ACCEPT = String.join(", ", OCI_INDEX, DOCKER_LIST, OCI_MANIFEST,
            DOCKER_MANIFEST);
    private static final int MAX_REDIRECTS = 5;
    private static final int MAX_PAGES = 1000;
    /** Tokens without {@code expires_in} live 60 s, as the token specification says. */
    private static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofSeconds(60);

    private final ObjectMapper json = new ObjectMapper();
    private final Map<TokenKey, Token> tokens = new ConcurrentHashMap<>();
    private final Duration timeout;
    private final Clock clock;
    private final HttpClient http;
    /** Entries asked for per page of {@code tags/list} and {@code _catalog}; registries may return fewer. */
    int pageSize = 1000;

    private record TokenKey(String registry, String scope, Optional<Auth> auth) {
    }

    private record Token(String value, Instant expires) {
    }

    /** The credentials a request carries: a token for one scope, Basic credentials, or nothing yet. */
    private record Authorization(String header) {
    }

    @Inject
    public HttpRegistryClient(@ConfigProperty(name = "aim.registry.timeout", defaultValue = "20s") Duration timeout,
            Clock clock) {
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public ImageConfig inspect(ImageName image, RegistryCredentials credentials) throws RegistryException {
        String scope = "repository:" + image.repository() + ":pull";
        Session session = new Session(image.registry(), scope, credentials.forRegistry(image.registry()));
        HttpResponse<byte[]> top = session.get("/v2/" + image.repository() + "/manifests/" + image.reference(),
                MANIFEST_ACCEPT, what(image));
        String digest = top.headers().firstValue("Docker-Content-Digest").orElseGet(() -> sha256(top.body()));
        JsonNode manifest = parse(top.body(), what(image));
        String mediaType = mediaType(top, manifest);
        if (OCI_INDEX.equals(mediaType) || DOCKER_LIST.equals(mediaType)) {
            String platformDigest = amd64(manifest, image);
            HttpResponse<byte[]> platform = session.get("/v2/" + image.repository() + "/manifests/" + platformDigest,
                    MANIFEST_ACCEPT, what(image) + " (linux/amd64)");
            manifest = parse(platform.body(), what(image));
        }
        String configDigest = manifest.path("config").path("digest").asText("");
        if (configDigest.isEmpty()) {
            throw new RegistryException(Kind.INVALID_RESPONSE, what(image) + ": the manifest names no config blob");
        }
        HttpResponse<byte[]> blob = session.get("/v2/" + image.repository() + "/blobs/" + configDigest,
                "application/json, */*", what(image) + " config " + configDigest);
        JsonNode config = parse(blob.body(), what(image) + " config");
        JsonNode labels = config.path("config").path("Labels");
        Map<String, String> result = new java.util.LinkedHashMap<>();
        labels.fields().forEachRemaining(e -> result.put(e.getKey(), e.getValue().asText()));
        return new ImageConfig(digest, result);
    }

    @Override
    public List<String> listTags(String registry, String repository, RegistryCredentials credentials)
            throws RegistryException {
        Session session = new Session(registry, "repository:" + repository + ":pull",
                credentials.forRegistry(registry));
        return paginate(session, "/v2/" + repository + "/tags/list?n=" + pageSize, "tags",
                "tags of " + registry + "/" + repository);
    }

    @Override
    public List<String> listRepositories(String registry, RegistryCredentials credentials) throws RegistryException {
        Session session = new Session(registry, "registry:catalog:*", credentials.forRegistry(registry));
        return paginate(session, "/v2/_catalog?n=" + pageSize, "repositories", "catalog of " + registry);
    }

    /** Drops every cached token (for tests, and after a credentials rotation an operator wants to force). */
    public void forgetTokens() {
        tokens.clear();
    }

    private List<String> paginate(Session session, String first, String field, String what)
            throws RegistryException {
        List<String> all = new ArrayList<>();
        String next = first;
        for (int page = 0; next != null && page < MAX_PAGES; page++) {
            HttpResponse<byte[]> response = session.get(next, "application/json", what);
            JsonNode body = parse(response.body(), what);
            body.path(field).forEach(n -> all.add(n.asText()));
            next = response.headers().firstValue("Link").map(HttpRegistryClient::nextLink).orElse(null);
        }
        return all;
    }

    /** {@code </v2/repo/tags/list?n=100&last=x>; rel="next"} → the path and query. */
    static String nextLink(String link) {
        int open = link.indexOf('<');
        int close = link.indexOf('>', open + 1);
        if (open < 0 || close < 0 || !link.substring(close).contains("rel=\"next\"")) {
            return null;
        }
        String target = link.substring(open + 1, close);
        if (target.startsWith("http://") || target.startsWith("https://")) {
            URI uri = URI.create(target);
            return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        }
        return target;
    }

    private static String what(ImageName image) {
        return "image " + image;
    }

    private static String mediaType(HttpResponse<byte[]> response, JsonNode manifest) {
        String declared = manifest.path("mediaType").asText("");
        if (!declared.isEmpty()) {
            return declared;
        }
        String header = response.headers().firstValue("Content-Type").orElse("");
        int semicolon = header.indexOf(';');
        header = (semicolon < 0 ? header : header.substring(0, semicolon)).trim();
        if (!header.isEmpty()) {
            return header;
        }
        return manifest.has("manifests") ? OCI_INDEX : OCI_MANIFEST;
    }

    private static String amd64(JsonNode index, ImageName image) throws RegistryException {
        for (JsonNode entry : index.path("manifests")) {
            JsonNode platform = entry.path("platform");
            if ("linux".equals(platform.path("os").asText()) && "amd64".equals(platform.path("architecture").asText())
                    && entry.hasNonNull("digest")) {
                return entry.get("digest").asText();
            }
        }
        throw new RegistryException(Kind.INVALID_RESPONSE, what(image) + " has no linux/amd64 manifest");
    }

    private JsonNode parse(byte[] body, String what) throws RegistryException {
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw new RegistryException(Kind.INVALID_RESPONSE, what + ": the registry's answer is no JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new RegistryException(Kind.INVALID_RESPONSE, what + ": the registry's answer is no JSON: "
                    + e.getMessage(), e);
        }
    }

    static String sha256(byte[] body) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Plain HTTP for registries that go-containerregistry also reaches without TLS: {@code localhost}, loopback, the
     * private address ranges and {@code .local} names; HTTPS for everything else.
     */
    static String scheme(String registry) {
        String host = hostOf(registry);
        if (host.equals("localhost") || host.endsWith(".localhost") || host.endsWith(".local")
                || host.equals("::1") || host.startsWith("127.")) {
            return "http";
        }
        String[] parts = host.split("\\.");
        if (parts.length == 4 && host.matches("[0-9.]+")) {
            int a = Integer.parseInt(parts[0]);
            int b = Integer.parseInt(parts[1]);
            if (a == 10 || (a == 172 && b >= 16 && b <= 31) || (a == 192 && b == 168)) {
                return "http";
            }
        }
        return "https";
    }

    private static String hostOf(String registry) {
        if (registry.startsWith("[")) {
            int end = registry.indexOf(']');
            return end < 0 ? registry : registry.substring(1, end);
        }
        int colon = registry.lastIndexOf(':');
        return colon < 0 ? registry : registry.substring(0, colon);
    }

    /** Docker Hub's API lives on another host than its image names say. */
    static String apiHost(String registry) {
        return registry.equals(ImageName.DOCKER_HUB) || registry.equals("docker.io") ? "registry-1.docker.io"
                : registry;
    }

    /** The requests of one operation: one registry, one scope, one set of credentials. */
    private final class Session {
        private final String registry;
        private final String scope;
        private final Optional<Auth> auth;
        private final String base;

        Session(String registry, String scope, Optional<Auth> auth) {
            this.registry = registry;
            this.scope = scope;
            this.auth = auth;
            this.base = scheme(registry) + "://" + apiHost(registry);
        }

        HttpResponse<byte[]> get(String pathAndQuery, String accept, String what) throws RegistryException {
            TokenKey key = new TokenKey(registry, scope, auth);
            Token cached = tokens.get(key);
            Authorization authorization = cached != null && cached.expires().isAfter(clock.instant())
                    ? new Authorization("Bearer " + cached.value())
                    : null;
            HttpResponse<byte[]> response = send(URI.create(base + pathAndQuery), accept, authorization, what);
            if (response.statusCode() == 401) {
                Challenge challenge = Challenge.parse(response.headers().firstValue("WWW-Authenticate").orElse(""));
                Authorization retry = switch (challenge.scheme()) {
                    case "bearer" -> new Authorization("Bearer " + token(key, challenge, what));
                    case "basic" -> auth.map(a -> new Authorization(basic(a))).orElseThrow(() -> refused(what,
                            "the registry asks for credentials and none are given"));
                    default -> throw refused(what, "the registry answered 401 without a usable challenge");
                };
                response = send(URI.create(base + pathAndQuery), accept, retry, what);
            }
            return check(response, what);
        }

        private String token(TokenKey key, Challenge challenge, String what) throws RegistryException {
            String realm = challenge.params().get("realm");
            if (realm == null || realm.isBlank()) {
                throw new RegistryException(Kind.INVALID_RESPONSE, what + ": the Bearer challenge names no realm");
            }
            StringBuilder url = new StringBuilder(realm).append(realm.contains("?") ? '&' : '?');
            Function<String, String> enc = s -> URLEncoder.encode(s, StandardCharsets.UTF_8);
            String service = challenge.params().get("service");
            if (service != null) {
                url.append("service=").append(enc.apply(service)).append('&');
            }
            url.append("scope=").append(enc.apply(challenge.params().getOrDefault("scope", scope)));
            HttpResponse<byte[]> response = send(URI.create(url.toString()), "application/json",
                    auth.map(a -> new Authorization(basic(a))).orElse(null), what + " (token)");
            if (response.statusCode() == 401 || response.statusCode() == 403) {
                throw refused(what, "the token service refused the " + (auth.isPresent() ? "credentials" : "anonymous request")
                        + " (HTTP " + response.statusCode() + ")");
            }
            check(response, what + " (token)");
            JsonNode body = parse(response.body(), what + " (token)");
            String value = body.hasNonNull("token") ? body.get("token").asText() : body.path("access_token").asText("");
            if (value.isEmpty()) {
                throw new RegistryException(Kind.INVALID_RESPONSE, what + ": the token service returned no token");
            }
            long seconds = body.path("expires_in").asLong(0);
            Duration lifetime = seconds > 0 ? Duration.ofSeconds(seconds) : DEFAULT_TOKEN_LIFETIME;
            // renew a little before the registry would refuse it
            tokens.put(key, new Token(value, clock.instant().plus(lifetime).minusSeconds(Math.min(10, seconds / 2))));
            return value;
        }

        private HttpResponse<byte[]> send(URI uri, String accept, Authorization authorization, String what)
                throws RegistryException {
            URI target = uri;
            Authorization current = authorization;
            for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
                HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(timeout).GET()
                        .header("Accept", accept);
                if (current != null) {
                    request.header("Authorization", current.header());
                }
                HttpResponse<byte[]> response;
                try {
                    response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                } catch (HttpTimeoutException e) {
                    throw new RegistryException(Kind.UNREACHABLE, what + ": no answer from " + target.getHost()
                            + " within " + timeout.toSeconds() + " s", e);
                } catch (IOException e) {
                    throw new RegistryException(Kind.UNREACHABLE, what + ": cannot reach " + target.getHost() + ": "
                            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RegistryException(Kind.UNREACHABLE, what + ": interrupted", e);
                }
                int status = response.statusCode();
                Optional<String> location = response.headers().firstValue("Location");
                if ((status == 301 || status == 302 || status == 303 || status == 307 || status == 308)
                        && location.isPresent()) {
                    URI next = target.resolve(location.get());
                    if (!next.getHost().equalsIgnoreCase(target.getHost())) {
                        current = null;
                    }
                    target = next;
                    continue;
                }
                return response;
            }
            throw new RegistryException(Kind.INVALID_RESPONSE, what + ": more than " + MAX_REDIRECTS + " redirects");
        }

        private HttpResponse<byte[]> check(HttpResponse<byte[]> response, String what) throws RegistryException {
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return response;
            }
            String detail = " (HTTP " + status + errorCode(response) + ")";
            throw switch (status) {
                case 401, 403 -> refused(what, "access denied" + detail);
                case 404 -> new RegistryException(Kind.NOT_FOUND, what + ": not found" + detail);
                default -> new RegistryException(status >= 500 ? Kind.UNREACHABLE : Kind.INVALID_RESPONSE,
                        what + ": unexpected answer" + detail);
            };
        }

        private RegistryException refused(String what, String why) {
            return new RegistryException(Kind.UNAUTHORIZED, what + ": " + why);
        }
    }

    /** The first error code of a registry error body ({@code {"errors":[{"code":"MANIFEST_UNKNOWN",...}]}}), if any. */
    private String errorCode(HttpResponse<byte[]> response) {
        try {
            JsonNode body = json.readTree(response.body());
            String code = body == null ? "" : body.path("errors").path(0).path("code").asText("");
            return code.isEmpty() ? "" : ", " + code;
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String basic(Auth auth) {
        return "Basic " + Base64.getEncoder().encodeToString((auth.username() + ":" + auth.password())
                .getBytes(StandardCharsets.UTF_8));
    }
}
