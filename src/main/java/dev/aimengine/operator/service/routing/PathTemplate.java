package dev.aimengine.operator.service.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.common.naming.Naming;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the HTTPRoute path prefix of an AIMService from a path template.
 *
 * <p>Without a template the path is {@code /<namespace>/<uid>}. A template is literal text with placeholders
 * {@code {expr}} (any text without braces; surrounding blanks ignored), where {@code expr} is one of
 * <ul>
 * <li>{@code .metadata.labels['key']} or {@code .metadata.labels["key"]}: the label's value;</li>
 * <li>{@code .metadata.annotations['key']} or {@code .metadata.annotations["key"]}: the annotation's value;</li>
 * <li>any other expression: a Kubernetes JSONPath over the AIMService as JSON, limited to field steps
 * {@code .name}, quoted keys {@code ['key']} / {@code ["key"]} and array indexes {@code [n]} (negative counts
 * from the end), optionally starting with {@code $}. It must select exactly one string, number or boolean.</li>
 * </ul>
 * A substituted value is trimmed; except for the annotation forms above it is also made RFC 1123 compliant
 * (lowercase, other characters become {@code -}, at most 63 characters). The result is then normalised: trimmed,
 * given a leading {@code /}, stripped of trailing {@code /}, split on {@code /}, empty segments dropped and every
 * segment made RFC 1123 compliant. A path longer than 200 characters is rejected, before and after the segment
 * rewrite.
 *
 * <p>Any failure (missing label or annotation, a JSONPath that selects nothing, several values, {@code null} or an
 * object, an unsupported JSONPath feature, a blank rendering, an over-long path) yields the default path together
 * with an error message, so the caller can route traffic and still report {@code PathTemplateInvalid}.
 */
public final class PathTemplate {

