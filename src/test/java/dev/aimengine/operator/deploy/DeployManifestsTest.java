package dev.aimengine.operator.deploy;

import dev.aimengine.operator.artifact.ArtifactObjects;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tier 1: the install manifests in deploy/ grant what the controllers declare and nothing broader, and run the
 * operator locked down (non-root, read-only root filesystem, no capabilities, seccomp, probes on SmallRye Health,
 * sized resources).
 */
class DeployManifestsTest {
    static final Path OPERATOR = DeployFiles.DEPLOY.resolve("operator");
    static final Path GENERATED = Path.of("target", "kubernetes", "kubernetes.yml");
    static final String SA = "aim-engine-operator";
    static final String NS = "aim-system";

    /** One permission: verb on group/resource, optionally for one named object. */
    record Grant(String group, String resource, String name, String verb) implements Comparable<Grant> {
        @Override
        public int compareTo(Grant o) {
            return toString().compareTo(o.toString());
        }

        @Override
        public String toString() {
            return verb + " " + (group.isEmpty() ? "core" : group) + "/" + resource + (name.isEmpty() ? "" : "/" + name);
        }
    }

    static Set<Grant> grants(List<PolicyRule> rules) {
        Set<Grant> out = new TreeSet<>();
        for (PolicyRule r : rules) {
            List<String> names = r.getResourceNames() == null || r.getResourceNames().isEmpty() ? List.of("")
                    : r.getResourceNames();
            for (String g : r.getApiGroups()) {
                for (String res : r.getResources()) {
                    for (String n : names) {
                        for (String v : r.getVerbs()) {
                            out.add(new Grant(g, res, n, v));
                        }
                    }
                }
            }
        }
        return out;
    }

    static boolean covers(Set<Grant> granted, Grant wanted) {
        return granted.contains(wanted)
                || granted.contains(new Grant(wanted.group(), wanted.resource(), "", wanted.verb()));
    }

    static ClusterRole operatorRole() {
        return DeployFiles.object(OPERATOR, "ClusterRole", SA, ClusterRole.class);
    }

    static Role leasesRole() {
        return DeployFiles.object(OPERATOR, "Role", "aim-engine-operator-leases", Role.class);
    }

    @Test
    void clusterRoleHasNoWildcardsAndDoesNotListOrWatchSecrets() {
        ClusterRole role = operatorRole();
        assertFalse(role.getRules().isEmpty());
        for (PolicyRule r : role.getRules()) {
            for (List<String> field : List.of(r.getApiGroups(), r.getResources(), r.getVerbs())) {
                assertFalse(field.stream().anyMatch(s -> s.contains("*")), "wildcard in " + r);
            }
            assertTrue(r.getNonResourceURLs() == null || r.getNonResourceURLs().isEmpty(), "non-resource URL in " + r);
        }
        Set<String> secretVerbs = grants(role.getRules()).stream()
                .filter(g -> g.group().isEmpty() && g.resource().equals("secrets")).map(Grant::verb)
                .collect(Collectors.toSet());
        assertEquals(Set.of("get"), secretVerbs, "secrets are only read by name");
        // bind only on the one role download pods get, not on any ClusterRole
        assertEquals(Set.of(new Grant("rbac.authorization.k8s.io", "clusterroles", ArtifactObjects.STATUS_UPDATER,
                "bind")), grants(role.getRules()).stream().filter(g -> g.resource().equals("clusterroles"))
                .collect(Collectors.toSet()));
    }

    @Test
    void clusterRoleIsExactlyTheUnionOfTheGeneratedControllerRoles() throws IOException {
        Assumptions.assumeTrue(Files.exists(GENERATED), GENERATED + " is absent: `./mvnw package` writes it (the "
                + "RBAC QOSDK generates from the controllers); skipping the comparison with the generated rules");
        List<PolicyRule> generated = new ArrayList<>();
        try (var in = Files.newInputStream(GENERATED)) {
            List<HasMetadata> objects = new KubernetesSerialization().unmarshal(in);
            objects.stream().filter(ClusterRole.class::isInstance).map(ClusterRole.class::cast)
                    .forEach(r -> generated.addAll(r.getRules()));
        }
        assertFalse(generated.isEmpty(), "no ClusterRole in " + GENERATED);
        Set<Grant> deployed = grants(operatorRole().getRules());
        Set<Grant> declared = grants(generated);
        Set<Grant> missing = new TreeSet<>(declared);
        missing.removeIf(g -> covers(deployed, g));
        assertTrue(missing.isEmpty(), "deploy/operator/cluster-role.yaml lacks " + missing);
        Set<Grant> extra = new TreeSet<>(deployed);
        extra.removeAll(declared);
        assertTrue(extra.isEmpty(), "deploy/operator/cluster-role.yaml grants more than the controllers declare: " + extra);
    }

