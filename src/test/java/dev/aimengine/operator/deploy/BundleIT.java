package dev.aimengine.operator.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed {@code bundle/} is what {@code hack/bundle.sh} makes of the bundle this build generated: same files,
 * same bytes. A controller's new RBAC rule, a changed CRD, sample or descriptor therefore fails the build until the
 * bundle is regenerated and committed. Runs after {@code package} (failsafe), since QOSDK generates
 * {@code target/bundle} while packaging; the script writes into a temporary directory and leaves {@code bundle/}
 * alone.
 */
class BundleIT {
    static final Path COMMITTED = Path.of("bundle");
    static final String HOW_TO_FIX = "the committed bundle/ is not what hack/bundle.sh generates: run hack/bundle.sh "
            + "and commit bundle/";

    @Test
    void theCommittedBundleIsAFreshGeneration() throws Exception {
        assertTrue(Files.isDirectory(Path.of("target/bundle/aim-engine-operator")),
                "QOSDK's generated bundle is needed: run after `./mvnw package`");
        Path fresh = Files.createTempDirectory("aim-bundle").resolve("bundle");
        Path log = Files.createTempFile("aim-bundle", ".log");
        ProcessBuilder script = new ProcessBuilder("bash", "hack/bundle.sh", "--no-build")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        script.environment().put("BUNDLE_OUT", fresh.toString());
        Process process = script.start();
        // long enough for the script to install python3-yaml on a machine without it
        assertTrue(process.waitFor(10, TimeUnit.MINUTES), "hack/bundle.sh did not finish");
        assertEquals(0, process.exitValue(), "hack/bundle.sh failed:\n" + Files.readString(log));

        Map<String, Path> committed = files(COMMITTED);
        Map<String, Path> generated = files(fresh);
        Set<String> onlyGenerated = new TreeSet<>(generated.keySet());
        onlyGenerated.removeAll(committed.keySet());
        Set<String> onlyCommitted = new TreeSet<>(committed.keySet());
        onlyCommitted.removeAll(generated.keySet());
        assertTrue(onlyGenerated.isEmpty() && onlyCommitted.isEmpty(), HOW_TO_FIX + "; files generated but not "
                + "committed: " + onlyGenerated + ", committed but no longer generated: " + onlyCommitted);
        List<String> differing = new ArrayList<>();
        for (Map.Entry<String, Path> file : generated.entrySet()) {
            Path have = committed.get(file.getKey());
            if (!Arrays.equals(Files.readAllBytes(file.getValue()), Files.readAllBytes(have))) {
                differing.add(file.getKey() + " " + firstDifference(Files.readAllLines(file.getValue()),
                        Files.readAllLines(have)));
            }
        }
        assertTrue(differing.isEmpty(), HOW_TO_FIX + "; differing:\n  " + String.join("\n  ", differing));
    }

    /** Every regular file under the directory, by its path relative to it. */
    static Map<String, Path> files(Path root) throws IOException {
        Map<String, Path> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).forEach(f -> files.put(root.relativize(f).toString(), f));
        }
        return files;
    }

    /** "line N: generated «…», committed «…»" for the first line that differs. */
    static String firstDifference(List<String> generated, List<String> committed) {
        for (int i = 0; i < Math.max(generated.size(), committed.size()); i++) {
            String want = i < generated.size() ? generated.get(i) : "(end of file)";
            String have = i < committed.size() ? committed.get(i) : "(end of file)";
            if (!want.equals(have)) {
                return "line " + (i + 1) + ": generated «" + want.strip() + "», committed «" + have.strip() + "»";
            }
        }
        return "(line endings or the final newline)";
    }
}