    /** Longest route path accepted, in UTF-8 bytes. */
    public static final int MAX_PATH_LENGTH = 200;

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]+)\\}");
    private static final Pattern LABEL = Pattern.compile("^\\.metadata\\.labels\\[['\"]([^'\"]+)['\"]\\]$");
    private static final Pattern ANNOTATION = Pattern.compile("^\\.metadata\\.annotations\\[['\"]([^'\"]+)['\"]\\]$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private PathTemplate() {
    }

    /**
     * The outcome of rendering.
     *
     * @param path the route path: the rendered one, or the default {@code /<namespace>/<uid>} when there is no
     *        template or it failed
     * @param error {@code null} on success, else why the template could not be used
     */
    public record Rendered(String path, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    /**
     * Renders {@code template} for {@code service}; see the class description.
     *
     * @param template the path template; {@code null} or empty selects the default path without an error
     */
    public static Rendered render(String template, AIMService service) {
        if (template == null || template.isEmpty()) {
            return new Rendered(defaultPath(service), null);
        }
        try {
            return new Rendered(normalize(substitute(template, service)), null);
        } catch (InvalidTemplate e) {
            return new Rendered(defaultPath(service), "path template \"" + template + "\": " + e.getMessage());
        }
    }

    /** {@code /<namespace>/<uid>}, normalised like a rendered path; {@code /} if both are empty. */
    public static String defaultPath(AIMService service) {
        String raw = "/" + nz(service.getMetadata().getNamespace()) + "/" + nz(service.getMetadata().getUid());
        try {
            return normalize(raw);
        } catch (InvalidTemplate e) {
            return "/";
        }
    }

    private static String substitute(String template, AIMService service) throws InvalidTemplate {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        int last = 0;
        JsonNode tree = null;
        while (m.find()) {
            out.append(template, last, m.start());
            String expr = m.group(1).strip();
            String value;
            Matcher label = LABEL.matcher(expr);
            Matcher annotation = ANNOTATION.matcher(expr);
            if (label.matches()) {
                value = lookup(service.getMetadata().getLabels(), label.group(1), "label");
            } else if (annotation.matches()) {
                value = lookup(service.getMetadata().getAnnotations(), annotation.group(1), "annotation");
            } else {
                if (tree == null) {
                    tree = JSON.valueToTree(service);
                }
                value = JsonPathSubset.evaluate(expr, tree);
            }
            value = value.strip();
            if (!value.isEmpty() && !annotation.matches()) {
                value = Naming.rfc1123(value);
            }
            out.append(value);
            last = m.end();
        }
        out.append(template, last, template.length());
        return out.toString();
    }

    private static String lookup(Map<String, String> map, String key, String what) throws InvalidTemplate {
        String value = map == null ? null : map.get(key);
        if (value == null) {
            throw new InvalidTemplate(what + " \"" + key + "\" not found");
        }
        return value;
    }

    /** Trim, leading {@code /}, no trailing {@code /}, RFC 1123 segments, at most 200 characters. */
    static String normalize(String raw) throws InvalidTemplate {
        String path = raw.strip();
        if (path.isEmpty()) {
            throw new InvalidTemplate("the template renders an empty path");
        }
        if (!path.startsWith("/")) {
            path = "/" + path;
        }
        path = stripTrailingSlashes(path);
        checkLength(path);
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            String s = segment.strip();
            if (!s.isEmpty()) {
                s = Naming.rfc1123(s);
            }
            if (!s.isEmpty()) {
                segments.add(s);
            }
        }
        String result = "/" + String.join("/", segments);
        checkLength(result);
        return result;
    }

    private static String stripTrailingSlashes(String path) {
        int end = path.length();
        while (end > 0 && path.charAt(end - 1) == '/') {
            end--;
        }
        return end == 0 ? "/" : path.substring(0, end);
    }

    private static void checkLength(String path) throws InvalidTemplate {
        if (path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_LENGTH) {
            throw new InvalidTemplate("route path \"" + path + "\" exceeds " + MAX_PATH_LENGTH + " characters");
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** A template that cannot be rendered; the message is shown to the user. */
    static final class InvalidTemplate extends Exception {
        InvalidTemplate(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The part of Kubernetes JSONPath a path placeholder may use: {@code $}? followed by {@code .field},
     * {@code ['key']}, {@code ["key"]} and {@code [index]} steps.
     */
    static final class JsonPathSubset {
        private JsonPathSubset() {
        }

        /** The single scalar {@code expr} selects in {@code root}, as text. */
        static String evaluate(String expr, JsonNode root) throws InvalidTemplate {
            JsonNode node = root;
            for (Object step : parse(expr)) {
                node = step instanceof Integer index ? index(node, index, expr) : field(node, (String) step, expr);
            }
            if (node == null || node.isNull() || node.isMissingNode()) {
                throw new InvalidTemplate("jsonpath " + expr + " selects a null value");
            }
            if (node.isTextual()) {
                return node.textValue();
            }
            if (node.isNumber() || node.isBoolean()) {
                return node.asText();
            }
            throw new InvalidTemplate("jsonpath " + expr + " selects " + (node.isArray() ? "a list" : "an object")
                    + ", not a single value");
        }

        /** Steps: a {@link String} for a field or quoted key, an {@link Integer} for an index. */
        static List<Object> parse(String expr) throws InvalidTemplate {
            List<Object> steps = new ArrayList<>();
            int i = expr.startsWith("$") ? 1 : 0;
            if (i == expr.length()) {
                return steps;
            }
            while (i < expr.length()) {
                char c = expr.charAt(i);
                if (c == '.') {
                    if (i + 1 < expr.length() && expr.charAt(i + 1) == '.') {
                        throw unsupported(expr, "recursive descent (..)");
                    }
                    int start = ++i;
                    while (i < expr.length() && expr.charAt(i) != '.' && expr.charAt(i) != '[') {
                        i++;
                    }
                    String name = expr.substring(start, i);
                    if (name.isEmpty()) {
                        if (i == expr.length() && steps.isEmpty()) {
                            return steps; // "." is the whole object
                        }
                        throw new InvalidTemplate("invalid jsonpath " + expr + ": empty field name");
                    }
                    if (name.equals("*")) {
                        throw unsupported(expr, "wildcards");
                    }
                    steps.add(name);
                } else if (c == '[') {
                    i = bracket(expr, i, steps);
                } else {
                    throw new InvalidTemplate("invalid jsonpath " + expr + ": unexpected '" + c + "' at " + i
                            + " (expressions start with '.', e.g. .metadata.name)");
                }
            }
            return steps;
        }

        /** Parses the bracket step starting at {@code open}; returns the index after its {@code ]}. */
        private static int bracket(String expr, int open, List<Object> steps) throws InvalidTemplate {
            int i = open + 1;
            if (i < expr.length() && (expr.charAt(i) == '\'' || expr.charAt(i) == '"')) {
                char quote = expr.charAt(i);
                int close = expr.indexOf(quote, i + 1);
                if (close < 0 || close + 1 >= expr.length() || expr.charAt(close + 1) != ']') {
                    throw new InvalidTemplate("invalid jsonpath " + expr + ": unterminated [" + quote + "key" + quote
                            + "]");
                }
                steps.add(expr.substring(i + 1, close));
                return close + 2;
            }
            int close = expr.indexOf(']', i);
            if (close < 0) {
                throw new InvalidTemplate("invalid jsonpath " + expr + ": unterminated [");
            }
            String inside = expr.substring(i, close).strip();
            if (!inside.matches("-?[0-9]{1,9}")) {
                throw unsupported(expr, "[" + inside + "] (only ['key'], [\"key\"] and [index] are supported)");
            }
            steps.add(Integer.parseInt(inside));
            return close + 1;
        }

        private static JsonNode field(JsonNode node, String name, String expr) throws InvalidTemplate {
            if (node == null || !node.isObject() || !node.has(name)) {
                throw new InvalidTemplate("jsonpath " + expr + ": " + name + " is not found");
            }
            return node.get(name);
        }

        private static JsonNode index(JsonNode node, int index, String expr) throws InvalidTemplate {
            if (node == null || !node.isArray()) {
                throw new InvalidTemplate("jsonpath " + expr + ": [" + index + "] applied to a non-list value");
            }
            int at = index < 0 ? node.size() + index : index;
            if (at < 0 || at >= node.size()) {
                throw new InvalidTemplate("jsonpath " + expr + ": index " + index + " is out of range (list of "
                        + node.size() + ")");
            }
            return node.get(at);
        }

        private static InvalidTemplate unsupported(String expr, String feature) {
            return new InvalidTemplate("jsonpath " + expr + ": " + feature + " is not supported");
        }
    }
}
