package dev.aimengine.operator.common.naming;

/**
 * The parts of a container image reference that name an auto-created model (ExtractImageParts).
 * All three components are sanitized name components: lowercase, every run of characters outside
 * {@code [a-z0-9-]} replaced by one {@code -}, leading and trailing dashes trimmed.
 *
 * @param registry the registry host, {@code docker-io} when the reference names none
 * @param name the last path segment of the repository
 * @param tag the tag, the first 6 characters of a digest's hash, or {@code latest}
 */
public record ImageReference(String registry, String name, String tag) {

    private static final String DEFAULT_REGISTRY = "docker.io";
    private static final String DEFAULT_TAG = "latest";
    private static final int DIGEST_TAG_LENGTH = 6;

    /**
     * Parses an image reference such as {@code ghcr.io/org/model:1.0}, {@code localhost:5000/model},
     * {@code nginx} or {@code org/model@sha256:abc…}.
     * <ul>
     * <li>The registry is the part before the first {@code /} when that part contains {@code .} or {@code :} or is
     * {@code localhost}; otherwise it is {@code docker.io} and the whole reference is the repository.</li>
     * <li>The name is the last {@code /}-separated segment of the repository, without its tag or digest.</li>
     * <li>{@code name@algo:hash} gives the first 6 characters of {@code hash} as the tag; {@code name:tag} gives
     * {@code tag}; no tag gives {@code latest}.</li>
     * </ul>
     *
     * @throws IllegalArgumentException "invalid image reference …" when the reference is empty, has an empty tag,
     *         a malformed digest, or a component that is empty after sanitization
     */
    public static ImageReference parse(String image) {
        if (image == null || image.isEmpty()) {
            throw invalid(image, "image reference is empty");
        }
        String registry = DEFAULT_REGISTRY;
        String repository = image;
        int slash = image.indexOf('/');
        if (slash > 0) {
            String first = image.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                registry = first;
                repository = image.substring(slash + 1);
            }
        }

        String last = repository.substring(repository.lastIndexOf('/') + 1);
        String name;
        String tag;
        int at = last.indexOf('@');
        int colon = last.indexOf(':');
        if (at >= 0) {
            name = last.substring(0, at);
            String digest = last.substring(at + 1);
            if (digest.isEmpty()) {
                throw invalid(image, "malformed digest reference");
            }
            int digestColon = digest.indexOf(':');
            if (digestColon < 0) {
                throw invalid(image, "malformed digest (missing colon): " + digest);
            }
            String hash = digest.substring(digestColon + 1);
            if (hash.isEmpty()) {
                throw invalid(image, "malformed digest (no hash after colon): " + digest);
            }
            tag = hash.substring(0, Math.min(DIGEST_TAG_LENGTH, hash.length()));
        } else if (colon >= 0) {
            name = last.substring(0, colon);
            tag = last.substring(colon + 1);
            if (tag.isEmpty()) {
                throw invalid(image, "malformed tag reference (empty tag)");
            }
        } else {
            name = last;
            tag = DEFAULT_TAG;
        }

        ImageReference ref = new ImageReference(sanitize(registry), sanitize(name), sanitize(tag));
        if (ref.registry.isEmpty()) {
            throw invalid(image, "registry is empty after sanitization");
        }
        if (ref.name.isEmpty()) {
            throw invalid(image, "image name is empty after sanitization");
        }
        if (ref.tag.isEmpty()) {
            throw invalid(image, "image tag is empty after sanitization");
        }
        return ref;
    }

    /** Lowercase, runs of characters outside {@code [a-z0-9-]} and of dashes become one dash, dashes trimmed. */
    private static String sanitize(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            int c = Character.toLowerCase(cp);
            boolean valid = c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
            if (valid) {
                b.append((char) c);
            } else if (b.isEmpty() || b.charAt(b.length() - 1) != '-') {
                b.append('-');
            }
        }
        return Naming.trimRight(Naming.trimLeft(b.toString(), "-"), "-");
    }

    private static IllegalArgumentException invalid(String image, String reason) {
        return new IllegalArgumentException("invalid image reference \"" + image + "\": " + reason);
    }
}
