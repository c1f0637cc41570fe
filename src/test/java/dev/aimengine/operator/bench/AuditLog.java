package dev.aimengine.operator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The API server's audit log (one JSON line per request), read to count what the operator really sent: the
 * operator's requests are those whose user agent is the Kubernetes client's and not the benchmark's own.
 */
final class AuditLog {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Request(Instant at, String verb, String resource, String subresource, String userAgent) {
        boolean write() {
            return switch (verb) {
                case "create", "update", "patch", "delete", "deletecollection" -> true;
                default -> false;
            };
        }
    }

    private final Path file;

    AuditLog(Path file) {
        this.file = file;
    }

    /** Requests the operator made between two instants. */
    List<Request> operator(Instant from, Instant to) {
        return read(r -> !r.at().isBefore(from) && r.at().isBefore(to) && r.userAgent() != null
                && r.userAgent().startsWith("fabric8-kubernetes-client"));
    }

    private List<Request> read(Predicate<Request> keep) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try (Stream<String> lines = Files.lines(file)) {
            return lines.map(AuditLog::parse).filter(r -> r != null && keep.test(r)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Request parse(String line) {
        try {
            JsonNode n = JSON.readTree(line);
            if (!"ResponseComplete".equals(n.path("stage").asText())) {
                return null;
            }
            JsonNode ref = n.path("objectRef");
            return new Request(Instant.parse(n.path("requestReceivedTimestamp").asText()), n.path("verb").asText(),
                    ref.path("resource").asText(null), ref.path("subresource").asText(null),
                    n.path("userAgent").asText(null));
        } catch (Exception e) {
            return null;
        }
    }

    /** "verb resource[/subresource]" → count. */
    static Map<String, Long> byKind(List<Request> requests) {
        Map<String, Long> counts = new TreeMap<>();
        for (Request r : requests) {
            String key = r.verb() + " " + r.resource() + (r.subresource() == null ? "" : "/" + r.subresource());
            counts.merge(key, 1L, Long::sum);
        }
        return counts;
    }
}
