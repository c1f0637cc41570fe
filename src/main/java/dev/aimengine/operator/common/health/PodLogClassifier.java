package dev.aimengine.operator.common.health;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Classifies the tail of a failed container's log. Pattern families are tried in a fixed
 * order — infrastructure, source not found, authentication, storage — and within a family pattern by pattern; the
 * first pattern that matches any line decides, and that line (trimmed) becomes the excerpt. All patterns ignore case.
 *
 * <p>Not-found is tried before authentication because Hugging Face answers 401 for a repository that does not exist
 * while saying "Repository Not Found".
 */
final class PodLogClassifier {

    /** What the log says went wrong. */
    enum Category {
        /** RBAC or API trouble inside the pod: left to the termination reason. */
        INFRASTRUCTURE,
        SOURCE_NOT_FOUND,
        AUTH,
        STORAGE_FULL,
        /** Nothing recognised. */
        UNKNOWN
    }

    /** The verdict and the log excerpt to show (empty when there is nothing to show). */
    record Finding(Category category, String excerpt) {
    }

    /** How many trailing lines are shown when no pattern matched. */
    static final int FALLBACK_EXCERPT_LINES = 3;

    private static final List<Pattern> INFRASTRUCTURE = compile(
            "RBAC:.*not found",
            "clusterrole.*not found",
            "forbidden.*cannot.*resource",
            "serviceaccount.*cannot");

    private static final List<Pattern> SOURCE_NOT_FOUND = compile(
            "Repository Not Found",
            "RepositoryNotFoundError",
            "404.*not.*found",
            "not.*found.*404",
            "NoSuchKey",
            "NoSuchBucket",
            "model.*not.*found",
            "file.*not.*found",
            "s3.*404");

    private static final List<Pattern> AUTH = compile(
            // S3 and other AWS-style object stores
            "access.*denied.*s3",
            "s3.*403",
            "InvalidAccessKeyId",
            "SignatureDoesNotMatch",
            "s3.*unauthorized",
            "aws.*credentials.*not.*found",
            "NoCredentialProviders",
            // Hugging Face
            "Access to model .* is restricted",
            "Cannot access gated repo",
            "Invalid.*token.*huggingface",
            "huggingface.*authentication.*failed",
            "401.*Unauthorized.*hf\\.co",
            "403.*Forbidden.*hf\\.co");

    private static final List<Pattern> STORAGE_FULL = compile(
            "no space left on device",
            "disk.*full",
            "ENOSPC",
            "quota.*exceeded",
            "storage.*full");

    private PodLogClassifier() {
    }

    /**
     * Classifies a log. Without a recognised line the excerpt is the last {@value #FALLBACK_EXCERPT_LINES} lines of
     * the (trimmed) log.
     */
    static Finding classify(String log) {
        if (log == null || log.isEmpty()) {
            return new Finding(Category.UNKNOWN, "");
        }
        String[] lines = log.split("\n", -1);
        for (Category category : List.of(Category.INFRASTRUCTURE, Category.SOURCE_NOT_FOUND, Category.AUTH,
                Category.STORAGE_FULL)) {
            for (Pattern pattern : patterns(category)) {
                for (String line : lines) {
                    if (pattern.matcher(line).find()) {
                        return new Finding(category, line.strip());
                    }
                }
            }
        }
        return new Finding(Category.UNKNOWN, lastLines(log.strip()));
    }

    private static String lastLines(String log) {
        String[] lines = log.split("\n", -1);
        int from = Math.max(0, lines.length - FALLBACK_EXCERPT_LINES);
        return String.join("\n", Arrays.asList(lines).subList(from, lines.length));
    }

    private static List<Pattern> patterns(Category category) {
        return switch (category) {
            case INFRASTRUCTURE -> INFRASTRUCTURE;
            case SOURCE_NOT_FOUND -> SOURCE_NOT_FOUND;
            case AUTH -> AUTH;
            case STORAGE_FULL -> STORAGE_FULL;
            case UNKNOWN -> List.of();
        };
    }

    private static List<Pattern> compile(String... regexes) {
        return Arrays.stream(regexes)
                .map(r -> Pattern.compile(r, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE))
                .toList();
    }
}
