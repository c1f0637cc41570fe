package dev.aimengine.operator.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aimengine.operator.api.v1alpha1.AIMArtifact;
import dev.aimengine.operator.api.v1alpha1.AIMClusterModelSource;
import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.api.v1alpha1.AIMServiceStatus;
import dev.aimengine.operator.testing.ControlPlane;
import dev.aimengine.operator.testing.Samples;
import dev.aimengine.operator.testing.Samples.Sample;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tier 3: the committed CRDs on a real kube-apiserver. Objects carry the pause annotation so a concurrently running
 * operator (other tier-3 tests) leaves them alone.
 */
class CrdsOnApiServerTest {
    static final String PAUSED = "aim.eai.amd.com/reconciliation-paused";
    static ControlPlane cp;
    static KubernetesClient client;
    static String ns;

    @BeforeAll
    static void setUp() {
        cp = ControlPlane.get();
        client = cp.client();
        ns = "crds-" + UUID.randomUUID().toString().substring(0, 8);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    }

    @Test
    void tenCrdsAreEstablishedWithTheirScopesAndNames() {
        Map<String, CustomResourceDefinition> crds = client.apiextensions().v1().customResourceDefinitions().list()
                .getItems().stream().filter(c -> c.getSpec().getGroup().equals("aim.eai.amd.com"))
                .collect(Collectors.toMap(c -> c.getSpec().getNames().getKind(), c -> c));
        assertEquals(10, crds.size(), crds.keySet().toString());
        Map<String, String> expected = Map.of("AIMService", "Namespaced:aimsvc", "AIMModel", "Namespaced:aimmdl",
                "AIMClusterModel", "Cluster:aimclmdl", "AIMServiceTemplate", "Namespaced:aimtpl",
                "AIMClusterServiceTemplate", "Cluster:aimcltpl", "AIMRuntimeConfig", "Namespaced:aimrc",
                "AIMClusterRuntimeConfig", "Cluster:aimclrc", "AIMClusterModelSource", "Cluster:aimclsrc",
                "AIMTemplateCache", "Namespaced:aimtc", "AIMArtifact", "Namespaced:aimart");
        expected.forEach((kind, scopeAndShort) -> {
            CustomResourceDefinition crd = crds.get(kind);
            assertTrue(ControlPlane.established(crd), kind);
            assertEquals(scopeAndShort, crd.getSpec().getScope() + ":" + crd.getSpec().getNames().getShortNames().get(0));
            assertEquals(List.of("aim", "all"), crd.getSpec().getNames().getCategories());
            assertEquals(Map.of(), crd.getSpec().getVersions().get(0).getSubresources().getStatus().getAdditionalProperties());
        });
        assertEquals(List.of("Status", "Model", "Template", "Replicas", "Endpoint", "Age"),
                crds.get("AIMService").getSpec().getVersions().get(0).getAdditionalPrinterColumns().stream()
                        .map(c -> c.getName()).toList());
    }

