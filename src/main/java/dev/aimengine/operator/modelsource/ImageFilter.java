package dev.aimengine.operator.modelsource;

import dev.aimengine.operator.api.v1alpha1.AIMClusterModelSourceSpec;
import org.semver4j.Semver;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code spec.filters[]} entry of an AIMClusterModelSource, parsed:
 * <ul>
 * <li>with a {@code *} it is a wildcard: when its first path segment looks like a host (has a {@code .} or a
 * {@code :}) that is the registry and the rest the repository pattern, else all of it is the pattern;</li>
 * <li>otherwise it is an image reference: a registry when the first segment looks like a host (Docker Hub's names
 * count as none), the repository ({@code library/} added to Docker Hub single names) and a tag only when written.</li>
 * </ul>
 * An image matches when its repository matches the pattern ({@code *} any run of characters), is not excluded, has
 * the filter's tag if one is written, and satisfies the version constraints (the filter's, else the source's).
 *
 * @param registry   the registry the filter names, or null (then {@code spec.registry}, else {@code docker.io})
 * @param repository the repository or repository pattern
 * @param tag        the exact tag written in the filter, or null
 */
public record ImageFilter(String registry, String repository, String tag, boolean wildcard, List<String> exclude,
        List<String> versions) {

    public static final String DOCKER_HUB = "docker.io";

    public static ImageFilter parse(AIMClusterModelSourceSpec.Filter filter) {
        String image = filter.image == null ? "" : filter.image.trim();
        List<String> exclude = filter.exclude == null ? List.of() : List.copyOf(filter.exclude);
        List<String> versions = filter.versions == null ? List.of() : List.copyOf(filter.versions);
        int slash = image.indexOf('/');
        String first = slash < 0 ? "" : image.substring(0, slash);
        boolean hostFirst = first.contains(".") || first.contains(":") || first.equals("localhost");
        if (image.contains("*")) {
            return hostFirst
                    ? new ImageFilter(hubOrHost(first), image.substring(slash + 1), null, true, exclude, versions)
                    : new ImageFilter(null, image, null, true, exclude, versions);
        }
        String registry = hostFirst ? hubOrHost(first) : null;
        String rest = hostFirst ? image.substring(slash + 1) : image;
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > 0) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        if ((registry == null || registry.equals(DOCKER_HUB)) && !rest.contains("/")) {
            rest = "library/" + rest;
        }
        return new ImageFilter(registry == null || registry.equals(DOCKER_HUB) ? null : registry, rest, tag, false,
                exclude, versions);
    }

    private static String hubOrHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("docker.io") || h.equals("index.docker.io") ? DOCKER_HUB : host;
    }

    /** The registry this filter lists: its own, else the source's, else Docker Hub. */
    public String effectiveRegistry(String sourceRegistry) {
        if (registry != null) {
            return registry;
        }
        return sourceRegistry == null || sourceRegistry.isBlank() ? DOCKER_HUB : hubOrHost(sourceRegistry.trim());
    }

    /** Whether an image of the listed registry is one this filter asks for. */
    public boolean matches(String repository, String tag, List<String> sourceVersions) {
        if (!glob(this.repository, repository) || exclude.contains(repository)) {
            return false;
        }
        if (this.tag != null && !this.tag.equals(tag)) {
            return false;
        }
        return satisfies(tag, versions.isEmpty() ? (sourceVersions == null ? List.of() : sourceVersions) : versions);
    }

    /** {@code *} stands for any run of characters; without one the pattern must equal the name. */
    static boolean glob(String pattern, String name) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.matches(regex.toString(), name);
    }

    private static final Pattern TWO_PART = Pattern.compile("^([<>=!~^]*)v?(\\d+\\.\\d+)$");

    /**
     * Whether a tag satisfies every constraint. The tag is read as a semantic version (a leading {@code v} dropped);
     * a tag that is none satisfies no constraint. Constraints are npm-style ranges ({@code >=0.8.4 <1.0},
     * {@code 1.2.x}, {@code ~1.2.0}, {@code ^1.0.0}, {@code ||}) plus {@code !=}/{@code !} and {@code ==}; a version
     * with one dot gets {@code .0}; pre-releases count ({@code 0.8.1-rc1} satisfies {@code >=0.8.0}). A constraint
     * that cannot be read is ignored, as in AIM Engine. No constraints: every tag matches.
     */
    static boolean satisfies(String tag, List<String> constraints) {
        if (constraints.isEmpty()) {
            return true;
        }
        String text = tag.startsWith("v") ? tag.substring(1) : tag;
        if (!Semver.isValid(text)) {
            return false;
        }
        Semver version = Semver.parse(text);
        for (String constraint : constraints) {
            Boolean ok = evaluate(version, constraint);
            if (ok != null && !ok) {
                return false;
            }
        }
        return true;
    }

    /** True/false, or null when the constraint cannot be read. */
    static Boolean evaluate(Semver version, String constraint) {
        boolean any = false;
        boolean readable = false;
        for (String alternative : constraint.split("\\|\\|")) {
            List<String> range = new ArrayList<>();
            Boolean notEqual = Boolean.TRUE;
            for (String token : alternative.trim().split("\\s+")) {
                if (token.isEmpty()) {
                    continue;
                }
                Matcher m = TWO_PART.matcher(token);
                if (m.matches()) {
                    token = m.group(1) + m.group(2) + ".0";
                }
                if (token.startsWith("!=") || token.startsWith("!")) {
                    String v = token.substring(token.startsWith("!=") ? 2 : 1);
                    v = v.startsWith("v") ? v.substring(1) : v;
                    if (!Semver.isValid(v)) {
                        return null;
                    }
                    notEqual = notEqual && !version.isEqualTo(v);
                } else {
                    range.add(token.startsWith("==") ? token.substring(1) : token);
                }
            }
            boolean inRange;
            try {
                inRange = range.isEmpty() || version.satisfies(String.join(" ", range), true);
            } catch (RuntimeException e) {
                continue;
            }
            readable = true;
            any |= inRange && notEqual;
        }
        return readable ? any : null;
    }
}
