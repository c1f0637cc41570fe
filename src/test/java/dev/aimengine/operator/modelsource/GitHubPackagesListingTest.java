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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A wildcard on ghcr.io: the organisation's container packages come from the GitHub API (a stand-in answering like
 * api.github.com: pages of at most {@code per_page} packages, 401 without a valid token, 404 for an unknown
 * organisation), read with the ghcr.io pull secret's password as the token; each matching package's tags come from
 * the registry.
 */
class GitHubPackagesListingTest {
    static final String TOKEN = "ghp_readpackages";

    HttpServer github;
    final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
    /** package name -> its tags on ghcr.io; a package with null tags cannot be read by the token. */
    final Map<String, List<String>> packages = new HashMap<>();
    RegistryListing listing;

    @BeforeEach
    void start() throws IOException {
        github = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        github.createContext("/orgs/", this::orgPackages);
        github.start();
        listing = new RegistryListing();
        listing.gitHubApi = "http://127.0.0.1:" + github.getAddress().getPort();
        listing.timeout = Duration.ofSeconds(5);
        listing.registry = new FakeGhcr();
    }

    @AfterEach
    void stop() {
        github.stop(0);
    }

    /** GET /orgs/{org}/packages?package_type=container&per_page=N&page=P, as GitHub answers it. */
    void orgPackages(HttpExchange x) throws IOException {
        Map<String, String> q = new HashMap<>();
        for (String kv : x.getRequestURI().getQuery().split("&")) {
            String[] p = kv.split("=", 2);
            q.put(p[0], p[1]);
        }
        Map<String, String> seen = new HashMap<>(q);
        seen.put("path", x.getRequestURI().getPath());
        seen.put("authorization", String.valueOf(x.getRequestHeaders().getFirst("Authorization")));
        seen.put("accept", String.valueOf(x.getRequestHeaders().get("Accept")));
        seen.put("version", String.valueOf(x.getRequestHeaders().getFirst("X-GitHub-Api-Version")));
        requests.add(seen);
        String org = x.getRequestURI().getPath().split("/")[2];
        if (!("Bearer " + TOKEN).equals(x.getRequestHeaders().getFirst("Authorization"))) {
            respond(x, 401, "{\"message\":\"Bad credentials\"}");
            return;
        }
        if (!org.equals("amd")) {
            respond(x, 404, "{\"message\":\"Not Found\"}");
            return;
        }
        int perPage = Integer.parseInt(q.getOrDefault("per_page", "30"));
        int page = Integer.parseInt(q.getOrDefault("page", "1"));
        List<String> names = packages.keySet().stream().sorted().toList();
        String body = names.stream().skip((long) (page - 1) * perPage).limit(perPage)
                .map(n -> "{\"id\":1,\"name\":\"" + n + "\",\"package_type\":\"container\"}")
                .collect(Collectors.joining(",", "[", "]"));
        respond(x, 200, body);
    }

    static void respond(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
        x.close();
    }

    /** ghcr.io's tag lists, from {@link #packages}. */
    class FakeGhcr implements RegistryClient {
        @Override
        public ImageConfig inspect(ImageName image, RegistryCredentials credentials) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> listTags(String registry, String repository, RegistryCredentials credentials)
                throws RegistryException {
            assertEquals("ghcr.io", registry);
            List<String> tags = packages.get(repository.substring(repository.indexOf('/') + 1));
            if (tags == null) {
                throw new RegistryException(RegistryException.Kind.UNAUTHORIZED, "ghcr.io/" + repository
                        + ": denied");
            }
            return tags;
        }

        @Override
        public List<String> listRepositories(String registry, RegistryCredentials credentials) {
            throw new AssertionError("GHCR has no open catalog: the GitHub API lists its packages");
        }
    }

    static AIMClusterModelSourceSpec spec(String image, String... versions) {
        AIMClusterModelSourceSpec spec = new AIMClusterModelSourceSpec();
        AIMClusterModelSourceSpec.Filter f = new AIMClusterModelSourceSpec.Filter();
        f.image = image;
        spec.filters = List.of(f);
        spec.versions = versions.length == 0 ? null : List.of(versions);
        return spec;
    }