    static List<Sample> samples() {
        return Samples.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everySampleIsAcceptedAndApplyingItTwiceIsANoOp(Sample sample) {
        GenericKubernetesResource obj = paused(sample.tree());
        resource(obj).serverSideApply();
        // a running operator adds its finalizer even to paused objects (as AIM Engine does): wait until it settles
        GenericKubernetesResource first = settled(obj);
        GenericKubernetesResource second = resource(obj).serverSideApply();
        // 1.20 servers still bump managedFields' timestamp (and so resourceVersion) on a no-op apply that crosses a
        // second boundary; what must not change is the object itself and its generation.
        assertEquals(withoutBookkeeping(first), withoutBookkeeping(second),
                "a second identical server-side apply changed " + sample);
        assertEquals(first.getMetadata().getGeneration(), second.getMetadata().getGeneration());
    }

    @Test
    void crdDefaultsAreApplied() {
        AIMService svc = client.resource(load("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMService
                metadata: {name: defaults, annotations: {aim.eai.amd.com/reconciliation-paused: "true"}}
                spec:
                  model: {name: m}
                  caching: {}
                  storage: {}
                  overrides: {hardware: {gpu: {requests: 1}}}
                """, AIMService.class)).inNamespace(ns).create();
        assertEquals(1, svc.getSpec().replicas);
        assertEquals("Shared", svc.getSpec().caching.mode);
        assertEquals(10, svc.getSpec().storage.pvcHeadroomPercent);
        assertEquals("amd.com/gpu", svc.getSpec().overrides.hardware.gpu.resourceName);

        AIMArtifact art = client.resource(load("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMArtifact
                metadata: {name: defaults, annotations: {aim.eai.amd.com/reconciliation-paused: "true"}}
                spec: {sourceUri: "hf://org/model"}
                """, AIMArtifact.class)).inNamespace(ns).create();
        assertEquals("ghcr.io/silogen/aim-artifact-downloader:0.2.0", art.getSpec().modelDownloadImage);

        AIMClusterModelSource src = client.resource(load("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMClusterModelSource
                metadata: {name: defaults-%s, annotations: {aim.eai.amd.com/reconciliation-paused: "true"}}
                spec: {filters: [{image: "org/repo*"}]}
                """.formatted(ns), AIMClusterModelSource.class)).create();
        assertEquals("docker.io", src.getSpec().registry);
        assertEquals("1h", src.getSpec().syncInterval);
        assertEquals(100, src.getSpec().maxModels);

        JsonNode model = json(client.genericKubernetesResources("aim.eai.amd.com/v1alpha1", "AIMModel").inNamespace(ns)
                .resource(paused(yamlTree("""
                        apiVersion: aim.eai.amd.com/v1alpha1
                        kind: AIMModel
                        metadata: {name: defaults}
                        spec: {image: "img:1", discovery: {}, customTemplates: [{name: a}]}
                        """))).create());
        assertEquals(true, model.at("/spec/discovery/extractMetadata").asBoolean());
        assertEquals(true, model.at("/spec/discovery/createServiceTemplates").asBoolean());
        assertEquals("unoptimized", model.at("/spec/customTemplates/0/type").asText());

        JsonNode cache = json(client.genericKubernetesResources("aim.eai.amd.com/v1alpha1", "AIMTemplateCache")
                .inNamespace(ns).resource(paused(yamlTree("""
                        apiVersion: aim.eai.amd.com/v1alpha1
                        kind: AIMTemplateCache
                        metadata: {name: defaults}
                        spec: {templateName: t, templateScope: Namespace}
                        """))).create());
        assertEquals("Shared", cache.at("/spec/mode").asText());
    }

    @Test
    void statusAndSpecAreSeparateSubresources() {
        AIMService svc = client.resource(load("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMService
                metadata: {name: subresources, annotations: {aim.eai.amd.com/reconciliation-paused: "true"}}
                spec: {model: {name: m}, replicas: 2}
                """, AIMService.class)).inNamespace(ns).create();
        settled(client.getKubernetesSerialization().convertValue(svc, GenericKubernetesResource.class));

        // A status write through /status leaves the spec alone ...
        var live = client.resources(AIMService.class).inNamespace(ns).withName("subresources");
        AIMService afterStatus = live.editStatus(s -> {
            s.setStatus(new AIMServiceStatus());
            s.getStatus().status = "Running";
            s.getSpec().replicas = 5;
            return s;
        });
        assertEquals("Running", afterStatus.getStatus().status);
        assertEquals(2, afterStatus.getSpec().replicas);

        // ... and a spec write leaves the status alone.
        AIMService afterSpec = live.edit(s -> {
            s.getSpec().replicas = 3;
            s.getStatus().status = "Failed";
            return s;
        });
        assertEquals(3, afterSpec.getSpec().replicas);
        assertEquals("Running", afterSpec.getStatus().status);
        assertEquals(svc.getMetadata().getGeneration() + 1, afterSpec.getMetadata().getGeneration());
    }

    @Test
    void schemaValidationRejectsBadObjects() {
        // OpenAPI validation (every server version): enum, pattern, minimum, required.
        assertRejected("AIMService", "{model: {name: m}, caching: {mode: Bogus}}", "Unsupported value");
        assertRejected("AIMArtifact", "{sourceUri: 'http://example.com/model'}", "spec.sourceUri");
        assertRejected("AIMService", "{model: {name: m}, minReplicas: 0}", "spec.minReplicas");
        assertRejected("AIMServiceTemplate", "{metric: latency}", "spec.modelName");
        assertRejected("AIMArtifact", "{sourceUri: 'hf://a/b', size: lots}", "spec.size");
        if (cp.enforcesCel()) {
            // CEL rules (Kubernetes >= 1.25); on older servers cel-java covers them (CelRulesTest).
            assertRejected("AIMService", "{model: {name: m, image: 'i:1'}}",
                    "exactly one of name, image, or custom must be specified");
            assertRejected("AIMServiceTemplate", "{modelName: m, hardware: {}}",
                    "at least one of gpu or cpu must be specified");
        }
    }

    @Test
    void statusConditionsMustHaveTheShapeOfAKubernetesCondition() {
        GenericKubernetesResource model = paused(yamlTree("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMModel
                metadata: {name: conditions}
                spec: {image: "img:1"}
                """));
        resource(model).create();
        settled(model);
        var status = resource(model).subresource("status");

        KubernetesClientException maybe = assertThrows(KubernetesClientException.class,
                () -> status.patch(PatchContext.of(PatchType.JSON_MERGE), conditionPatch("Maybe", "Checked")));
        assertEquals(422, maybe.getCode(), maybe.getMessage());
        assertTrue(maybe.getMessage().contains("status.conditions"), maybe.getMessage());
        assertTrue(maybe.getMessage().contains("Maybe"), maybe.getMessage());

        KubernetesClientException badReason = assertThrows(KubernetesClientException.class,
                () -> status.patch(PatchContext.of(PatchType.JSON_MERGE), conditionPatch("True", "not a reason")));
        assertEquals(422, badReason.getCode(), badReason.getMessage());
        assertTrue(badReason.getMessage().contains("status.conditions"), badReason.getMessage());

        GenericKubernetesResource accepted = status.patch(PatchContext.of(PatchType.JSON_MERGE),
                conditionPatch("True", "Checked"));
        assertEquals("True", json(accepted).at("/status/conditions/0/status").asText());
        assertEquals("Checked", json(accepted).at("/status/conditions/0/reason").asText());
    }

    private static String conditionPatch(String status, String reason) {
        return """
                {"status": {"conditions": [{"type": "Ready", "status": "%s", "reason": "%s", "message": "m",
                  "lastTransitionTime": "2026-01-01T00:00:00Z", "observedGeneration": 1}]}}
                """.formatted(status, reason);
    }

    @Test
    void celImmutabilityIsEnforcedWhereTheServerSupportsIt() {
        AIMService svc = client.resource(load("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMService
                metadata: {name: immutable, annotations: {aim.eai.amd.com/reconciliation-paused: "true"}}
                spec: {model: {name: a}}
                """, AIMService.class)).inNamespace(ns).create();
        settled(client.getKubernetesSerialization().convertValue(svc, GenericKubernetesResource.class));
        var live = client.resources(AIMService.class).inNamespace(ns).withName(svc.getMetadata().getName());
        if (cp.enforcesCel()) {
            KubernetesClientException e = assertThrows(KubernetesClientException.class, () -> live.edit(s -> {
                s.getSpec().model.name = "b";
                return s;
            }));
            assertTrue(e.getMessage().contains("model selection is immutable after creation"), e.getMessage());
        } else {
            // 1.20 drops x-kubernetes-validations: the change goes through; CelRulesTest proves the rule itself.
            assertEquals("b", live.edit(s -> {
                s.getSpec().model.name = "b";
                return s;
            }).getSpec().model.name);
        }
    }

    private void assertRejected(String kind, String specYaml, String messagePart) {
        GenericKubernetesResource obj = paused(yamlTree("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: %s
                metadata: {name: bad-%s}
                spec: %s
                """.formatted(kind, UUID.randomUUID().toString().substring(0, 6), specYaml)));
        KubernetesClientException e = assertThrows(KubernetesClientException.class, () -> resource(obj).create());
        assertEquals(422, e.getCode(), e.getMessage());
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
        assertNull(resource(obj).get());
    }

    private static JsonNode withoutBookkeeping(GenericKubernetesResource r) {
        ObjectNode tree = client.getKubernetesSerialization().convertValue(r, ObjectNode.class);
        ((ObjectNode) tree.get("metadata")).remove(List.of("managedFields", "resourceVersion"));
        return tree;
    }

    /** The object once its resourceVersion has stayed the same for a second. */
    private GenericKubernetesResource settled(GenericKubernetesResource obj) {
        String[] last = { null };
        return org.awaitility.Awaitility.await().pollInterval(java.time.Duration.ofMillis(500))
                .atMost(java.time.Duration.ofSeconds(20))
                .until(() -> {
                    GenericKubernetesResource now = resource(obj).get();
                    boolean stable = now.getMetadata().getResourceVersion().equals(last[0]);
                    last[0] = now.getMetadata().getResourceVersion();
                    return stable ? now : null;
                }, x -> x != null);
    }

    private Resource<GenericKubernetesResource> resource(GenericKubernetesResource obj) {
        var op = client.genericKubernetesResources(obj.getApiVersion(), obj.getKind());
        boolean cluster = obj.getKind().startsWith("AIMCluster");
        return cluster ? op.resource(obj) : op.inNamespace(ns).resource(obj);
    }

    private static GenericKubernetesResource paused(JsonNode tree) {
        ObjectNode copy = tree.deepCopy();
        ((ObjectNode) copy.with("metadata")).with("annotations").put(PAUSED, "true");
        if (copy.path("kind").asText().startsWith("AIMCluster")) {
            // cluster-scoped names are shared by all tests on this server
            ((ObjectNode) copy.get("metadata")).put("name", copy.at("/metadata/name").asText() + "-" + ns);
        }
        return client.getKubernetesSerialization().convertValue(copy, GenericKubernetesResource.class);
    }

    private static JsonNode yamlTree(String yaml) {
        return client.getKubernetesSerialization().unmarshal(yaml, JsonNode.class);
    }

    private static <T extends HasMetadata> T load(String yaml, Class<T> type) {
        return client.getKubernetesSerialization().unmarshal(yaml, type);
    }

    private static JsonNode json(Object o) {
        return client.getKubernetesSerialization().convertValue(o, JsonNode.class);
    }
}
