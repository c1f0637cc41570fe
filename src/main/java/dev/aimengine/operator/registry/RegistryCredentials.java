package dev.aimengine.operator.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials per registry host, built from the image pull secrets a model or source names. Empty means anonymous.
 * Two instances with the same entries are equal, which is what token caches key on.
 */
public record RegistryCredentials(Map<String, Auth> byHost) {

    /** A user name and password (or identity token) for one registry. */
    public record Auth(String username, String password) {
        @Override
        public String toString() {
            return "Auth[" + username + ", ***]";
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public RegistryCredentials {
        byHost = byHost == null ? Map.of() : Map.copyOf(byHost);
    }

    public static RegistryCredentials anonymous() {
        return new RegistryCredentials(Map.of());
    }

    /** The credentials for a registry host; Docker Hub's aliases are treated as one host. */
    public Optional<Auth> forRegistry(String host) {
        return Optional.ofNullable(byHost.get(normalizeHost(host)));
    }

    /**
     * The credentials of image pull secrets, as the kubelet reads them: {@code kubernetes.io/dockerconfigjson}
     * ({@code .dockerconfigjson} with an {@code auths} map) and the legacy {@code kubernetes.io/dockercfg}
     * ({@code .dockercfg}, the map itself). Each entry is {@code auth} (base64 of {@code user:password}) or
     * {@code username}/{@code password}; an {@code identitytoken} is used as the password. Keys may be written as
     * URLs ({@code https://index.docker.io/v1/}); the first secret naming a host wins.
     *
     * @throws IllegalArgumentException naming the secret whose content cannot be read
     */
    public static RegistryCredentials fromSecrets(List<Secret> secrets) {
        Map<String, Auth> byHost = new LinkedHashMap<>();
        for (Secret secret : secrets) {
            Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
            String name = secret.getMetadata() == null ? "?" : secret.getMetadata().getName();
            JsonNode auths;
            if (data.containsKey(".dockerconfigjson")) {
                auths = read(data.get(".dockerconfigjson"), name).path("auths");
            } else if (data.containsKey(".dockercfg")) {
                auths = read(data.get(".dockercfg"), name);
            } else {
                throw new IllegalArgumentException("secret \"" + name
                        + "\" has neither .dockerconfigjson nor .dockercfg");
            }
            auths.fields().forEachRemaining(e -> {
                Auth auth = auth(e.getValue(), name, e.getKey());
                if (auth != null) {
                    byHost.putIfAbsent(normalizeHost(e.getKey()), auth);
                }
            });
        }
        return new RegistryCredentials(byHost);
    }

    private static JsonNode read(String base64, String secret) {
        try {
            JsonNode node = MAPPER.readTree(Base64.getDecoder().decode(base64.trim()));
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("secret \"" + secret + "\" holds no docker config object");
            }
            return node;
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("secret \"" + secret + "\" holds no readable docker config: "
                    + e.getMessage(), e);
        }
    }

    private static Auth auth(JsonNode entry, String secret, String host) {
        String user = entry.path("username").asText("");
        String password = entry.path("password").asText("");
        String encoded = entry.path("auth").asText("");
        if (!encoded.isEmpty()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(encoded.trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("secret \"" + secret + "\": the auth of " + host
                        + " is not base64");
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("secret \"" + secret + "\": the auth of " + host
                        + " is not user:password");
            }
            user = decoded.substring(0, colon);
            password = decoded.substring(colon + 1);
        }
        String identityToken = entry.path("identitytoken").asText("");
        if (!identityToken.isEmpty()) {
            password = identityToken;
        }
        return user.isEmpty() && password.isEmpty() ? null : new Auth(user, password);
    }

    /** {@code https://index.docker.io/v1/}, {@code docker.io}, {@code registry-1.docker.io} → {@code index.docker.io}. */
    static String normalizeHost(String key) {
        String host = key.trim();
        int scheme = host.indexOf("://");
        if (scheme >= 0) {
            host = host.substring(scheme + 3);
        }
        int slash = host.indexOf('/');
        if (slash >= 0) {
            host = host.substring(0, slash);
        }
        host = host.toLowerCase(java.util.Locale.ROOT);
        return switch (host) {
            case "docker.io", "registry-1.docker.io", "registry.hub.docker.com" -> ImageName.DOCKER_HUB;
            default -> host;
        };
    }
}
