package dev.aimengine.operator.api.v1alpha1;

import io.fabric8.crdv2.generator.CRDGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The CRDs committed in deploy/crds must be exactly what the build generates (the same fabric8 generator and
 * post-processor QOSDK runs). Regenerate with {@code ./mvnw test -Dtest=CrdFilesTest -Daim.update-crds=true}.
 */
class CrdFilesTest {

    static final Path COMMITTED = Path.of("deploy/crds");
    static TreeMap<String, String> generated = new TreeMap<>();

    @BeforeAll
    static void generate(@TempDir Path out) throws IOException {
        new CRDGenerator().inOutputDir(out.toFile())
                .withPostProcessor(new CrdSchemaPostProcessor())
                .customResourceClasses(AIMApi.KINDS)
                .forCRDVersions("v1")
                .generate();
        try (Stream<Path> files = Files.list(out)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString().replace("-v1.yml", ".yaml");
                generated.put(name, Files.readString(f));
            }
        }
        if (Boolean.getBoolean("aim.update-crds")) {
            Files.createDirectories(COMMITTED);
            for (var e : generated.entrySet()) {
                Files.writeString(COMMITTED.resolve(e.getKey()), e.getValue());
            }
        }
    }

    @Test
    void tenCrdsAreGenerated() {
        assertEquals(10, generated.size(), generated.keySet().toString());
    }

    @Test
    void committedCrdsMatchTheBuild() throws IOException {
        List<String> committed;
        try (Stream<Path> files = Files.list(COMMITTED)) {
            committed = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".aim.eai.amd.com.yaml"))
                    .sorted().toList();
        }
        assertEquals(List.copyOf(generated.keySet()), committed, "deploy/crds holds a different set of CRDs");
        for (var e : generated.entrySet()) {
            assertEquals(e.getValue(), Files.readString(COMMITTED.resolve(e.getKey())),
                    e.getKey() + " drifted from the API classes; regenerate with -Daim.update-crds=true");
        }
    }

    @Test
    void noEmptyStringDefaults() {
        // API servers before 1.25 reject `default: ""` in a structural schema.
        generated.forEach((name, yaml) -> assertFalse(yaml.contains("default: \"\""), name));
    }
}
