package dev.aimengine.operator.common.naming;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The naming primitives of spec RFC 1123 names, label values and derived names with a hash suffix.
 * All functions are pure and deterministic; lengths are counted in characters, which equals bytes once a value
 * has been made RFC 1123 compliant or label safe (ASCII only).
 */
public final class Naming {

    /** Longest Kubernetes object name (DNS label) and label value. */
    public static final int MAX_NAME_LENGTH = 63;
    /** Hash suffix length used when none is given. */
    public static final int DEFAULT_HASH_LENGTH = 8;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Naming() {
    }

    /**
     * MakeRFC1123Compliant: lowercase; every character outside {@code [a-z0-9-]} becomes {@code -} (repeated
     * dashes are kept); leading and trailing {@code -} are trimmed; the result is cut to 63 characters and
     * trailing {@code -} are trimmed again. May return the empty string.
     */
    public static String rfc1123(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            int c = Character.toLowerCase(cp);
            b.append(isLowerAlnum(c) || c == '-' ? (char) c : '-');
        }
        String result = trimRight(trimLeft(b.toString(), "-"), "-");
        if (result.length() > MAX_NAME_LENGTH) {
            result = trimRight(result.substring(0, MAX_NAME_LENGTH), "-");
        }
        return result;
    }

    /**
     * SanitizeLabelValue: lowercase; each run of characters outside {@code [a-z0-9._-]} becomes one {@code _};
     * leading and trailing {@code _ . -} are trimmed; the result is cut to 63 characters and trailing
     * {@code _ . -} are trimmed again.
     *
     * @throws IllegalArgumentException if nothing is left
     */
    public static String sanitizeLabelValue(String s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean inRun = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            int c = Character.toLowerCase(cp);
            boolean valid = isLowerAlnum(c) || c == '.' || c == '_' || c == '-';
            if (valid) {
                b.append((char) c);
            } else if (!inRun) {
                b.append('_');
            }
            inRun = !valid;
        }
        String result = trimRight(trimLeft(b.toString(), "_.-"), "_.-");
        if (result.length() > MAX_NAME_LENGTH) {
            result = trimRight(result.substring(0, MAX_NAME_LENGTH), "_.-");
        }
        if (result.isEmpty()) {
            throw new IllegalArgumentException("label value is empty after sanitization: \"" + s + "\"");
        }
        return result;
    }

    /**
     * The first {@code len} lowercase hex characters of the SHA-256 over the hash inputs: each input is encoded
     * with {@link GoJson} and the encodings are joined with {@code |}. Before encoding, maps (also maps nested in
     * lists or maps) are turned into flat lists {@code [k1, v1, k2, v2, …]} sorted by key, as the original does;
     * everything else is encoded as is. Example: the single input {@code "my-ns"} hashes the 7 bytes
     * {@code "my-ns"} including the quotes.
     *
     * @param len 0 to 64
     */
    public static String hash(List<?> inputs, int len) {
        if (len < 0 || len > 64) {
            throw new IllegalArgumentException("hash length must be between 0 and 64, got " + len);
        }
        List<String> encoded = new ArrayList<>(inputs.size());
        for (Object input : inputs) {
            encoded.add(GoJson.encode(normalize(input)));
        }
        return sha256Hex(String.join("|", encoded)).substring(0, len);
    }

    /** {@link #derivedName(List, List, int, int)} with an 8-character hash and at most 63 characters. */
    public static String derivedName(List<String> parts, List<?> hashInputs) {
        return derivedName(parts, hashInputs, DEFAULT_HASH_LENGTH, MAX_NAME_LENGTH);
    }

    /**
     * GenerateDerivedName: {@code part1-part2-…-partN[-hash]}.
     * <ol>
     * <li>Every part is made {@linkplain #rfc1123 RFC 1123 compliant}; a part that ends up empty becomes
     * {@code part}.</li>
     * <li>The hash suffix ({@link #hash}) is present only when there are hash inputs and {@code hashLen > 0}.</li>
     * <li>While the name would be longer than {@code maxLen} (each part plus one separator, plus the hash, or minus
     * the last separator when there is no hash): the longest part (the first of equally long ones) loses its
     * last character and then its trailing dashes; this stops early once the longest part is one character.</li>
     * </ol>
     *
     * @param hashInputs values to hash, may be empty or {@code null} for no hash
     * @param hashLen number of hash characters, 0 for none
     * @param maxLen maximum length, 1 to 63
     * @throws IllegalArgumentException if there are no parts or {@code maxLen} is out of range
     */
    public static String derivedName(List<String> parts, List<?> hashInputs, int hashLen, int maxLen) {
        if (parts == null || parts.isEmpty()) {
            throw new IllegalArgumentException("name parts cannot be empty");
        }
        if (maxLen <= 0 || maxLen > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException(
                    "maxLength must be between 1 and " + MAX_NAME_LENGTH + ", got " + maxLen);
        }
        List<String> sanitized = new ArrayList<>(parts.size());
        for (String part : parts) {
            String s = rfc1123(part == null ? "" : part);
            sanitized.add(s.isEmpty() ? "part" : s);
        }
        String suffix = hashLen > 0 && hashInputs != null && !hashInputs.isEmpty() ? hash(hashInputs, hashLen) : "";

        while (length(sanitized, suffix) > maxLen) {
            int longest = 0;
            for (int i = 1; i < sanitized.size(); i++) {
                if (sanitized.get(i).length() > sanitized.get(longest).length()) {
                    longest = i;
                }
            }
            String part = sanitized.get(longest);
            if (part.length() <= 1) {
                break;
            }
            sanitized.set(longest, trimRight(part.substring(0, part.length() - 1), "-"));
        }

        String name = String.join("-", sanitized);
        return suffix.isEmpty() ? name : name + "-" + suffix;
    }

    /** Lowercase hex SHA-256 of the UTF-8 bytes of {@code s}. */
    public static String sha256Hex(String s) {
        return hex(sha256(s));
    }

    /** SHA-256 of the UTF-8 bytes of {@code s}. */
    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Lowercase hex of the first {@code count} bytes. */
    static String hex(byte[] bytes, int count) {
        StringBuilder b = new StringBuilder(count * 2);
        for (int i = 0; i < count; i++) {
            b.append(HEX[bytes[i] >> 4 & 0xf]).append(HEX[bytes[i] & 0xf]);
        }
        return b.toString();
    }

    private static String hex(byte[] bytes) {
        return hex(bytes, bytes.length);
    }

    private static int length(List<String> parts, String suffix) {
        int total = 0;
        for (String p : parts) {
            total += p.length() + 1;
        }
        return suffix.isEmpty() ? total - 1 : total + suffix.length();
    }

    /** Maps become key-sorted flat lists of keys and values, recursively through lists and maps. */
    private static Object normalize(Object value) {
        if (value instanceof Map<?, ?> map) {
            List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
            entries.sort((a, b) -> GoJson.compareUtf8(String.valueOf(a.getKey()), String.valueOf(b.getKey())));
            List<Object> flat = new ArrayList<>(entries.size() * 2);
            for (Map.Entry<?, ?> e : entries) {
                flat.add(String.valueOf(e.getKey()));
                flat.add(normalize(e.getValue()));
            }
            return flat;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object v : list) {
                out.add(normalize(v));
            }
            return out;
        }
        return value;
    }

    private static boolean isLowerAlnum(int c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
    }

    static String trimLeft(String s, String chars) {
        int i = 0;
        while (i < s.length() && chars.indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        return s.substring(i);
    }

    static String trimRight(String s, String chars) {
        int i = s.length();
        while (i > 0 && chars.indexOf(s.charAt(i - 1)) >= 0) {
            i--;
        }
        return s.substring(0, i);
    }
}
