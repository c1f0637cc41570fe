package dev.aimengine.operator.common.naming;

import dev.aimengine.operator.common.kube.Quantities;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.SecretKeySelector;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Encodes values the way Go's {@code encoding/json} {@code Marshal} does, byte for byte, for the value kinds that
 * take part in derived-name hashes:
 * <ul>
 * <li>{@code null} → {@code null};</li>
 * <li>strings → quoted, with {@code <}, {@code >}, {@code &}, U+2028 and U+2029 written as {@code \}{@code uXXXX}
 * (lowercase hex), {@code "} and {@code \} backslash-escaped, {@code \b \f \n \r \t} as short escapes (Go 1.22+)
 * and the remaining control characters below U+0020 as {@code \}{@code u00xx}; every other character is written
 * as is (UTF-8). A lone surrogate stands for invalid UTF-8 and is written as {@code \}{@code ufffd};</li>
 * <li>booleans → {@code true}/{@code false}; integral numbers ({@link Byte}, {@link Short}, {@link Integer},
 * {@link Long}, {@link BigInteger}) → plain decimal;</li>
 * <li>{@link Collection}s → arrays (an empty collection is {@code []}; only {@code null} is {@code null});</li>
 * <li>{@link Map}s with string keys → objects with the keys sorted by their UTF-8 bytes;</li>
 * <li>fabric8 {@link EnvVar} and the {@code valueFrom} types → objects with the fields in the order of the
 * Kubernetes Go structs ({@code k8s.io/api/core/v1}), empty optional fields left out ({@code omitempty}).</li>
 * </ul>
 * Floating-point numbers and other types are not needed by any hash and are rejected with
 * {@link IllegalArgumentException}.
 */
public final class GoJson {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private GoJson() {
    }

    /** Returns the Go {@code json.Marshal} text of {@code value}. */
    public static String encode(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof CharSequence s) {
            writeString(out, s.toString());
        } else if (value instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte || value instanceof BigInteger) {
            out.append(value);
        } else if (value instanceof Collection<?> c) {
            writeArray(out, c);
        } else if (value instanceof Map<?, ?> m) {
            writeMap(out, m);
        } else if (value instanceof EnvVar e) {
            writeEnvVar(out, e);
        } else if (value instanceof EnvVarSource s) {
            writeEnvVarSource(out, s);
        } else if (value instanceof Quantity q) {
            writeString(out, quantityText(q));
        } else {
            throw new IllegalArgumentException("cannot encode " + value.getClass().getName() + " as Go JSON");
        }
    }

    private static void writeArray(StringBuilder out, Collection<?> values) {
        out.append('[');
        boolean first = true;
        for (Object v : values) {
            if (!first) {
                out.append(',');
            }
            first = false;
            write(out, v);
        }
        out.append(']');
    }

    private static void writeMap(StringBuilder out, Map<?, ?> map) {
        List<String> keys = new ArrayList<>(map.size());
        for (Object k : map.keySet()) {
            if (!(k instanceof String s)) {
                throw new IllegalArgumentException("map keys must be strings, got " + k);
            }
            keys.add(s);
        }
        keys.sort(GoJson::compareUtf8);
        Fields f = new Fields(out);
        for (String k : keys) {
            f.always(k, map.get(k));
        }
        f.close();
    }

    /** EnvVar: {@code name}, {@code value} (omitempty), {@code valueFrom} (omitempty). */
    private static void writeEnvVar(StringBuilder out, EnvVar e) {
        Fields f = new Fields(out);
        f.always("name", nz(e.getName()));
        f.nonEmpty("value", e.getValue());
        f.nonNull("valueFrom", e.getValueFrom());
        f.close();
    }

    /**
     * EnvVarSource: {@code fieldRef}, {@code resourceFieldRef}, {@code configMapKeyRef}, {@code secretKeyRef},
     * {@code fileKeyRef}, each only when set. fabric8 7.x has no {@code fileKeyRef} property; it arrives in the
     * additional properties and is written with its Go field order.
     */
    private static void writeEnvVarSource(StringBuilder out, EnvVarSource s) {
        Fields f = new Fields(out);
        if (s.getFieldRef() != null) {
            f.raw("fieldRef", fieldRef(s.getFieldRef()));
        }
        if (s.getResourceFieldRef() != null) {
            f.raw("resourceFieldRef", resourceFieldRef(s.getResourceFieldRef()));
        }
        if (s.getConfigMapKeyRef() != null) {
            ConfigMapKeySelector r = s.getConfigMapKeyRef();
            f.raw("configMapKeyRef", keySelector(r.getName(), r.getKey(), r.getOptional()));
        }
        if (s.getSecretKeyRef() != null) {
            SecretKeySelector r = s.getSecretKeyRef();
            f.raw("secretKeyRef", keySelector(r.getName(), r.getKey(), r.getOptional()));
        }
        Object fileKeyRef = s.getAdditionalProperties() == null ? null : s.getAdditionalProperties().get("fileKeyRef");
        if (fileKeyRef instanceof Map<?, ?> r) {
            f.raw("fileKeyRef", fileKeyRef(r));
        }
        f.close();
    }

    /** ObjectFieldSelector: {@code apiVersion} (omitempty), {@code fieldPath}. */
    private static String fieldRef(ObjectFieldSelector r) {
        StringBuilder out = new StringBuilder();
        Fields f = new Fields(out);
        f.nonEmpty("apiVersion", r.getApiVersion());
        f.always("fieldPath", nz(r.getFieldPath()));
        f.close();
        return out.toString();
    }

    /**
     * ResourceFieldSelector: {@code containerName} (omitempty), {@code resource}, {@code divisor}. The divisor is a
     * struct in Go, so omitempty never drops it: an unset divisor is written as {@code "0"}.
     */
    private static String resourceFieldRef(ResourceFieldSelector r) {
        StringBuilder out = new StringBuilder();
        Fields f = new Fields(out);
        f.nonEmpty("containerName", r.getContainerName());
        f.always("resource", nz(r.getResource()));
        f.always("divisor", r.getDivisor() == null ? "0" : quantityText(r.getDivisor()));
        f.close();
        return out.toString();
    }

    /** Config map and secret key selectors: {@code name} (omitempty), {@code key}, {@code optional} (when set). */
    private static String keySelector(String name, String key, Boolean optional) {
        StringBuilder out = new StringBuilder();
        Fields f = new Fields(out);
        f.nonEmpty("name", name);
        f.always("key", nz(key));
        f.nonNull("optional", optional);
        f.close();
        return out.toString();
    }

    /** FileKeySelector: {@code volumeName}, {@code path}, {@code key}, {@code optional} (when set). */
    private static String fileKeyRef(Map<?, ?> r) {
        StringBuilder out = new StringBuilder();
        Fields f = new Fields(out);
        f.always("volumeName", nz(r.get("volumeName")));
        f.always("path", nz(r.get("path")));
        f.always("key", nz(r.get("key")));
        f.nonNull("optional", r.get("optional"));
        f.close();
        return out.toString();
    }

    /** The quantity's canonical text, as Go writes it ({@code 2000m} → {@code "2"}); an empty quantity is 0. */
    private static String quantityText(Quantity q) {
        String text = Quantities.text(q);
        return text.isEmpty() ? "0" : Quantities.canonical(text);
    }

    private static String nz(Object s) {
        return s == null ? "" : s.toString();
    }

    private static void writeString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '<', '>', '&', '\u2028', '\u2029' -> unicodeEscape(out, c);
                default -> {
                    if (c < 0x20) {
                        unicodeEscape(out, c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        out.append("\\ufffd");
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static void unicodeEscape(StringBuilder out, char c) {
        out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
    }

    /** Orders strings like Go's byte-wise comparison of their UTF-8 encodings, i.e. by code point. */
    static int compareUtf8(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    /** Writes the members of one JSON object. */
    private static final class Fields {
        private final StringBuilder out;
        private boolean first = true;

        Fields(StringBuilder out) {
            this.out = out;
            out.append('{');
        }

        void always(String name, Object value) {
            key(name);
            write(out, value);
        }

        void nonEmpty(String name, String value) {
            if (value != null && !value.isEmpty()) {
                always(name, value);
            }
        }

        void nonNull(String name, Object value) {
            if (value != null) {
                always(name, value);
            }
        }

        void raw(String name, String json) {
            key(name);
            out.append(json);
        }

        void close() {
            out.append('}');
        }

        private void key(String name) {
            if (!first) {
                out.append(',');
            }
            first = false;
            writeString(out, name);
            out.append(':');
        }
    }
}
