package dev.aimengine.operator.apiserver;

import dev.aimengine.operator.artifact.ArtifactObjects;
import dev.aimengine.operator.testing.ControlPlane;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tier 3: {@code kubectl apply -k} of deploy/ with kubectl 1.20.2 (and its built-in kustomize) on a real 1.20 API server
 * creates every object without error, the overlays pass a server-side dry run, and the API server's RBAC grants the
 * operator's ServiceAccount what the controllers need and refuses what they must not have — also on real requests made
 * as that ServiceAccount (impersonation).
 * <p>
 * The Deployment is applied with zero replicas (a one-line overlay under target/): no operator pod may run beside the
 * operators the other tier-3 tests start against the same control plane.
 */
class DeployOnApiServerTest {
    static final String SA_USER = "system:serviceaccount:aim-system:aim-engine-operator";
    static ControlPlane cp;
    static KubernetesClient client;
    static Path kubectl;

    @BeforeAll
    static void setUp() throws Exception {
        cp = ControlPlane.get();
        client = cp.client();
        Path dir = Path.of(System.getProperty("user.home"), ".kubeapitest", "k8s", "1.20.2-linux-amd64");
        String base = System.getenv("KUBE_API_TEST_DIR");
        if (base != null) {
            dir = Path.of(base, "k8s", "1.20.2-linux-amd64");
        }
        kubectl = dir.resolve("kubectl");
        assertTrue(Files.isExecutable(kubectl), kubectl + " (hack/control-plane.sh builds it)");
        // the Prometheus Operator's kinds, schema-less: what deploy/monitoring needs to be accepted
        for (String[] kind : new String[][] { { "ServiceMonitor", "servicemonitors" },
                { "PrometheusRule", "prometheusrules" } }) {
            CustomResourceDefinition crd = new CustomResourceDefinitionBuilder().withNewMetadata()
                    .withName(kind[1] + ".monitoring.coreos.com").endMetadata()
                    .withNewSpec().withGroup("monitoring.coreos.com").withScope("Namespaced")
                    .withNewNames().withKind(kind[0]).withPlural(kind[1]).endNames()
                    .addNewVersion().withName("v1").withServed(true).withStorage(true)
                    .withNewSchema().withNewOpenAPIV3Schema().withType("object")
                    .withXKubernetesPreserveUnknownFields(true).endOpenAPIV3Schema().endSchema().endVersion()
                    .endSpec().build();
            client.apiextensions().v1().customResourceDefinitions().resource(crd)
                    .createOr(NonDeletingOperation::update);
            await().atMost(Duration.ofSeconds(30)).until(() -> ControlPlane.established(
                    client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName()).get()));
        }
    }

    @Test
    void applyOfDeployCreatesEverything() throws Exception {
        Path overlay = Path.of("target", "deploy-zero-replicas");
        Files.createDirectories(overlay);
        Files.writeString(overlay.resolve("kustomization.yaml"), """
                bases:
                  - ../../deploy
                patchesStrategicMerge:
                  - zero-replicas.yaml
                """);
        Files.writeString(overlay.resolve("zero-replicas.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: aim-engine-operator, namespace: aim-system}
                spec: {replicas: 0}
                """);
        String out = kubectl("apply", "--validate=false", "-k", overlay.toString());
        for (String created : List.of("namespace/aim-system", "serviceaccount/aim-engine-operator",
                "clusterrole.rbac.authorization.k8s.io/aim-engine-operator",
                "clusterrole.rbac.authorization.k8s.io/aim-engine-artifact-status-updater",
                "clusterrolebinding.rbac.authorization.k8s.io/aim-engine-operator",
                "role.rbac.authorization.k8s.io/aim-engine-operator-leases",
                "rolebinding.rbac.authorization.k8s.io/aim-engine-operator-leases",
                "configmap/aim-engine-operator-dashboard", "service/aim-engine-operator-metrics",
                "deployment.apps/aim-engine-operator",
                "servicemonitor.monitoring.coreos.com/aim-engine-operator",
                "prometheusrule.monitoring.coreos.com/aim-engine-operator")) {
            assertTrue(out.contains(created), created + " in:\n" + out);
        }
        // the 1.20 API server keeps the hardening fields (an unknown field would be dropped silently)
        Deployment d = client.apps().deployments().inNamespace("aim-system").withName("aim-engine-operator").get();
        var pod = d.getSpec().getTemplate().getSpec();
        assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
        var sc = pod.getContainers().get(0).getSecurityContext();
        assertEquals("RuntimeDefault", sc.getSeccompProfile().getType());
        assertEquals(Boolean.TRUE, sc.getReadOnlyRootFilesystem());
        assertNotNull(pod.getVolumes().get(0).getEmptyDir().getSizeLimit());
        assertEquals("1", client.configMaps().inNamespace("aim-system").withName("aim-engine-operator-dashboard").get()
                .getMetadata().getLabels().get("grafana_dashboard"));
    }

    @Test
    void overlaysPassAServerSideDryRun() throws Exception {
        for (String overlay : List.of("deploy/overlays/no-monitoring", "deploy/overlays/namespaced")) {
            String out = kubectl("apply", "--validate=false", "--dry-run=server", "-k", overlay);
            assertTrue(out.contains("deployment.apps/aim-engine-operator"), overlay + ":\n" + out);
        }
    }

    @Test
    void theServiceAccountMayDoWhatTheControllersNeedAndNothingBroader() throws Exception {
        kubectl("apply", "-f", "deploy/operator/namespace.yaml", "-f", "deploy/operator/service-account.yaml",
                "-f", "deploy/operator/cluster-role.yaml", "-f", "deploy/operator/leases-role.yaml",
                "-f", "deploy/operator/artifact-status-updater.yaml");
        Assumptions.assumeFalse(allowed("system:serviceaccount:default:nobody", "delete", "", "nodes", null, null),
                "this API server does not authorize with RBAC");
        // RBAC caches update asynchronously after the roles are written
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<String> wrong = new ArrayList<>();
            check(wrong, true, "create", "serving.kserve.io", "inferenceservices", "team-a", null);
            check(wrong, true, "patch", "aim.eai.amd.com", "aimservices/status", "team-a", null);
            check(wrong, true, "watch", "", "pods", null, null);
            check(wrong, true, "get", "", "secrets", "team-a", "pull-secret");
            check(wrong, true, "bind", "rbac.authorization.k8s.io", "clusterroles", null,
                    "aim-engine-artifact-status-updater");
            check(wrong, true, "update", "coordination.k8s.io", "leases", "aim-system", "aim-discovery-lock");
            // the leader elector renews its Lease with PATCH
            check(wrong, true, "patch", "coordination.k8s.io", "leases", "aim-system", "aim-engine-operator-lock");
            check(wrong, false, "list", "", "secrets", "team-a", null);
            check(wrong, false, "watch", "", "secrets", null, null);
            check(wrong, false, "bind", "rbac.authorization.k8s.io", "clusterroles", null, "cluster-admin");
            check(wrong, false, "create", "rbac.authorization.k8s.io", "clusterrolebindings", null, null);
            check(wrong, false, "update", "coordination.k8s.io", "leases", "team-a", "aim-discovery-lock");
            check(wrong, false, "delete", "", "namespaces", null, "team-a");
            check(wrong, false, "create", "", "pods", "team-a", null);
            check(wrong, false, "delete", "apiextensions.k8s.io", "customresourcedefinitions", null,
                    "aimservices.aim.eai.amd.com");
            assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        });
    }

    @Test
    void asTheServiceAccountTheOperatorBindsDownloadPodsButCannotEscalate() throws Exception {
        kubectl("apply", "-f", "deploy/operator/namespace.yaml", "-f", "deploy/operator/service-account.yaml",
                "-f", "deploy/operator/cluster-role.yaml", "-f", "deploy/operator/artifact-status-updater.yaml");
        Assumptions.assumeFalse(allowed("system:serviceaccount:default:nobody", "delete", "", "nodes", null, null),
                "this API server does not authorize with RBAC");
        String ns = "deploy-rbac-" + UUID.randomUUID().toString().substring(0, 6);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata()
                .withName(ns).endMetadata().build()).create();
        Config config = cp.clientConfig();
        config.setImpersonateUsername(SA_USER);
        config.setImpersonateGroups("system:serviceaccounts", "system:serviceaccounts:aim-system",
                "system:authenticated");
        try (KubernetesClient operator = new KubernetesClientBuilder().withConfig(config)
                .build()) {
            // what the artifact controller writes once per namespace
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> assertNotNull(operator
                    .rbac().roleBindings().inNamespace(ns)
                    .resource(ArtifactObjects.statusUpdaterRoleBinding(ns))
                    .createOr(NonDeletingOperation::update)));
            var escalation = new RoleBindingBuilder().withNewMetadata()
                    .withName("escalate").withNamespace(ns).endMetadata()
                    .addNewSubject().withKind("ServiceAccount").withName("default").withNamespace(ns).endSubject()
                    .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole")
                    .withName("cluster-admin").endRoleRef().build();
            var refused = assertThrows(
                    KubernetesClientException.class,
                    () -> operator.rbac().roleBindings().inNamespace(ns).resource(escalation).create());
            assertEquals(403, refused.getCode());
            var listSecrets = assertThrows(
                    KubernetesClientException.class,
                    () -> operator.secrets().inNamespace(ns).list());
            assertEquals(403, listSecrets.getCode());
        } finally {
            client.namespaces().withName(ns).delete();
        }
    }

    private static void check(List<String> wrong, boolean expected, String verb, String group, String resource,
            String namespace, String name) {
        if (allowed(SA_USER, verb, group, resource, namespace, name) != expected) {
            wrong.add((expected ? "refused: " : "allowed: ") + verb + " " + group + "/" + resource
                    + (name == null ? "" : "/" + name) + (namespace == null ? " (cluster-wide)" : " in " + namespace));
        }
    }

    private static boolean allowed(String user, String verb, String group, String resource, String namespace,
            String name) {
        String[] parts = resource.split("/", 2);
        SubjectAccessReview review = new SubjectAccessReviewBuilder().withNewSpec().withUser(user)
                .withGroups("system:serviceaccounts", "system:authenticated")
                .withNewResourceAttributes().withVerb(verb).withGroup(group).withResource(parts[0])
                .withSubresource(parts.length > 1 ? parts[1] : null).withNamespace(namespace).withName(name)
                .endResourceAttributes().endSpec().build();
        return Boolean.TRUE.equals(client.authorization().v1().subjectAccessReview().create(review).getStatus()
                .getAllowed());
    }

    private static String kubectl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(kubectl.toString(), "--kubeconfig",
                cp.kubeConfigFile().toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "kubectl timed out");
        assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + out);
        assertFalse(out.isBlank());
        return out;
    }
}
