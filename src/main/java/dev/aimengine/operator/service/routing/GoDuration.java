package dev.aimengine.operator.service.routing;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * A duration in the syntax of Go's {@code time.ParseDuration} and printed like Go's {@code time.Duration.String()}.
 * This is how {@code routing.requestTimeout} ({@code metav1.Duration}) is read and written back.
 *
 * <p>Syntax: an optional sign followed by one or more decimal numbers, each with an optional fraction and a
 * mandatory unit, e.g. {@code 300ms}, {@code -1.5h}, {@code 2h45m}. Units: {@code ns}, {@code us} (also
 * {@code µs} U+00B5 and {@code μs} U+03BC), {@code ms}, {@code s}, {@code m}, {@code h}. The bare string
 * {@code 0} (optionally signed) is zero. Fractions are exact; sub-nanosecond remainders are dropped per term.
 * The value must fit a signed 64-bit count of nanoseconds.
 *
 * <p>Printing: {@code 0s} for zero; below one second a single unit with a decimal fraction ({@code 500ms},
 * {@code 1.5µs}, {@code 12ns}); from one second up {@code [<h>h][<m>m]<s>[.<fraction>]s}, where minutes are
 * printed once there are hours: {@code 3m0s}, {@code 1m30s}, {@code 1h0m0s}, {@code 1.5s}.
 *
 * @param nanos the duration in nanoseconds
 */
public record GoDuration(long nanos) {

    private static final long NANOSECOND = 1L;
    private static final long MICROSECOND = 1_000L * NANOSECOND;
    private static final long MILLISECOND = 1_000L * MICROSECOND;
    private static final long SECOND = 1_000L * MILLISECOND;
    private static final long MINUTE = 60L * SECOND;
    private static final long HOUR = 60L * MINUTE;

    private static final BigInteger MAX_POSITIVE = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger MAX_NEGATIVE = BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE);

    /**
     * Parses Go duration syntax.
     *
     * @throws IllegalArgumentException if {@code text} is {@code null}, empty, malformed, has a missing or unknown
     *         unit, or overflows 64 bits of nanoseconds
     */
    public static GoDuration parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("invalid duration: null");
        }
        String s = text;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return new GoDuration(0);
        }
        if (s.isEmpty()) {
            throw invalid(text);
        }
        BigInteger total = BigInteger.ZERO;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '.' && !isDigit(c)) {
                throw invalid(text);
            }
            int numberStart = i;
            while (i < s.length() && isDigit(s.charAt(i))) {
                i++;
            }
            boolean hasInteger = i > numberStart;
            boolean hasFraction = false;
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                int fractionStart = i;
                while (i < s.length() && isDigit(s.charAt(i))) {
                    i++;
                }
                hasFraction = i > fractionStart;
            }
            if (!hasInteger && !hasFraction) {
                throw invalid(text);
            }
            String number = s.substring(numberStart, i);
            int unitStart = i;
            while (i < s.length() && s.charAt(i) != '.' && !isDigit(s.charAt(i))) {
                i++;
            }
            if (unitStart == i) {
                throw new IllegalArgumentException("missing unit in duration \"" + text + "\"");
            }
            long unit = unitNanos(s.substring(unitStart, i), text);
            BigDecimal value = new BigDecimal(number.startsWith(".") ? "0" + number : number);
            total = total.add(value.multiply(BigDecimal.valueOf(unit)).setScale(0, RoundingMode.DOWN).toBigInteger());
            if (total.compareTo(negative ? MAX_NEGATIVE : MAX_POSITIVE) > 0) {
                throw invalid(text);
            }
        }
        return new GoDuration(negative ? total.negate().longValueExact() : total.longValueExact());
    }

    /** The Go printing of {@code nanos} (see the class description). */
    public static String format(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        // magnitude as an unsigned 64-bit number, so that Long.MIN_VALUE works too
        long u = nanos < 0 ? -nanos : nanos;
        String sign = nanos < 0 ? "-" : "";
        if (Long.compareUnsigned(u, SECOND) < 0) {
            if (u < MICROSECOND) {
                return sign + u + "ns";
            }
            if (u < MILLISECOND) {
                return sign + decimal(u, 3) + "µs";
            }
            return sign + decimal(u, 6) + "ms";
        }
        long seconds = Long.divideUnsigned(u, SECOND);
        long fraction = Long.remainderUnsigned(u, SECOND);
        StringBuilder out = new StringBuilder(sign);
        long hours = seconds / 3600;
        long minutes = (seconds / 60) % 60;
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (seconds >= 60) {
            out.append(minutes).append('m');
        }
        out.append(seconds % 60);
        appendFraction(out, fraction, 9);
        return out.append('s').toString();
    }

    /** Parses and prints again: the canonical Go spelling, e.g. {@code 90s} → {@code 1m30s}. */
    public static String normalize(String text) {
        return parse(text).toString();
    }

    /** Go's {@code time.Duration.String()} of this duration. */
    @Override
    public String toString() {
        return format(nanos);
    }

    private static long unitNanos(String unit, String text) {
        return switch (unit) {
            case "ns" -> NANOSECOND;
            case "us", "\u00b5s", "\u03bcs" -> MICROSECOND;
            case "ms" -> MILLISECOND;
            case "s" -> SECOND;
            case "m" -> MINUTE;
            case "h" -> HOUR;
            default -> throw new IllegalArgumentException("unknown unit \"" + unit + "\" in duration \"" + text + "\"");
        };
    }

    /** {@code value / 10^digits} with the fraction's trailing zeros removed. */
    private static String decimal(long value, int digits) {
        long scale = pow10(digits);
        StringBuilder out = new StringBuilder().append(value / scale);
        appendFraction(out, value % scale, digits);
        return out.toString();
    }

    private static void appendFraction(StringBuilder out, long fraction, int digits) {
        if (fraction == 0) {
            return;
        }
        String padded = String.format("%0" + digits + "d", fraction);
        int end = padded.length();
        while (padded.charAt(end - 1) == '0') {
            end--;
        }
        out.append('.').append(padded, 0, end);
    }

    private static long pow10(int digits) {
        long p = 1;
        for (int i = 0; i < digits; i++) {
            p *= 10;
        }
        return p;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("invalid duration \"" + text + "\"");
    }
}
