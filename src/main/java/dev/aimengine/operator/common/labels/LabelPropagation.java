package dev.aimengine.operator.common.labels;

import dev.aimengine.operator.api.v1alpha1.AIMApi;
import dev.aimengine.operator.api.v1alpha1.AIMRuntimeConfigCommon;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which labels of the object being reconciled (the parent) are copied onto an object it applies (the child).
 * <ul>
 * <li>Every parent label whose key starts with {@value #AIM_LABEL_PREFIX} is copied, whatever the runtime
 * config says.</li>
 * <li>When the parent's runtime config has {@code labelPropagation.enabled: true} and a non-empty
 * {@code labelPropagation.match}, every parent label whose key matches one of the patterns
 * ({@link #globMatch(String, String)}) is copied as well.</li>
 * <li>A key the child already has is never overwritten.</li>
 * </ul>
 * For Jobs, controllers also add {@link #labelsToPropagate} to the pod template labels where absent.
 */
public final class LabelPropagation {

    /** Prefix of the operator's own labels; these always travel from parent to child. */
    public static final String AIM_LABEL_PREFIX = AIMApi.GROUP + "/";

    private static final char SEPARATOR = '/';

    private LabelPropagation() {
    }

    /**
     * The child's labels plus the propagated parent labels: child labels first in their order, then the
     * propagated ones ordered by key. Never {@code null}; the inputs are not modified.
     */
    public static Map<String, String> labelsFor(Map<String, String> childLabels, Map<String, String> parentLabels,
            AIMRuntimeConfigCommon.LabelPropagation config) {
        Map<String, String> out = new LinkedHashMap<>();
        if (childLabels != null) {
            out.putAll(childLabels);
        }
        out.putAll(labelsToPropagate(childLabels, parentLabels, config));
        return out;
    }

    /** Only the parent labels that {@link #labelsFor} adds to the child, ordered by key. */
    public static Map<String, String> labelsToPropagate(Map<String, String> childLabels,
            Map<String, String> parentLabels, AIMRuntimeConfigCommon.LabelPropagation config) {
        Map<String, String> out = new TreeMap<>();
        if (parentLabels == null) {
            return out;
        }
        List<String> patterns = userPatterns(config);
        parentLabels.forEach((key, value) -> {
            if (key == null || (childLabels != null && childLabels.containsKey(key))) {
                return;
            }
            if (key.startsWith(AIM_LABEL_PREFIX) || matchesAny(patterns, key)) {
                out.put(key, value);
            }
        });
        return out;
    }

    /**
     * Shell-style match of a whole label key, with the semantics of Go's {@code path.Match}:
     * <ul>
     * <li>{@code *} matches any run of characters except {@code /};</li>
     * <li>{@code ?} matches one character except {@code /};</li>
     * <li>{@code [abc]}, {@code [a-z0-9]} match one character in the class, {@code [^...]} one not in it
     * (a class can match {@code /});</li>
     * <li>{@code \} makes the next character literal, inside and outside classes;</li>
     * <li>anything else matches itself.</li>
     * </ul>
     * A malformed pattern (unclosed or empty class, range missing an end, trailing {@code \}) matches nothing.
     *
     * <p>Like Go, matching does not backtrack: after a {@code *}, the following run of non-star pattern
     * characters is placed at its first possible position. This only differs from an exhaustive glob when
     * a class that can match {@code /} follows a {@code *}: {@code *[^z]*} does not match {@code a.b/c}.
     */
    public static boolean globMatch(String pattern, String key) {
        if (pattern == null || key == null) {
            return false;
        }
        List<Token> tokens = Glob.compile(pattern);
        return tokens != null && Glob.matches(tokens, key.codePoints().toArray());
    }

    private static List<String> userPatterns(AIMRuntimeConfigCommon.LabelPropagation config) {
        if (config == null || !Boolean.TRUE.equals(config.enabled) || config.match == null) {
            return List.of();
        }
        return config.match;
    }

    private static boolean matchesAny(List<String> patterns, String key) {
        for (String pattern : patterns) {
            if (globMatch(pattern, key)) {
                return true;
            }
        }
        return false;
    }

    /** One element of a compiled glob. */
    private sealed interface Token permits Star, AnyOne, Literal, CharClass {
    }

    private record Star() implements Token {
    }

    private record AnyOne() implements Token {
    }

    private record Literal(int codePoint) implements Token {
    }

    /** Inclusive ranges {@code lows[i]..highs[i]}; a single character is a range of one. */
    private record CharClass(boolean negated, int[] lows, int[] highs) implements Token {
        boolean contains(int c) {
            boolean inside = false;
            for (int i = 0; i < lows.length; i++) {
                if (lows[i] <= c && c <= highs[i]) {
                    inside = true;
                    break;
                }
            }
            return inside != negated;
        }
    }

    /** Glob compilation (with validation) and matching. */
    private static final class Glob {

        /** The tokens of {@code pattern}, or {@code null} when it is malformed. */
        static List<Token> compile(String pattern) {
            int[] p = pattern.codePoints().toArray();
            List<Token> tokens = new ArrayList<>();
            int i = 0;
            while (i < p.length) {
                int c = p[i];
                if (c == '*') {
                    tokens.add(new Star());
                    i++;
                } else if (c == '?') {
                    tokens.add(new AnyOne());
                    i++;
                } else if (c == '\\') {
                    if (i + 1 >= p.length) {
                        return null;
                    }
                    tokens.add(new Literal(p[i + 1]));
                    i += 2;
                } else if (c == '[') {
                    i = compileClass(p, i + 1, tokens);
                    if (i < 0) {
                        return null;
                    }
                } else {
                    tokens.add(new Literal(c));
                    i++;
                }
            }
            return tokens;
        }

        /**
         * Parses a class body starting after {@code [}; appends it and returns the index after {@code ]},
         * or -1 when malformed. A class needs at least one item; an item may not start with {@code -} or
         * {@code ]} unless escaped, and a range is {@code lo-hi}.
         */
        private static int compileClass(int[] p, int i, List<Token> tokens) {
            boolean negated = i < p.length && p[i] == '^';
            if (negated) {
                i++;
            }
            List<int[]> ranges = new ArrayList<>();
            while (true) {
                if (i < p.length && p[i] == ']' && !ranges.isEmpty()) {
                    break;
                }
                int[] lo = classChar(p, i);
                if (lo == null) {
                    return -1;
                }
                i = lo[1];
                int hi = lo[0];
                if (p[i] == '-') {
                    int[] end = classChar(p, i + 1);
                    if (end == null) {
                        return -1;
                    }
                    hi = end[0];
                    i = end[1];
                }
                ranges.add(new int[] { lo[0], hi });
            }
            int[] lows = new int[ranges.size()];
            int[] highs = new int[ranges.size()];
            for (int r = 0; r < ranges.size(); r++) {
                lows[r] = ranges.get(r)[0];
                highs[r] = ranges.get(r)[1];
            }
            tokens.add(new CharClass(negated, lows, highs));
            return i + 1;
        }

        /**
         * One (possibly escaped) class character at {@code i}: {character, next index}; {@code null} when
         * missing, an unescaped {@code -} or {@code ]}, or when the pattern ends right after it (unclosed).
         */
        private static int[] classChar(int[] p, int i) {
            if (i >= p.length || p[i] == '-' || p[i] == ']') {
                return null;
            }
            if (p[i] == '\\') {
                i++;
                if (i >= p.length) {
                    return null;
                }
            }
            int next = i + 1;
            return next < p.length ? new int[] { p[i], next } : null;
        }

        /**
         * Splits the pattern at its stars into runs of single-character tokens, then places the runs left to
         * right: a run preceded by a star is placed at the first position (not past a {@code /}) where it
         * matches, the last run where it also ends the key. A placement is never revisited.
         */
        static boolean matches(List<Token> tokens, int[] s) {
            int pos = 0;
            int t = 0;
            while (t < tokens.size()) {
                boolean afterStar = false;
                while (t < tokens.size() && tokens.get(t) instanceof Star) {
                    afterStar = true;
                    t++;
                }
                int runEnd = t;
                while (runEnd < tokens.size() && !(tokens.get(runEnd) instanceof Star)) {
                    runEnd++;
                }
                List<Token> run = tokens.subList(t, runEnd);
                boolean lastRun = runEnd == tokens.size();
                if (run.isEmpty()) {
                    // a trailing star takes the rest of the key, which must not contain a separator
                    return indexOfSeparator(s, pos) < 0;
                }
                int placed = -1;
                for (int start = pos; ; start++) {
                    if (runMatchesAt(run, s, start) && (!lastRun || start + run.size() == s.length)) {
                        placed = start;
                        break;
                    }
                    if (!afterStar || start >= s.length || s[start] == SEPARATOR) {
                        break;
                    }
                }
                if (placed < 0) {
                    return false;
                }
                pos = placed + run.size();
                t = runEnd;
            }
            return pos == s.length;
        }

        private static boolean runMatchesAt(List<Token> run, int[] s, int start) {
            if (start + run.size() > s.length) {
                return false;
            }
            for (int k = 0; k < run.size(); k++) {
                if (!matchesOne(run.get(k), s[start + k])) {
                    return false;
                }
            }
            return true;
        }

        private static int indexOfSeparator(int[] s, int from) {
            for (int i = from; i < s.length; i++) {
                if (s[i] == SEPARATOR) {
                    return i;
                }
            }
            return -1;
        }

        private static boolean matchesOne(Token token, int c) {
            if (token instanceof AnyOne) {
                return c != SEPARATOR;
            }
            if (token instanceof Literal literal) {
                return literal.codePoint() == c;
            }
            return ((CharClass) token).contains(c);
        }
    }
}
