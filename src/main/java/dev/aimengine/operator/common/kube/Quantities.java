package dev.aimengine.operator.common.kube;

import io.fabric8.kubernetes.api.model.Quantity;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;

/**
 * The text Kubernetes writes for a resource quantity. A Go client parses every quantity it reads and writes it back
 * in canonical form, so AIM Engine writes {@code limits: "2"} where the user wrote {@code 2000m}. fabric8 keeps the
 * text as written; {@link #canonical(String)} turns it into what Kubernetes would write:
 * <ol>
 * <li>The text is read as sign, digits, optional fraction and suffix. The suffix decides the format: binary
 * ({@code Ki Mi Gi Ti Pi Ei}), decimal ({@code n u m}, none, {@code k M G T P E}) or decimal exponent
 * ({@code e}/{@code E} followed by a signed integer, e.g. {@code 1e3}).</li>
 * <li>A value that needs more than nine fractional digits is rounded away from zero to whole nano units
 * ({@code 0.00000012345} → {@code 124n}). A binary value is capped at 2^63-1 in magnitude, and a binary value
 * between 0 and 1 becomes decimal.</li>
 * <li>Zero is {@code 0}. Binary values below 1024 in magnitude or with a fraction are written as decimal.
 * A binary value is written with the largest power of 1024 that divides it ({@code 1024Mi} → {@code 1Gi},
 * {@code 1536Mi} stays). A decimal value is written with the largest exponent that is a multiple of three and
 * leaves a whole mantissa ({@code 2000m} → {@code 2}, {@code 1500m} stays, {@code 0.5} → {@code 500m},
 * {@code 1000} → {@code 1k}); the exponent format writes that exponent as {@code eN} ({@code 1000e0} → {@code 1e3}).
 * Kubernetes has no decimal suffix above {@code E}: such an exponent is written without any suffix (so
 * {@code 1000E} becomes {@code 1}, as Kubernetes itself writes it).</li>
 * <li>Kubernetes' parser keeps the text exactly as written when its shortcut for short values deems it canonical
 * already: for decimal and exponent formats when there are at most 18 digits (leading zeros not counted), the
 * exponent left after moving the fraction into it is at least -9 and a multiple of three, the digits do not end
 * in {@code 000} and do not start with {@code 0} ({@code +1}, {@code 007}, {@code 1.500}, {@code 1E3} stay as they
 * are); for binary suffixes when there is no fraction, the value fits in 64 bits, the digits are few enough
 * (up to 10 for {@code Ki}, 7 for {@code Mi}, 4 for {@code Gi}, 1 for {@code Ti}, never for {@code Pi} and
 * {@code Ei}) and the number is not a multiple of 8 ({@code +1Ki}, {@code 01Ki} stay).</li>
 * </ol>
 * Text that is not a quantity is returned unchanged. Pure and thread-safe.
 */
public final class Quantities {

    private enum Format {
        BINARY_SI, DECIMAL_SI, DECIMAL_EXPONENT
    }

    /** A parsed quantity: its value and format, and the text to write instead when Kubernetes keeps the input. */
    private record Parsed(BigDecimal value, Format format, String keep) {
    }

