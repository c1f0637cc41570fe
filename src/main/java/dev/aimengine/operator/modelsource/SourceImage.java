package dev.aimengine.operator.modelsource;

/** An image a model source found: {@code registry} is {@code docker.io} for Docker Hub. */
public record SourceImage(String registry, String repository, String tag) {

    /** The image as a model names it: {@code repository:tag} on Docker Hub, {@code registry/repository:tag} elsewhere. */
    public String uri() {
        return ImageFilter.DOCKER_HUB.equals(registry) || registry == null || registry.isEmpty()
                ? repository + ":" + tag
                : registry + "/" + repository + ":" + tag;
    }
}
