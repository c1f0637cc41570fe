package dev.aimengine.operator.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OLM bundle in {@code bundle/} (made by {@code hack/bundle.sh}): a CSV that owns all ten AIM kinds and requires
 * nothing, runs the same Deployment as {@code deploy/}, carries what OperatorHub shows, and CRDs identical to
 * {@code deploy/crds}.
 */
class BundleTest {
    static final Path BUNDLE = Path.of("bundle");
    final KubernetesSerialization yaml = new KubernetesSerialization();

    JsonNode csv() throws IOException {
        return yaml.unmarshal(Files.readString(BUNDLE.resolve("manifests/aim-engine-operator.clusterserviceversion.yaml")),
                JsonNode.class);
    }

    @Test
    void theCsvOwnsEveryAimKindAndRequiresNothing() throws IOException {
        JsonNode crds = csv().path("spec").path("customresourcedefinitions");
        Set<String> owned = new TreeSet<>();
        crds.path("owned").forEach(c -> owned.add(c.path("kind").asText()));
        assertEquals(new TreeSet<>(List.of("AIMArtifact", "AIMClusterModel", "AIMClusterModelSource",
                "AIMClusterRuntimeConfig", "AIMClusterServiceTemplate", "AIMModel", "AIMRuntimeConfig", "AIMService",
                "AIMServiceTemplate", "AIMTemplateCache")), owned);
        assertTrue(crds.path("required").isMissingNode() || crds.path("required").isEmpty(),
                "OLM refuses a bundle whose required CRDs no installed operator owns (KServe rarely comes from OLM)");
    }

    @Test
    void whatOperatorHubShows() throws IOException {
        JsonNode spec = csv().path("spec");
        assertEquals("AIM Engine", spec.path("displayName").asText());
        assertFalse(spec.path("description").asText().isBlank());
        assertFalse(spec.path("icon").path(0).path("base64data").asText().isEmpty());
        assertEquals("image/svg+xml", spec.path("icon").path(0).path("mediatype").asText());
        assertEquals("alpha", spec.path("maturity").asText());
        assertEquals("1.20.0", spec.path("minKubeVersion").asText());
        assertTrue(spec.path("keywords").size() > 3);
        assertTrue(spec.path("links").size() >= 1);
        List<String> supported = new ArrayList<>();
        spec.path("installModes").forEach(m -> {
            if (m.path("supported").asBoolean()) {
                supported.add(m.path("type").asText());
            }
        });
        assertEquals(List.of("AllNamespaces"), supported);
    }

    @Test
    void theInstalledDeploymentIsTheOneDeployInstalls() throws IOException {
        JsonNode install = csv().path("spec").path("install").path("spec");
        JsonNode fromDeploy = yaml.unmarshal(Files.readString(Path.of("deploy/operator/deployment.yaml")),
                JsonNode.class).path("spec");
        assertEquals(fromDeploy, install.path("deployments").path(0).path("spec"));
        assertEquals("aim-engine-operator", install.path("deployments").path(0).path("name").asText());
        Set<String> leaseVerbs = new TreeSet<>();
        install.path("permissions").forEach(p -> p.path("rules").forEach(r -> {
            if (r.path("resources").toString().contains("leases")) {
                r.path("verbs").forEach(v -> leaseVerbs.add(v.asText()));
            }
        }));
        assertEquals(Set.of("create", "get", "patch", "update"), leaseVerbs, "leader election needs its Lease");
        String rules = install.path("clusterPermissions").toString();
        assertFalse(rules.contains("\"*\""), "no wildcard verbs or resources");
        assertTrue(rules.contains("aimservices"), rules.substring(0, Math.min(300, rules.length())));
    }

    @Test
    void almExamplesAreTheSamplesUsersApply() throws IOException {
        JsonNode csv = csv();
        JsonNode examples = yaml.unmarshal(csv.path("metadata").path("annotations").path("alm-examples").asText(),
                JsonNode.class);
        Set<String> owned = new TreeSet<>();
        csv.path("spec").path("customresourcedefinitions").path("owned").forEach(c -> owned.add(c.path("kind").asText()));
        List<JsonNode> samples = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("deploy/samples"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (String doc : Files.readString(f).split("(?m)^---\\s*$")) {
                    JsonNode node = yaml.unmarshal(doc, JsonNode.class);
                    if (node != null && node.path("apiVersion").asText().startsWith("aim.eai.amd.com/")) {
                        samples.add(node);
                    }
                }
            }
        }
        assertEquals(samples.size(), examples.size(), "one example per sample object");
        for (int i = 0; i < samples.size(); i++) {
            assertEquals(samples.get(i), examples.get(i));
            assertTrue(owned.contains(examples.get(i).path("kind").asText()), examples.get(i).path("kind").asText());
        }
    }

    @Test
    void theCrdsAreDeploysCrds() throws IOException {
        try (Stream<Path> files = Files.list(BUNDLE.resolve("manifests"))) {
            List<Path> crds = files.filter(f -> f.getFileName().toString().endsWith(".crd.yml")).sorted().toList();
            assertEquals(10, crds.size(), crds.toString());
            for (Path crd : crds) {
                String name = crd.getFileName().toString().replace("-v1.crd.yml", "");
                CustomResourceDefinition bundled = yaml.unmarshal(Files.readString(crd), CustomResourceDefinition.class);
                CustomResourceDefinition deployed = yaml.unmarshal(
                        Files.readString(Path.of("deploy/crds/" + name + ".yaml")), CustomResourceDefinition.class);
                assertEquals(deployed.getSpec(), bundled.getSpec(), name);
            }
        }
    }
}