    private static final BigDecimal MAX_BINARY = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final BigInteger ONE_KI = BigInteger.valueOf(1024);
    private static final String SUFFIX_CHARS = "eEinumkKMGTP";
    private static final String[] BINARY_SUFFIXES = { "", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei" };
    private static final Map<String, Integer> DECIMAL_EXPONENTS = Map.of("", 0, "n", -9, "u", -6, "m", -3, "k", 3,
            "M", 6, "G", 9, "T", 12, "P", 15, "E", 18);
    private static final Map<Integer, String> DECIMAL_SUFFIXES = Map.of(-9, "n", -6, "u", -3, "m", 0, "", 3, "k",
            6, "M", 9, "G", 12, "T", 15, "P", 18, "E");
    private static final Map<String, Integer> BINARY_EXPONENTS = Map.of("Ki", 10, "Mi", 20, "Gi", 30, "Ti", 40,
            "Pi", 50, "Ei", 60);

    private Quantities() {
    }

    /** The canonical text of {@code text}; {@code text} itself when it is null or not a quantity. */
    public static String canonical(String text) {
        if (text == null) {
            return null;
        }
        String[] parts = canonicalParts(text.strip());
        return parts == null ? text : parts[0] + parts[1];
    }

    /**
     * A new quantity holding the canonical text of {@code quantity} (amount = number, format = suffix); a copy of it
     * when it is not a valid quantity; null for null.
     */
    public static Quantity canonical(Quantity quantity) {
        if (quantity == null) {
            return null;
        }
        String[] parts = canonicalParts(text(quantity).strip());
        return parts == null ? new Quantity(quantity.getAmount(), quantity.getFormat())
                : new Quantity(parts[0], parts[1]);
    }

    /** The quantity's text as fabric8 writes it: amount followed by format. */
    public static String text(Quantity quantity) {
        return (quantity.getAmount() == null ? "" : quantity.getAmount())
                + (quantity.getFormat() == null ? "" : quantity.getFormat());
    }

    /** Number and suffix of the canonical text, or null when {@code text} is not a quantity. */
    private static String[] canonicalParts(String text) {
        Parsed parsed = parse(text);
        if (parsed == null) {
            return null;
        }
        if (parsed.keep() != null) {
            int split = 0;
            while (split < parsed.keep().length() && SUFFIX_CHARS.indexOf(parsed.keep().charAt(split)) < 0) {
                split++;
            }
            return new String[] { parsed.keep().substring(0, split), parsed.keep().substring(split) };
        }
        return format(parsed.value(), parsed.format());
    }

    private static Parsed parse(String s) {
        if (s.isEmpty()) {
            return null;
        }
        if (s.equals("0")) {
            return new Parsed(BigDecimal.ZERO, Format.DECIMAL_SI, "0");
        }
        int end = s.length();
        int pos = 0;
        boolean negative = false;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            negative = s.charAt(0) == '-';
            pos++;
        }
        while (pos < end && s.charAt(pos) == '0') {
            pos++;
        }
        if (pos == end) {
            // only zeros (and perhaps a sign)
            return new Parsed(BigDecimal.ZERO, Format.DECIMAL_SI, null);
        }
        int start = pos;
        pos = skipDigits(s, pos);
        String num = start == pos ? "0" : s.substring(start, pos);
        String denom = "";
        if (pos < end && s.charAt(pos) == '.') {
            int denomStart = ++pos;
            pos = skipDigits(s, pos);
            denom = s.substring(denomStart, pos);
        }
        int suffixStart = pos;
        while (pos < end && SUFFIX_CHARS.indexOf(s.charAt(pos)) >= 0) {
            pos++;
        }
        if (pos < end && (s.charAt(pos) == '-' || s.charAt(pos) == '+')) {
            pos++;
        }
        pos = skipDigits(s, pos);
        if (pos != end) {
            return null;
        }
        String suffix = s.substring(suffixStart);

        Format format;
        int exponent;
        if (DECIMAL_EXPONENTS.containsKey(suffix)) {
            format = Format.DECIMAL_SI;
            exponent = DECIMAL_EXPONENTS.get(suffix);
        } else if (BINARY_EXPONENTS.containsKey(suffix)) {
            format = Format.BINARY_SI;
            exponent = BINARY_EXPONENTS.get(suffix);
        } else if (suffix.length() > 1 && (suffix.charAt(0) == 'e' || suffix.charAt(0) == 'E')) {
            format = Format.DECIMAL_EXPONENT;
            try {
                // Kubernetes reads a 64-bit exponent and keeps its low 32 bits
                exponent = (int) Long.parseLong(suffix.substring(1));
            } catch (NumberFormatException e) {
                return null;
            }
        } else {
            return null;
        }

        Shortcut shortcut = shortcut(format, exponent, num, denom);
        if (shortcut == Shortcut.NONE && s.substring(0, suffixStart).chars().noneMatch(Character::isDigit)) {
            // without the shortcut Kubernetes needs at least one digit before the suffix ("Pi" and "e-12" fail)
            return null;
        }
        String keep = shortcut == Shortcut.KEEP_TEXT ? s : null;
        String digits = num + denom;
        BigInteger unscaled = new BigInteger(digits);
        BigDecimal value;
        if (format == Format.BINARY_SI) {
            value = new BigDecimal(unscaled.shiftLeft(exponent), denom.length());
        } else {
            long scale = (long) denom.length() - exponent;
            if (scale != (int) scale) {
                return null;
            }
            value = new BigDecimal(unscaled, (int) scale);
        }
        if (value.signum() == 0) {
            return new Parsed(BigDecimal.ZERO, format, keep);
        }
        if (value.scale() > 9) {
            value = value.setScale(9, RoundingMode.UP);
        }
        if (format == Format.BINARY_SI && value.compareTo(MAX_BINARY) > 0) {
            value = MAX_BINARY;
        }
        if (format == Format.BINARY_SI && value.compareTo(BigDecimal.ONE) < 0) {
            format = Format.DECIMAL_SI;
        }
        return new Parsed(negative ? value.negate() : value, format, keep);
    }

