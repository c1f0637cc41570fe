package dev.aimengine.operator.modelsource;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.aimengine.operator.api.v1alpha1.AIMClusterModelSourceSpec;
import dev.aimengine.operator.registry.ImageConfig;
import dev.aimengine.operator.registry.ImageName;
import dev.aimengine.operator.registry.RegistryClient;
import dev.aimengine.operator.registry.RegistryCredentials;
import dev.aimengine.operator.registry.RegistryException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Wildcard filters on Docker Hub list a namespace through Docker Hub's own API (the registry API has no catalog
 * there). The API is played by a JDK HTTP server that answers like {@code hub.docker.com}:
 * {@code GET /v2/namespaces/<ns>/repositories?page=<n>&page_size=<k>} gives
 * {@code {"count", "next", "previous", "results": [{"name", "namespace", ...}]}} with absolute {@code next}/
 * {@code previous} URLs (null at the ends), at most 100 entries a page whatever is asked, and for an unknown namespace
 * a 404 with a {@code message}.
 */
class RegistryListingDockerHubTest {
    /** Docker Hub never serves more than this many repositories per page. */
    static final int HUB_MAX_PAGE = 100;

    HttpServer hub;
    /** The repositories of each namespace the stand-in knows, in Docker Hub's order. */
    final Map<String, List<String>> namespaces = new HashMap<>();
    /** The request URIs the stand-in received (path and query). */
    final List<String> requests = new CopyOnWriteArrayList<>();
    /** When set, every request is answered with this status and a Docker Hub error body. */
    volatile int failWith;
    /** When set, requests are held this long before an answer. */
    volatile long hangMillis;

    RegistryListing listing;
    /** The tags the registry stand-in has per Docker Hub repository. */
    final Map<String, List<String>> tags = new HashMap<>();

    @BeforeEach
    void start() throws IOException {
        hub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hub.createContext("/v2/namespaces/", this::serve);
        hub.setExecutor(Executors.newCachedThreadPool());
        hub.start();
        listing = new RegistryListing();
        listing.dockerHubApi = "http://127.0.0.1:" + hub.getAddress().getPort();
        listing.timeout = Duration.ofSeconds(2);
        listing.registry = new TagsOnly();
    }

    @AfterEach
    void stop() {
        hub.stop(0);
    }

