package dev.aimengine.operator.modelsource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aimengine.operator.api.v1alpha1.AIMClusterModelSourceSpec;
import dev.aimengine.operator.registry.ImageName;
import dev.aimengine.operator.registry.RegistryClient;
import dev.aimengine.operator.registry.RegistryCredentials;
import dev.aimengine.operator.registry.RegistryException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the images one filter asks for:
 * <ul>
 * <li>a filter with a tag and no wildcard names one image: nothing is asked;</li>
 * <li>a repository without wildcard: its tags ({@code /v2/<repo>/tags/list});</li>
 * <li>a wildcard on Docker Hub: the namespace's repositories from Docker Hub's own API
 * ({@code hub.docker.com/v2/namespaces/<ns>/repositories}; the registry API has no catalog there), then each
 * matching repository's tags;</li>
 * <li>a wildcard on GHCR: GHCR's registry catalog is not open, so the organisation's container packages come from
 * the GitHub API ({@code api.github.com/orgs/<org>/packages?package_type=container}) with the token of the source's
 * pull secret for {@code ghcr.io} (a GitHub token that may read packages), then each matching package's tags;</li>
 * <li>a wildcard on any other registry: its catalog ({@code /v2/_catalog}), then each matching repository's tags.</li>
 * </ul>
 * A repository whose tags cannot be listed is skipped during a wildcard search (on GHCR, where packages the token may
 * not read are common, the filter fails with the first such error when nothing at all was found); any other failure
 * is the filter's.
 */
@ApplicationScoped
public class RegistryListing {
    static final String GHCR = "ghcr.io";
    static final int GITHUB_PAGE = 100;
    private final ObjectMapper json = new ObjectMapper();

    @Inject
    RegistryClient registry;
    @ConfigProperty(name = "aim.registry.docker-hub-api", defaultValue = "https://hub.docker.com")
    String dockerHubApi;
    @ConfigProperty(name = "aim.registry.github-api", defaultValue = "https://api.github.com")
    String gitHubApi;
    private volatile HttpClient http;
    @ConfigProperty(name = "aim.registry.timeout", defaultValue = "20s")
    Duration timeout;

    public FilterResult find(AIMClusterModelSourceSpec spec, AIMClusterModelSourceSpec.Filter raw,
            RegistryCredentials credentials) {
        ImageFilter filter = ImageFilter.parse(raw);
        String registryName = filter.effectiveRegistry(spec.registry);
        String host = ImageFilter.DOCKER_HUB.equals(registryName) ? ImageName.DOCKER_HUB : registryName;
        List<String> versions = spec.versions == null ? List.of() : spec.versions;
        try {
            if (!filter.wildcard() && filter.tag() != null) {
                return FilterResult.ok(raw.image, filter.matches(filter.repository(), filter.tag(), versions)
                        ? List.of(new SourceImage(registryName, filter.repository(), filter.tag())) : List.of());
            }
            if (!filter.wildcard()) {
                return FilterResult.ok(raw.image, matching(filter, registryName, filter.repository(),
                        registry.listTags(host, filter.repository(), credentials), versions));
            }
            List<String> repositories;
            boolean ghcr = registryName.equalsIgnoreCase(GHCR);
            if (ImageFilter.DOCKER_HUB.equals(registryName)) {
                repositories = dockerHubRepositories(filter.repository());
            } else if (ghcr) {
                repositories = gitHubPackages(filter.repository(), credentials);
            } else {
                repositories = registry.listRepositories(host, credentials);
            }
            List<SourceImage> images = new ArrayList<>();
            RegistryException firstSkipped = null;
            for (String repository : repositories) {
                if (!ImageFilter.glob(filter.repository(), repository) || filter.exclude().contains(repository)) {
                    continue;
                }
                try {
                    images.addAll(matching(filter, registryName, repository,
                            registry.listTags(host, repository, credentials), versions));
                } catch (RegistryException e) {
                    // a repository whose tags cannot be read is skipped, as AIM Engine does
                    firstSkipped = firstSkipped == null ? e : firstSkipped;
                }
            }
            if (ghcr && images.isEmpty() && firstSkipped != null) {
                return FilterResult.failed(raw.image, firstSkipped.getMessage());
            }
            return FilterResult.ok(raw.image, images);
        } catch (RegistryException e) {
            return FilterResult.failed(raw.image, e.getMessage());
        }
    }

