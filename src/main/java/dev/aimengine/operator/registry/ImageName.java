package dev.aimengine.operator.registry;

/**
 * A pullable image reference split the way registries address it (go-containerregistry rules): the registry host
 * ({@code index.docker.io} when none is named), the repository ({@code library/} added to single-segment Docker Hub
 * names) and the reference, a tag ({@code latest} when none is named) or a digest.
 */
public record ImageName(String registry, String repository, String reference) {

    public static final String DOCKER_HUB = "index.docker.io";

    /** @throws IllegalArgumentException when the reference is empty or malformed */
    public static ImageName parse(String image) {
        if (image == null || image.isBlank() || image.strip().length() != image.length()) {
            throw new IllegalArgumentException("invalid image reference \"" + image + "\"");
        }
        String registry = DOCKER_HUB;
        String rest = image;
        int slash = image.indexOf('/');
        if (slash > 0) {
            String first = image.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                registry = first.equals("docker.io") ? DOCKER_HUB : first;
                rest = image.substring(slash + 1);
            }
        }
        String repository;
        String reference;
        int at = rest.indexOf('@');
        if (at >= 0) {
            repository = rest.substring(0, at);
            reference = rest.substring(at + 1);
            if (!reference.contains(":") || reference.endsWith(":")) {
                throw new IllegalArgumentException("invalid image reference \"" + image + "\": malformed digest");
            }
        } else {
            int colon = rest.lastIndexOf(':');
            if (colon > rest.lastIndexOf('/')) {
                repository = rest.substring(0, colon);
                reference = rest.substring(colon + 1);
            } else {
                repository = rest;
                reference = "latest";
            }
        }
        if (repository.isEmpty() || reference.isEmpty() || !repository.equals(repository.toLowerCase())) {
            throw new IllegalArgumentException("invalid image reference \"" + image + "\"");
        }
        if (registry.equals(DOCKER_HUB) && !repository.contains("/")) {
            repository = "library/" + repository;
        }
        return new ImageName(registry, repository, reference);
    }

    public boolean isDigest() {
        return reference.contains(":");
    }

    @Override
    public String toString() {
        return registry + "/" + repository + (isDigest() ? "@" : ":") + reference;
    }
}
