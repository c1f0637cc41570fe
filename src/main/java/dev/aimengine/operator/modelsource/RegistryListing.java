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
 * <li>a wildcard on any other registry: its catalog ({@code /v2/_catalog}), then each matching repository's tags.
 * GHCR's catalog is not open; a wildcard on {@code ghcr.io} is reported as not supported.</li>
 * </ul>
 * A repository whose tags cannot be listed is skipped during a wildcard search; any other failure is the filter's.
 */
@ApplicationScoped
public class RegistryListing {
    private final ObjectMapper json = new ObjectMapper();

    @Inject
    RegistryClient registry;
    @ConfigProperty(name = "aim.registry.docker-hub-api", defaultValue = "https://hub.docker.com")
    String dockerHubApi;
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
            if (ImageFilter.DOCKER_HUB.equals(registryName)) {
                repositories = dockerHubRepositories(filter.repository());
            } else if (registryName.equalsIgnoreCase("ghcr.io")) {
                return FilterResult.failed(raw.image, "wildcard filters on ghcr.io are not supported: GHCR has no "
                        + "open catalog; name each repository (ghcr.io/<org>/<repo>)");
            } else {
                repositories = registry.listRepositories(host, credentials);
            }
            List<SourceImage> images = new ArrayList<>();
            for (String repository : repositories) {
                if (!ImageFilter.glob(filter.repository(), repository) || filter.exclude().contains(repository)) {
                    continue;
                }
                try {
                    images.addAll(matching(filter, registryName, repository,
                            registry.listTags(host, repository, credentials), versions));
                } catch (RegistryException e) {
                    // a repository whose tags cannot be read is skipped, as AIM Engine does
                }
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

    /** Docker Hub's repositories of the pattern's namespace (its first segment, without a trailing {@code *}). */
    List<String> dockerHubRepositories(String pattern) throws RegistryException {
        int slash = pattern.indexOf('/');
        String namespace = (slash < 0 ? pattern : pattern.substring(0, slash)).replaceAll("\\*+$", "");
        if (namespace.isEmpty() || namespace.contains("*")) {
            throw new RegistryException(RegistryException.Kind.INVALID_RESPONSE, "filter \"" + pattern
                    + "\": a Docker Hub wildcard needs a namespace (e.g. amdenterpriseai/aim-*)");
        }
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
        }
        List<String> names = new ArrayList<>();
        String next = dockerHubApi + "/v2/namespaces/" + namespace + "/repositories?page_size=100";
        for (int page = 0; next != null && page < 100; page++) {
            HttpResponse<byte[]> response;
            try {
                response = http.send(HttpRequest.newBuilder(URI.create(next)).timeout(timeout)
                        .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                throw new RegistryException(RegistryException.Kind.UNREACHABLE, "Docker Hub repositories of "
                        + namespace + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryException(RegistryException.Kind.UNREACHABLE, "interrupted", e);
            }
            if (response.statusCode() == 404) {
                throw new RegistryException(RegistryException.Kind.NOT_FOUND, "Docker Hub has no namespace "
                        + namespace);
            }
            if (response.statusCode() != 200) {
                throw new RegistryException(RegistryException.Kind.INVALID_RESPONSE, "Docker Hub repositories of "
                        + namespace + ": HTTP " + response.statusCode());
            }
            JsonNode body;
            try {
                body = json.readTree(response.body());
            } catch (IOException e) {
                throw new RegistryException(RegistryException.Kind.INVALID_RESPONSE, "Docker Hub repositories of "
                        + namespace + ": no JSON", e);
            }
            body.path("results").forEach(r -> names.add(namespace + "/" + r.path("name").asText()));
            next = body.path("next").isTextual() && !body.path("next").asText().isEmpty()
                    ? body.path("next").asText() : null;
        }
        return names;
    }
}
