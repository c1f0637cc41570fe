package dev.aimengine.operator.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The OLM bundle in {@code bundle/} (made by {@code hack/bundle.sh}): a CSV that owns all ten AIM kinds and requires
 * nothing, runs the same Deployment as {@code deploy/}, carries what OperatorHub shows, and CRDs identical to
 * {@code deploy/crds}; each owned kind with the title, summary and spec/status descriptors OperatorHub shows (from
 * {@code hack/bundle-descriptors.yaml}), every descriptor naming a field its CRD has. {@code BundleIT} checks that
 * the committed bundle is what the script generates now.
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

    JsonNode owned() throws IOException {
        return csv().path("spec").path("customresourcedefinitions").path("owned");
    }

    /** The openAPIV3Schema of the owned kind's CRD in the bundle, at the version the CSV names. */
    JsonNode schema(JsonNode ownedCrd) throws IOException {
        String name = ownedCrd.path("name").asText();
        JsonNode crd = yaml.unmarshal(Files.readString(BUNDLE.resolve("manifests/" + name + "-v1.crd.yml")),
                JsonNode.class);
        assertEquals(ownedCrd.path("kind").asText(), crd.path("spec").path("names").path("kind").asText(), name);
        for (JsonNode version : crd.path("spec").path("versions")) {
            if (version.path("name").asText().equals(ownedCrd.path("version").asText())) {
                return version.path("schema").path("openAPIV3Schema");
            }
        }
        return fail(name + " has no version " + ownedCrd.path("version").asText());
    }

    /** The schema of .spec or .status plus a dotted path, or a missing node when the CRD has no such field. */
    static JsonNode field(JsonNode schema, String part, String path) {
        JsonNode node = schema.path("properties").path(part);
        for (String segment : path.split("\\.")) {
            node = node.path("properties").path(segment);
        }
        return node;
    }

    @Test
    void everyOwnedKindHasATitleAndASummary() throws IOException {
        for (JsonNode crd : owned()) {
            String kind = crd.path("kind").asText();
            assertTrue(crd.path("displayName").asText().startsWith("AIM "), kind + ": " + crd.path("displayName"));
            assertTrue(crd.path("description").asText().length() > 20, kind + ": " + crd.path("description"));
        }
    }

    @Test
    void everyDescriptorNamesAFieldOfItsKindWithAWidgetThatSuitsIt() throws IOException {
        int descriptors = 0;
        for (JsonNode crd : owned()) {
            JsonNode schema = schema(crd);
            for (String part : List.of("spec", "status")) {
                for (JsonNode descriptor : crd.path(part + "Descriptors")) {
                    String where = crd.path("kind").asText() + " " + part + "." + descriptor.path("path").asText();
                    JsonNode field = field(schema, part, descriptor.path("path").asText());
                    assertFalse(field.isMissingNode(), where + " is not in the CRD schema");
                    assertFalse(descriptor.path("displayName").asText().isBlank(), where + " has no displayName");
                    assertFalse(descriptor.path("x-descriptors").isEmpty(), where + " has no x-descriptors");
                    for (JsonNode x : descriptor.path("x-descriptors")) {
                        assertSuits(where, part, x.asText(), field);
                    }
                    descriptors++;
                }
            }
        }
        assertTrue(descriptors > 40, "descriptors: " + descriptors);
    }

    /** The console renders each widget for some field types only (a switch for a string shows nothing). */
    static void assertSuits(String where, String part, String xDescriptor, JsonNode field) {
        String type = field.path("type").asText();
        String ui = "urn:alm:descriptor:com.tectonic.ui:";
        String message = where + " (" + (type.isEmpty() ? "int-or-string/object" : type) + ") with " + xDescriptor;
        if (xDescriptor.startsWith(ui + "select:")) {
            String value = xDescriptor.substring((ui + "select:").length());
            assertTrue(field.path("enum").toString().contains("\"" + value + "\""), message + ": not an allowed value");
            return;
        }
        Map<String, Set<String>> types = Map.ofEntries(
                Map.entry(ui + "text", Set.of("string")),
                Map.entry(ui + "number", Set.of("integer", "number")),
                Map.entry(ui + "podCount", Set.of("integer")),
                Map.entry(ui + "booleanSwitch", Set.of("boolean")),
                Map.entry(ui + "advanced", Set.of("string", "integer", "number", "boolean", "object", "array")),
                Map.entry("urn:alm:descriptor:text", Set.of("string", "integer", "number", "boolean")),
                Map.entry("urn:alm:descriptor:timestamp", Set.of("string")),
                Map.entry("urn:alm:descriptor:io.kubernetes.phase", Set.of("string")),
                Map.entry("urn:alm:descriptor:io.kubernetes.conditions", Set.of("array")));
        Set<String> suited = xDescriptor.startsWith("urn:alm:descriptor:io.kubernetes:")
                ? Set.of("string") // a link to the object of that kind with this name
                : types.get(xDescriptor);
        assertTrue(suited != null, message + ": not a widget this test knows");
        assertTrue(suited.contains(type), message);
        assertTrue(!xDescriptor.startsWith(ui) || part.equals("spec") || xDescriptor.equals(ui + "advanced"),
                message + ": a spec widget in statusDescriptors");
    }

    @Test
    void everyKindShowsItsStatusAndConditions() throws IOException {
        for (JsonNode crd : owned()) {
            JsonNode schema = schema(crd);
            Map<String, String> shown = new HashMap<>();
            crd.path("statusDescriptors").forEach(d -> shown.put(d.path("path").asText(),
                    d.path("x-descriptors").toString()));
            String kind = crd.path("kind").asText();
            if (!field(schema, "status", "status").isMissingNode()) {
                assertTrue(shown.getOrDefault("status", "").contains("urn:alm:descriptor:io.kubernetes.phase"),
                        kind + " status.status as a phase");
            }
            assertFalse(field(schema, "status", "conditions").isMissingNode(), kind + " has conditions");
            assertTrue(shown.getOrDefault("conditions", "").contains("urn:alm:descriptor:io.kubernetes.conditions"),
                    kind + " status.conditions as the conditions table");
        }
    }

    @Test
    void theFieldsUsersReadAreShown() throws IOException {
        Map<String, List<String>> expected = Map.of(
                "AIMService", List.of("spec.model.name", "spec.model.image", "spec.template.name", "spec.replicas",
                        "spec.routing.enabled", "status.status", "status.resolvedModel.name",
                        "status.resolvedTemplate.name", "status.routing.path"),
                "AIMModel", List.of("spec.image", "status.status"),
                "AIMClusterModel", List.of("spec.image", "status.status"),
                "AIMServiceTemplate", List.of("spec.modelName", "spec.hardware.gpu.model",
                        "spec.hardware.gpu.requests", "status.status", "status.hardwareSummary"),
                "AIMClusterServiceTemplate", List.of("spec.modelName", "spec.hardware.gpu.model",
                        "spec.hardware.gpu.requests", "status.status", "status.hardwareSummary"),
                "AIMTemplateCache", List.of("status.status"),
                "AIMArtifact", List.of("status.status"),
                "AIMClusterModelSource", List.of("status.status"));
        for (JsonNode crd : owned()) {
            Set<String> shown = new TreeSet<>();
            for (String part : List.of("spec", "status")) {
                crd.path(part + "Descriptors").forEach(d -> shown.add(part + "." + d.path("path").asText()));
            }
            for (String path : expected.getOrDefault(crd.path("kind").asText(), List.of())) {
                assertTrue(shown.contains(path), crd.path("kind").asText() + " shows " + path + ": " + shown);
            }
        }
    }
}