    private static List<SourceImage> matching(ImageFilter filter, String registryName, String repository,
            List<String> tags, List<String> versions) {
        return tags.stream().filter(t -> filter.matches(repository, t, versions))
                .map(t -> new SourceImage(registryName, repository, t)).toList();
    }

    /**
     * The container packages of the pattern's GitHub organisation (its first segment, without a trailing {@code *}),
     * as {@code <org>/<package>}, read with the {@code ghcr.io} pull secret's password as a GitHub token; pages of 100
     * until a shorter one.
     */
    List<String> gitHubPackages(String pattern, RegistryCredentials credentials) throws RegistryException {
        String org = namespace(pattern, "ghcr.io/<org>/aim-*");
        if (org.contains(".")) {
            throw new RegistryException(RegistryException.Kind.INVALID_RESPONSE, "filter \"" + pattern
                    + "\": \"" + org + "\" is not a GitHub organisation");
        }
        String token = credentials.forRegistry(GHCR).map(RegistryCredentials.Auth::password)
                .filter(t -> !t.isBlank()).orElseThrow(() -> new RegistryException(RegistryException.Kind.UNAUTHORIZED,
                        "no ghcr.io credentials found in the source's imagePullSecrets: a wildcard on ghcr.io lists "
                                + org + "'s packages through the GitHub API, which needs a token that may read "
                                + "packages (the pull secret's password)"));
        List<String> names = new ArrayList<>();
        for (int page = 1; page <= 100; page++) {
            JsonNode body = getJson(gitHubApi + "/orgs/" + org + "/packages?package_type=container&per_page="
                    + GITHUB_PAGE + "&page=" + page, "the GitHub packages of " + org,
                    "GitHub has no organisation " + org + " that this token may see (HTTP 404)",
                    "Authorization", "Bearer " + token, "Accept", "application/vnd.github+json",
                    "X-GitHub-Api-Version", "2022-11-28");
            body.forEach(p -> names.add(org + "/" + p.path("name").asText()));
            if (body.size() < GITHUB_PAGE) {
                break;
            }
        }
        return names;
    }

    private static String namespace(String pattern, String example) throws RegistryException {
        int slash = pattern.indexOf('/');
        String namespace = (slash < 0 ? pattern : pattern.substring(0, slash)).replaceAll("\\*+$", "");
        if (namespace.isEmpty() || namespace.contains("*")) {
            throw new RegistryException(RegistryException.Kind.INVALID_RESPONSE, "filter \"" + pattern
                    + "\": a wildcard needs a namespace, a fixed first segment (e.g. " + example + ")");
        }
        return namespace;
    }

    /** GETs a JSON document with this listing's deadline; statuses map to the registry client's failure kinds. */
    private JsonNode getJson(String url, String what, String notFound, String... headers) throws RegistryException {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
        }
        HttpResponse<byte[]> response;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                    .header("Accept", "application/json");
            if (headers.length > 0) {
                request.headers(headers);
            }
            response = http.send(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new RegistryException(RegistryException.Kind.UNREACHABLE, what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(RegistryException.Kind.UNREACHABLE, "interrupted", e);
        }
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw new RegistryException(RegistryException.Kind.UNAUTHORIZED, what + ": HTTP " + status
                    + " (the token may not read them)");
        }
        if (status == 404) {
            throw new RegistryException(RegistryException.Kind.NOT_FOUND, notFound);
        }
        if (status != 200) {
            throw new RegistryException(RegistryException.Kind.INVALID_RESPONSE, what + ": HTTP " + status);
        }
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new RegistryException(RegistryException.Kind.INVALID_RESPONSE, what + ": no JSON", e);
        }
    }

    /** Docker Hub's repositories of the pattern's namespace (its first segment, without a trailing {@code *}). */
    List<String> dockerHubRepositories(String pattern) throws RegistryException {
        String namespace = namespace(pattern, "amdenterpriseai/aim-*");
        List<String> names = new ArrayList<>();
        String next = dockerHubApi + "/v2/namespaces/" + namespace + "/repositories?page_size=100";
        for (int page = 0; next != null && page < 100; page++) {
            JsonNode body = getJson(next, "Docker Hub repositories of " + namespace,
                    "Docker Hub has no namespace " + namespace);
            body.path("results").forEach(r -> names.add(namespace + "/" + r.path("name").asText()));
            next = body.path("next").isTextual() && !body.path("next").asText().isEmpty()
                    ? body.path("next").asText() : null;
        }
        return names;
    }
}