    /** Whether Kubernetes' parser takes its shortcut for short values, and whether it then keeps the text. */
    private enum Shortcut {
        NONE, TAKEN, KEEP_TEXT
    }

    /** Kubernetes' shortcut for short values, which keeps the text when it looks canonical (see class comment). */
    private static Shortcut shortcut(Format format, int exponent, String num, String denom) {
        String digits = num + denom;
        if (format == Format.BINARY_SI) {
            if (!denom.isEmpty() || 14 - num.length() - 3 * exponent / 10 < 0) {
                return Shortcut.NONE;
            }
            long value = Long.parseLong(num);
            if (value != 0 && BigInteger.valueOf(value).shiftLeft(exponent).bitLength() > 63) {
                return Shortcut.NONE;
            }
            return (value & 7) != 0 ? Shortcut.KEEP_TEXT : Shortcut.TAKEN;
        }
        long scale = (long) exponent - denom.length();
        if (digits.length() > 18 || scale < -9) {
            return Shortcut.NONE;
        }
        return scale % 3 == 0 && !digits.endsWith("000") && digits.charAt(0) != '0' ? Shortcut.KEEP_TEXT
                : Shortcut.TAKEN;
    }

    private static String[] format(BigDecimal value, Format format) {
        if (value.signum() == 0) {
            return new String[] { "0", "" };
        }
        if (format == Format.BINARY_SI) {
            BigDecimal stripped = value.stripTrailingZeros();
            if (value.abs().compareTo(BigDecimal.valueOf(1024)) < 0 || stripped.scale() > 0) {
                format = Format.DECIMAL_SI;
            } else {
                BigInteger mantissa = stripped.toBigIntegerExact();
                int power = 0;
                while (mantissa.abs().compareTo(ONE_KI) >= 0
                        && mantissa.mod(ONE_KI).signum() == 0) {
                    mantissa = mantissa.divide(ONE_KI);
                    power++;
                }
                return new String[] { mantissa.toString(), BINARY_SUFFIXES[power] };
            }
        }
        BigDecimal stripped = value.stripTrailingZeros();
        BigInteger mantissa = stripped.unscaledValue();
        long exponent = -(long) stripped.scale();
        int down = (int) Math.floorMod(exponent, 3L);
        mantissa = mantissa.multiply(BigInteger.TEN.pow(down));
        exponent -= down;
        String suffix;
        if (format == Format.DECIMAL_EXPONENT) {
            suffix = exponent == 0 ? "" : "e" + exponent;
        } else {
            suffix = DECIMAL_SUFFIXES.getOrDefault((int) exponent, "");
        }
        return new String[] { mantissa.toString(), suffix };
    }

    private static int skipDigits(String s, int pos) {
        while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
            pos++;
        }
        return pos;
    }
}
