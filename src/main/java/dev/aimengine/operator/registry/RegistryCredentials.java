package dev.aimengine.operator.registry;

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

    public RegistryCredentials {
        byHost = byHost == null ? Map.of() : Map.copyOf(byHost);
    }

    public static RegistryCredentials anonymous() {
        return new RegistryCredentials(Map.of());
    }

    /** The credentials for a registry host; Docker Hub's aliases are treated as one host. */
    public Optional<Auth> forRegistry(String host) {
        return Optional.ofNullable(byHost.get(host));
    }
}