    static RegistryCredentials ghcr(String password) {
        return new RegistryCredentials(Map.of("ghcr.io", new RegistryCredentials.Auth("bot", password)));
    }

    FilterResult find(AIMClusterModelSourceSpec spec, RegistryCredentials credentials) {
        return listing.find(spec, spec.filters.get(0), credentials);
    }

    @Test
    void aWildcardListsTheOrganisationsPackagesAcrossPagesThenTheirTags() {
        // 150 packages: two pages of 100 and 50; two of them match the pattern
        IntStream.range(0, 148).forEach(i -> packages.put(String.format("other-%03d", i), List.of("1.0.0")));
        packages.put("aim-llama", List.of("0.8.4", "0.8.5", "latest"));
        packages.put("aim-qwen", List.of("0.8.4"));

        FilterResult r = find(spec("ghcr.io/amd/aim-*", ">=0.8.5"), ghcr(TOKEN));

        assertNull(r.error());
        assertEquals(List.of("amd/aim-llama:0.8.5"),
                r.images().stream().map(i -> i.repository() + ":" + i.tag()).toList());
        assertEquals("ghcr.io", r.images().get(0).registry());
        assertEquals(2, requests.size(), "a full page asks for the next, a short one ends: " + requests);
        Map<String, String> first = requests.get(0);
        assertEquals("/orgs/amd/packages", first.get("path"));
        assertEquals("container", first.get("package_type"));
        assertEquals("100", first.get("per_page"));
        assertEquals("1", first.get("page"));
        assertEquals("2", requests.get(1).get("page"));
        assertEquals("Bearer " + TOKEN, first.get("authorization"));
        assertTrue(first.get("accept").contains("application/vnd.github+json"), first.get("accept"));
        assertEquals("2022-11-28", first.get("version"));
    }

    @Test
    void withoutGhcrCredentialsTheFilterFailsSayingWhatIsMissingAndAsksNothing() {
        packages.put("aim-llama", List.of("0.8.4"));
        FilterResult r = find(spec("ghcr.io/amd/aim-*"), RegistryCredentials.anonymous());
        assertTrue(r.images().isEmpty());
        assertNotNull(r.error());
        assertTrue(r.error().contains("no ghcr.io credentials"), r.error());
        assertTrue(requests.isEmpty(), "no anonymous call to the GitHub API");
    }

    @Test
    void aTokenGitHubRefusesAndAnUnknownOrganisationFailTheFilter() {
        packages.put("aim-llama", List.of("0.8.4"));
        FilterResult refused = find(spec("ghcr.io/amd/aim-*"), ghcr("expired"));
        assertTrue(refused.images().isEmpty());
        assertTrue(refused.error().contains("HTTP 401"), refused.error());

        FilterResult unknown = find(spec("ghcr.io/nobody/aim-*"), ghcr(TOKEN));
        assertTrue(unknown.error().contains("no organisation nobody"), unknown.error());
    }

    @Test
    void packagesTheTokenCannotReadAreSkippedUnlessNothingIsLeft() {
        packages.put("aim-llama", List.of("0.8.4"));
        packages.put("aim-private", null);
        FilterResult some = find(spec("ghcr.io/amd/aim-*"), ghcr(TOKEN));
        assertNull(some.error());
        assertEquals(List.of("amd/aim-llama"), some.images().stream().map(SourceImage::repository).toList());

        packages.remove("aim-llama");
        FilterResult none = find(spec("ghcr.io/amd/aim-*"), ghcr(TOKEN));
        assertTrue(none.images().isEmpty());
        assertTrue(none.error().contains("denied"), none.error());
    }

    @Test
    void anExactGhcrRepositoryStillUsesTheRegistrysTagList() {
        packages.put("aim-llama", List.of("0.8.4", "0.9.0"));
        FilterResult r = find(spec("ghcr.io/amd/aim-llama", "0.9.0"), RegistryCredentials.anonymous());
        assertNull(r.error());
        assertEquals(List.of("0.9.0"), new ArrayList<>(r.images().stream().map(SourceImage::tag).toList()));
        assertTrue(requests.isEmpty(), "no GitHub API call for a repository named in full");
    }
}
