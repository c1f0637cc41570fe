package dev.aimengine.operator.common.status;

import dev.aimengine.operator.api.v1alpha1.CrdSchemaPostProcessor;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A working copy of a status' condition list (metav1.Condition shape). {@code lastTransitionTime} moves only when a
 * condition's status or reason changes; every condition written carries the observed generation.
 *
 * <p>Every condition in the list satisfies the CRDs' condition schema, so a status write never fails on it:
 * <ul>
 * <li>status is {@code True}, {@code False} or {@code Unknown} (anything else becomes {@code Unknown});</li>
 * <li>the reason matches the reason pattern: characters other than letters, digits, {@code _ , :} are dropped,
 * leading characters up to the first letter too, it is cut to 1024 characters and trailing {@code , :} are
 * removed; what is empty then becomes {@code Unknown};</li>
 * <li>the message is never empty (API servers before 1.22 turn {@code ""} in a server-side apply into null, which
 * the schema rejects): an empty or missing message is replaced by the reason; it is cut to 32768 characters;</li>
 * <li>the type must match the type pattern; setting a condition of any other type is a programming error
 * ({@link IllegalArgumentException}). Existing conditions of such a type (hand-written, or written before the schema
 * was strict) are dropped, as are existing conditions' timestamps that are no RFC 3339 time (replaced by now) and
 * negative generations (removed).</li>
 * </ul>
 */
public final class Conditions {
    public static final String TRUE = "True";
    public static final String FALSE = "False";
    public static final String UNKNOWN = "Unknown";

    private static final Pattern TYPE = Pattern.compile(CrdSchemaPostProcessor.CONDITION_TYPE_PATTERN);

    private final List<Condition> conditions = new ArrayList<>();
    private final Set<String> touched = new HashSet<>();
    private final Instant now;
    private final Long generation;

    public Conditions(List<Condition> existing, Instant now, Long generation) {
        this.now = now;
        this.generation = generation;
        if (existing != null) {
            for (Condition c : existing) {
                if (c != null && isValidType(c.getType()) && get(c.getType()).isEmpty()) {
                    conditions.add(wellFormed(c));
                }
            }
        }
    }

    public Optional<Condition> get(String type) {
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    public boolean isTrue(String type) {
        return get(type).map(c -> TRUE.equals(c.getStatus())).orElse(false);
    }

    public boolean isFalse(String type) {
        return get(type).map(c -> FALSE.equals(c.getStatus())).orElse(false);
    }

    public void set(String type, boolean status, String reason, String message) {
        set(type, status ? TRUE : FALSE, reason, message);
    }

    public void set(String type, String status, String reason, String message) {
        if (!isValidType(type)) {
            throw new IllegalArgumentException("not a valid condition type: " + type);
        }
        touched.add(type);
        String why = reason(reason);
        Condition next = new ConditionBuilder()
                .withType(type)
                .withStatus(status(status))
                .withReason(why)
                .withMessage(message(message, why))
                .withObservedGeneration(generation)
                .withLastTransitionTime(timestamp(now))
                .build();
        for (int i = 0; i < conditions.size(); i++) {
            Condition old = conditions.get(i);
            if (type.equals(old.getType())) {
                if (next.getStatus().equals(old.getStatus()) && next.getReason().equals(old.getReason())
                        && old.getLastTransitionTime() != null) {
                    next.setLastTransitionTime(old.getLastTransitionTime());
                }
                conditions.set(i, next);
                return;
            }
        }
        conditions.add(next);
    }

    public void remove(String type) {
        conditions.removeIf(c -> type.equals(c.getType()));
    }

    /** Whether {@link #set} was called for this type on this working copy. */
    public boolean wasSet(String type) {
        return touched.contains(type);
    }

    public List<Condition> list() {
        return List.copyOf(conditions);
    }

    public Instant now() {
        return now;
    }

    /** Whether {@code type} is a valid condition type (pattern and length of the CRDs' condition schema). */
    public static boolean isValidType(String type) {
        return type != null && type.length() <= CrdSchemaPostProcessor.CONDITION_TYPE_MAX_LENGTH
                && TYPE.matcher(type).matches();
    }

    /** {@code status} when it is True, False or Unknown, else Unknown. */
    static String status(String status) {
        return TRUE.equals(status) || FALSE.equals(status) ? status : UNKNOWN;
    }

    /** The reason made to match the reason pattern (see the class comment). */
    static String reason(String reason) {
        StringBuilder out = new StringBuilder();
        if (reason != null) {
            for (int i = 0; i < reason.length() && out.length() < CrdSchemaPostProcessor.CONDITION_REASON_MAX_LENGTH;
                    i++) {
                char c = reason.charAt(i);
                boolean letter = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
                boolean other = c >= '0' && c <= '9' || c == '_' || c == ',' || c == ':';
                if (letter || other && out.length() > 0) {
                    out.append(c);
                }
            }
        }
        while (out.length() > 0 && (out.charAt(out.length() - 1) == ',' || out.charAt(out.length() - 1) == ':')) {
            out.setLength(out.length() - 1);
        }
        return out.length() == 0 ? UNKNOWN : out.toString();
    }

    /** The message, or the reason when it is null or empty, cut to the schema's maximum length (in code points). */
    static String message(String message, String reason) {
        String text = message == null || message.isEmpty() ? reason : message;
        int max = CrdSchemaPostProcessor.CONDITION_MESSAGE_MAX_LENGTH;
        return text.codePointCount(0, text.length()) <= max ? text : text.substring(0, text.offsetByCodePoints(0, max));
    }

    /** A copy of an existing condition that satisfies the schema (see the class comment). */
    private Condition wellFormed(Condition c) {
        String why = reason(c.getReason());
        Long observed = c.getObservedGeneration() == null || c.getObservedGeneration() < 0 ? null
                : c.getObservedGeneration();
        return new ConditionBuilder(c)
                .withStatus(status(c.getStatus()))
                .withReason(why)
                .withMessage(message(c.getMessage(), why))
                .withObservedGeneration(observed)
                .withLastTransitionTime(lastTransition(c).isPresent() ? c.getLastTransitionTime() : timestamp(now))
                .build();
    }

    /** RFC 3339 with seconds, as Kubernetes writes it. */
    public static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    public static Optional<Instant> lastTransition(Condition c) {
        try {
            return Optional.ofNullable(c.getLastTransitionTime()).map(Instant::parse);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