    private void serve(HttpExchange exchange) throws IOException {
        requests.add(exchange.getRequestURI().toString());
        if (hangMillis > 0) {
            try {
                Thread.sleep(hangMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failWith != 0) {
            reply(exchange, failWith, "{\"message\":\"httperror " + failWith + ": too many requests\",\"errinfo\":{}}");
            return;
        }
        // /v2/namespaces/<ns>/repositories
        String[] path = exchange.getRequestURI().getPath().split("/");
        if (path.length != 5 || !path[4].equals("repositories") || !namespaces.containsKey(path[3])) {
            reply(exchange, 404, "{\"message\":\"object not found\",\"errinfo\":{}}");
            return;
        }
        String namespace = path[3];
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        int page = Integer.parseInt(query.getOrDefault("page", "1"));
        int size = Math.min(HUB_MAX_PAGE, Integer.parseInt(query.getOrDefault("page_size", "10")));
        List<String> all = namespaces.get(namespace);
        int from = Math.min(all.size(), (page - 1) * size);
        int to = Math.min(all.size(), from + size);
        String base = "http://127.0.0.1:" + hub.getAddress().getPort() + "/v2/namespaces/" + namespace
                + "/repositories?page=%d&page_size=" + size;
        String next = to < all.size() ? "\"" + base.formatted(page + 1) + "\"" : "null";
        String previous = page > 1 ? "\"" + base.formatted(page - 1) + "\"" : "null";
        StringBuilder results = new StringBuilder();
        for (String name : all.subList(from, to)) {
            results.append(results.isEmpty() ? "" : ",").append("{\"name\":\"").append(name)
                    .append("\",\"namespace\":\"").append(namespace)
                    .append("\",\"repository_type\":\"image\",\"status\":1,\"is_private\":false,\"star_count\":0,"
                            + "\"pull_count\":42,\"last_updated\":\"2025-01-01T00:00:00.000000Z\"}");
        }
        reply(exchange, 200, "{\"count\":" + all.size() + ",\"next\":" + next + ",\"previous\":" + previous
                + ",\"results\":[" + results + "]}");
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return params;
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** The registry side: tags of Docker Hub repositories from {@link #tags}, nothing else. */
    private final class TagsOnly implements RegistryClient {
        @Override
        public ImageConfig inspect(ImageName image, RegistryCredentials credentials) {
            throw new UnsupportedOperationException("listing never reads an image");
        }

        @Override
        public List<String> listTags(String registry, String repository, RegistryCredentials credentials)
                throws RegistryException {
            assertEquals(ImageName.DOCKER_HUB, registry, "Docker Hub tags come from Docker Hub's registry");
            List<String> t = tags.get(repository);
            if (t == null) {
                throw new RegistryException(RegistryException.Kind.NOT_FOUND, repository + ": not found");
            }
            return t;
        }

        @Override
        public List<String> listRepositories(String registry, RegistryCredentials credentials) {
            throw new UnsupportedOperationException("Docker Hub has no catalog; the hub API is asked instead");
        }
    }

    private static AIMClusterModelSourceSpec.Filter filter(String image) {
        AIMClusterModelSourceSpec.Filter f = new AIMClusterModelSourceSpec.Filter();
        f.image = image;
        return f;
    }

    /** More repositories than one page of Docker Hub holds: aim-000 … aim-129 and a few that are no AIM images. */
    private List<String> bigNamespace() {
        List<String> names = new ArrayList<>(IntStream.range(0, 130).mapToObj(i -> "aim-%03d".formatted(i)).toList());
        names.add(60, "tools");
        names.add("website");
        namespaces.put("amdenterpriseai", names);
        return names;
    }

    @Test
    void aNamespaceIsListedAcrossAllItsPages() throws Exception {
        List<String> names = bigNamespace();

        List<String> listed = listing.dockerHubRepositories("amdenterpriseai/aim-*");

        assertEquals(names.stream().map(n -> "amdenterpriseai/" + n).toList(), listed);
        assertEquals(2, requests.size(), "132 repositories are two pages of at most 100: " + requests);
        assertTrue(requests.get(0).startsWith("/v2/namespaces/amdenterpriseai/repositories?"), requests.get(0));
        assertTrue(requests.get(1).contains("page=2"), "the second page is the one the first named: " + requests);
    }

    @Test
    void aWildcardFilterFindsTheMatchingRepositoriesOfEveryPageWithTheirTags() {
        List<String> names = bigNamespace();
        names.forEach(n -> tags.put("amdenterpriseai/" + n, List.of("0.8.4", "0.7.0", "latest")));
        AIMClusterModelSourceSpec spec = new AIMClusterModelSourceSpec();
        spec.versions = List.of(">=0.8.0");
        AIMClusterModelSourceSpec.Filter f = filter("amdenterpriseai/aim-*");
        f.exclude = List.of("amdenterpriseai/aim-007");

        FilterResult result = listing.find(spec, f, RegistryCredentials.anonymous());

        assertNull(result.error());
        List<String> uris = result.images().stream().map(SourceImage::uri).toList();
        assertEquals(129, uris.size(), "130 aim-* repositories, one excluded, one tag each satisfying >=0.8.0");
        assertTrue(uris.contains("amdenterpriseai/aim-000:0.8.4"), "first page");
        assertTrue(uris.contains("amdenterpriseai/aim-129:0.8.4"), "second page");
        assertTrue(uris.stream().noneMatch(u -> u.contains("aim-007") || u.contains("tools")
                || u.contains("website") || u.endsWith(":0.7.0") || u.endsWith(":latest")), String.valueOf(uris));
        assertTrue(result.images().stream().allMatch(i -> i.registry().equals(ImageFilter.DOCKER_HUB)));
    }

    @Test
    void anUnknownNamespaceIsTheFiltersFailure() {
        bigNamespace();

        FilterResult result = listing.find(new AIMClusterModelSourceSpec(), filter("nobody-here/aim-*"),
                RegistryCredentials.anonymous());

        assertEquals(List.of(), result.images());
        assertNotNull(result.error());
        assertTrue(result.error().contains("nobody-here") && result.error().contains("no namespace"), result.error());
        RegistryException e = assertThrows(RegistryException.class,
                () -> listing.dockerHubRepositories("nobody-here/aim-*"));
        assertEquals(RegistryException.Kind.NOT_FOUND, e.kind());
    }

    @Test
    void anErrorStatusOfDockerHubIsTheFiltersFailureWithTheStatus() {
        bigNamespace();
        failWith = 429;

        FilterResult result = listing.find(new AIMClusterModelSourceSpec(), filter("amdenterpriseai/aim-*"),
                RegistryCredentials.anonymous());

        assertEquals(List.of(), result.images(), "nothing half-listed is reported as found");
        assertNotNull(result.error());
        assertTrue(result.error().contains("amdenterpriseai") && result.error().contains("HTTP 429"), result.error());
    }

    @Test
    void aFailureOnTheSecondPageFailsTheWholeListing() {
        bigNamespace();
        // the first page is served, then Docker Hub starts failing
        hub.removeContext("/v2/namespaces/");
        hub.createContext("/v2/namespaces/", exchange -> {
            if (exchange.getRequestURI().getQuery().contains("page=2")) {
                requests.add(exchange.getRequestURI().toString());
                reply(exchange, 503, "{\"message\":\"service unavailable\"}");
            } else {
                serve(exchange);
            }
        });

        FilterResult result = listing.find(new AIMClusterModelSourceSpec(), filter("amdenterpriseai/aim-*"),
                RegistryCredentials.anonymous());

        assertEquals(2, requests.size(), String.valueOf(requests));
        assertEquals(List.of(), result.images(), "a partial namespace is not reported as the namespace");
        assertTrue(result.error().contains("HTTP 503"), result.error());
    }

    @Test
    void aDockerHubThatNeverAnswersFailsWithinTheDeadline() {
        bigNamespace();
        hangMillis = 10_000;
        long start = System.nanoTime();

        FilterResult result = listing.find(new AIMClusterModelSourceSpec(), filter("amdenterpriseai/aim-*"),
                RegistryCredentials.anonymous());

        assertNotNull(result.error());
        assertTrue(result.error().contains("amdenterpriseai"), result.error());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 8, "gave up after the 2 s deadline");
    }

    @Test
    void aWildcardWithoutANamespaceIsRefusedWithoutAskingDockerHub() {
        FilterResult result = listing.find(new AIMClusterModelSourceSpec(), filter("*/aim-*"),
                RegistryCredentials.anonymous());

        assertTrue(result.error().contains("needs a namespace"), result.error());
        assertEquals(List.of(), requests);
    }
}