    @Test
    void everyRbacRuleDeclaredInTheCodeIsGranted() throws IOException {
        // @RBACRule on classes that are not reconcilers (e.g. the discovery lock) is not in QOSDK's generated roles
        Path classes = Path.of("target", "classes");
        Set<Grant> granted = new TreeSet<>(grants(operatorRole().getRules()));
        granted.addAll(grants(leasesRole().getRules()));
        List<String> annotated = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type;
                try {
                    type = Class.forName(name, false, getClass().getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    continue;
                }
                for (RBACRule rule : type.getAnnotationsByType(RBACRule.class)) {
                    annotated.add(type.getSimpleName());
                    List<String> names = rule.resourceNames().length == 0 ? List.of("") : List.of(rule.resourceNames());
                    for (String g : rule.apiGroups()) {
                        for (String r : rule.resources()) {
                            for (String n : names) {
                                for (String v : rule.verbs()) {
                                    Grant wanted = new Grant(g, r, n, v);
                                    assertTrue(covers(granted, wanted), type.getName() + " declares " + wanted
                                            + ", which deploy/operator does not grant");
                                }
                            }
                        }
                    }
                }
            }
        }
        assertTrue(annotated.contains("AIMServiceReconciler") && annotated.contains("DiscoverySlots"),
                "found @RBACRule on " + annotated);
    }

    @Test
    void rolesAreBoundToTheOperatorsServiceAccount() {
        ClusterRoleBinding crb = DeployFiles.object(OPERATOR, "ClusterRoleBinding", SA, ClusterRoleBinding.class);
        assertEquals("ClusterRole", crb.getRoleRef().getKind());
        assertEquals(SA, crb.getRoleRef().getName());
        assertEquals(1, crb.getSubjects().size());
        assertEquals(List.of("ServiceAccount", SA, NS), List.of(crb.getSubjects().get(0).getKind(),
                crb.getSubjects().get(0).getName(), crb.getSubjects().get(0).getNamespace()));

        Role leases = leasesRole();
        assertEquals(NS, leases.getMetadata().getNamespace());
        assertEquals(Set.of(new Grant("coordination.k8s.io", "leases", "", "get"),
                new Grant("coordination.k8s.io", "leases", "", "create"),
                new Grant("coordination.k8s.io", "leases", "", "update"),
                new Grant("coordination.k8s.io", "leases", "", "patch")), grants(leases.getRules()));
        RoleBinding rb = DeployFiles.object(OPERATOR, "RoleBinding", "aim-engine-operator-leases", RoleBinding.class);
        assertEquals(NS, rb.getMetadata().getNamespace());
        assertEquals(List.of("Role", "aim-engine-operator-leases"),
                List.of(rb.getRoleRef().getKind(), rb.getRoleRef().getName()));
        assertEquals(SA, rb.getSubjects().get(0).getName());
    }

    @Test
    void statusUpdaterRoleIsTheOneTheOperatorBindsDownloadPodsTo() {
        ClusterRole deployed = DeployFiles.object(OPERATOR, "ClusterRole", ArtifactObjects.STATUS_UPDATER,
                ClusterRole.class);
        assertEquals(grants(ArtifactObjects.statusUpdaterClusterRole().getRules()), grants(deployed.getRules()));
        assertEquals(Set.of(new Grant("aim.eai.amd.com", "aimartifacts/status", "", "get"),
                new Grant("aim.eai.amd.com", "aimartifacts/status", "", "patch"),
                new Grant("aim.eai.amd.com", "aimartifacts/status", "", "update")), grants(deployed.getRules()));
        assertEquals(ArtifactObjects.STATUS_UPDATER,
                ArtifactObjects.statusUpdaterRoleBinding("ns").getRoleRef().getName());
    }

    @Test
    void deploymentRunsLockedDown() {
        Deployment d = DeployFiles.object(OPERATOR, "Deployment", SA, Deployment.class);
        assertEquals(NS, d.getMetadata().getNamespace());
        PodSpec pod = d.getSpec().getTemplate().getSpec();
        assertEquals(SA, pod.getServiceAccountName());
        assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot());
        assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
        assertEquals(1, pod.getContainers().size());
        Container c = pod.getContainers().get(0);
        assertEquals("ghcr.io/aim-engine/aim-engine-operator:latest", c.getImage());
        var sc = c.getSecurityContext();
        assertEquals(Boolean.TRUE, sc.getRunAsNonRoot());
        assertEquals(Boolean.TRUE, sc.getReadOnlyRootFilesystem());
        assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation());
        assertEquals(List.of("ALL"), sc.getCapabilities().getDrop());
        assertTrue(sc.getCapabilities().getAdd() == null || sc.getCapabilities().getAdd().isEmpty());
        assertEquals("RuntimeDefault", sc.getSeccompProfile().getType());
        assertNull(sc.getPrivileged());

        // a writable /tmp on an emptyDir, since the root filesystem is read-only
        var tmp = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp")).findFirst().orElseThrow();
        assertNotNull(pod.getVolumes().stream().filter(v -> v.getName().equals(tmp.getName())).findFirst()
                .orElseThrow().getEmptyDir());

        assertEquals("/q/health/live", c.getLivenessProbe().getHttpGet().getPath());
        assertEquals(8080, c.getLivenessProbe().getHttpGet().getPort().getIntVal());
        assertEquals("/q/health/ready", c.getReadinessProbe().getHttpGet().getPath());
        assertEquals(8080, c.getReadinessProbe().getHttpGet().getPort().getIntVal());
        assertEquals(8080, c.getPorts().stream().filter(p -> "http".equals(p.getName())).findFirst().orElseThrow()
                .getContainerPort());

        assertEquals(Map.of("cpu", new Quantity("200m"), "memory", new Quantity("384Mi")), c.getResources().getRequests());
        assertEquals(Map.of("cpu", new Quantity("1"), "memory", new Quantity("512Mi")), c.getResources().getLimits());

        Map<String, EnvVar> env = c.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
        assertEquals("metadata.namespace", env.get("POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath());
        assertEquals("metadata.name", env.get("POD_NAME").getValueFrom().getFieldRef().getFieldPath());
        assertEquals("-XX:MaxRAMPercentage=50 -XX:+UseSerialGC -XX:MinHeapFreeRatio=30 -XX:MaxHeapFreeRatio=50 "
                + "-XX:+ExitOnOutOfMemoryError -Xss512k -XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=128m "
                + "-XX:TieredStopAtLevel=1", env.get("JAVA_TOOL_OPTIONS").getValue());
        // without leader election, a rolling update would run two operators at once
        assertEquals("Recreate", d.getSpec().getStrategy().getType());
    }

    @Test
    void metricsServiceExposesTheOperatorsMetricsPort() {
        var svc = DeployFiles.object(OPERATOR, "Service", "aim-engine-operator-metrics",
                io.fabric8.kubernetes.api.model.Service.class);
        var port = svc.getSpec().getPorts().get(0);
        assertEquals("http", port.getName());
        assertEquals(8080, port.getPort());
        Deployment d = DeployFiles.object(OPERATOR, "Deployment", SA, Deployment.class);
        assertEquals(d.getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/name"),
                svc.getSpec().getSelector().get("app.kubernetes.io/name"));
        var monitor = DeployFiles.documents(DeployFiles.MONITORING.resolve("service-monitor.yaml")).get(0);
        var endpoint = monitor.path("spec").path("endpoints").get(0);
        assertEquals("http", endpoint.path("port").asText());
        assertEquals("/q/metrics", endpoint.path("path").asText());
        monitor.path("spec").path("selector").path("matchLabels").fields().forEachRemaining(
                l -> assertEquals(l.getValue().asText(), svc.getMetadata().getLabels().get(l.getKey()), l.getKey()));
    }

    /**
     * Renders every kustomization with the kubectl 1.20.2 of the real-API-server tier (hack/control-plane.sh builds it),
     * whose old built-in kustomize is the strictest reader of deploy/.
     */
    @Test
    void kustomizeOfKubectl120RendersEveryEntryPoint() throws Exception {
        Path kubectl = kubectl120();
        Assumptions.assumeTrue(kubectl != null, "kubectl 1.20.2 not built yet (hack/control-plane.sh)");
        Map<String, Set<String>> expected = Map.of(
                "deploy", Set.of("ServiceMonitor", "PrometheusRule", "Deployment", "ConfigMap"),
                "deploy/overlays/namespaced", Set.of("ServiceMonitor", "PrometheusRule", "Deployment"),
                "deploy/overlays/no-monitoring", Set.of("Deployment", "ConfigMap"));
        for (var e : expected.entrySet()) {
            Process p = new ProcessBuilder(kubectl.toString(), "kustomize", e.getKey()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), "kubectl kustomize " + e.getKey() + ":\n" + out);
            List<HasMetadata> objects = new KubernetesSerialization().unmarshal(out);
            Set<String> kinds = objects.stream().map(HasMetadata::getKind).collect(Collectors.toSet());
            assertTrue(kinds.containsAll(expected.get(e.getKey())), e.getKey() + " renders " + kinds);
            assertEquals(10, objects.stream().filter(o -> o.getKind().equals("CustomResourceDefinition")).count());
            if (e.getKey().endsWith("no-monitoring")) {
                assertFalse(kinds.contains("ServiceMonitor") || kinds.contains("PrometheusRule"), kinds.toString());
            }
            if (e.getKey().endsWith("namespaced")) {
                Deployment d = objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                        .findFirst().orElseThrow();
                Map<String, String> env = d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                        .filter(v -> v.getValue() != null).collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
                for (String controller : List.of("service", "model", "service-template", "template-cache", "artifact")) {
                    assertEquals("default", env.get("quarkus.operator-sdk.controllers." + controller + ".namespaces"),
                            controller);
                }
                assertTrue(env.containsKey("JAVA_TOOL_OPTIONS"), "the patch keeps the base's env");
            }
        }
    }

    static Path kubectl120() {
        String base = System.getenv().getOrDefault("KUBE_API_TEST_DIR", System.getProperty("user.home") + "/.kubeapitest");
        Path p = Path.of(base, "k8s", "1.20.2-linux-amd64", "kubectl");
        return Files.isExecutable(p) ? p : null;
    }
}
