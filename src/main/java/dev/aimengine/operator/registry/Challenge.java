package dev.aimengine.operator.registry;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code WWW-Authenticate} challenge: its scheme in lower case ({@code bearer}, {@code basic}, or empty) and its
 * parameters, e.g. {@code Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull"}.
 */
record Challenge(String scheme, Map<String, String> params) {

    static Challenge parse(String header) {
        String value = header == null ? "" : header.trim();
        int space = value.indexOf(' ');
        String scheme = (space < 0 ? value : value.substring(0, space)).toLowerCase(Locale.ROOT);
        Map<String, String> params = new LinkedHashMap<>();
        int i = space < 0 ? value.length() : space + 1;
        while (i < value.length()) {
            while (i < value.length() && (value.charAt(i) == ',' || value.charAt(i) == ' ')) {
                i++;
            }
            int eq = value.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String key = value.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            i = eq + 1;
            StringBuilder v = new StringBuilder();
            if (i < value.length() && value.charAt(i) == '"') {
                i++;
                while (i < value.length() && value.charAt(i) != '"') {
                    if (value.charAt(i) == '\\' && i + 1 < value.length()) {
                        i++;
                    }
                    v.append(value.charAt(i++));
                }
                i++;
            } else {
                while (i < value.length() && value.charAt(i) != ',') {
                    v.append(value.charAt(i++));
                }
            }
            params.put(key, v.toString().trim());
        }
        return new Challenge(scheme, params);
    }
}
