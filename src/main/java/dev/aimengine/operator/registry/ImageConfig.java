package dev.aimengine.operator.registry;

import java.util.Map;

/**
 * What a registry says about an image.
 *
 * @param digest the digest of the manifest the configuration was read from (the platform manifest for an index)
 * @param labels {@code config.Labels} of the image configuration, empty when the image has none
 */
public record ImageConfig(String digest, Map<String, String> labels) {
    public ImageConfig {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
