package dev.aimengine.operator.apiserver;

import dev.aimengine.operator.apiserver.catalogue.Serving;
import dev.aimengine.operator.bench.OperatorProcess;
import dev.aimengine.operator.testing.ControlPlane;
import dev.aimengine.operator.testing.GpuNodes;
import dev.aimengine.operator.testing.OperatorAccount;
import dev.aimengine.operator.testing.standin.StandIns;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.aimengine.operator.testing.Fixtures.newNamespace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged operator (prod profile, leader election on) authenticated as the ServiceAccount deploy/ installs, with
 * only the RBAC deploy/ grants it, against the real API server: a service written with only its model's name goes
 * all the way to Running, and what the operator must never do is refused to that identity. Runs after
 * {@code package} (failsafe), since it needs the jar.
 */
class OperatorAsServiceAccountIT {
    static ControlPlane cp;
    static KubernetesClient admin;
    static Path kubeconfig;

    @BeforeAll
    static void start() throws Exception {
        cp = ControlPlane.get();
        admin = cp.client();
        OperatorAccount.install(admin);
        kubeconfig = OperatorAccount.kubeconfig(cp, Files.createTempDirectory("aim-operator-sa"));
    }

    @AfterAll
    static void stop() {
        ControlPlane.stopIfStarted();
    }

    @Test
    void withOnlyTheShippedRbacAServiceReachesRunning() throws Exception {
        Path work = Files.createTempDirectory("aim-operator-sa-run");
        GpuNodes.ensure(admin);
        try (OperatorProcess operator = OperatorProcess.start(LeaderElectionIT.jar(), kubeconfig, work,
                "operator-sa", Map.of("POD_NAME", "operator-sa"), true);
                StandIns cluster = StandIns.start(admin)) {
            Serving s = new Serving(admin, newNamespace(admin, "as-sa"), cluster);
            s.modelWithTemplate("m", "t");
            s.service("svc", "model: {name: m}");
            s.run("svc");
            assertEquals("t", s.status("svc").resolvedTemplate.name);

            List<String> problems = operator.problems();
            assertTrue(problems.isEmpty(), "the operator logged: " + problems);
            assertTrue(!operator.logText().contains("Forbidden"), "no request was refused:\n" + operator.logText());
        }
    }

    @Test
    void whatTheOperatorMustNotDoIsRefused() {
        try (KubernetesClient asOperator = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(readString(kubeconfig))).build()) {
            // it reads the pull secrets a model names, one by one: never every Secret of the cluster
            assertForbidden(() -> asOperator.secrets().inAnyNamespace().list());
            // it never widens its own permissions
            assertForbidden(() -> asOperator.rbac().clusterRoles().resource(new ClusterRoleBuilder()
                    .withNewMetadata().withName("aim-escalation").endMetadata().build()).create());
            // it never deletes namespaces or nodes, which users and the cluster own
            assertForbidden(() -> asOperator.namespaces().withName("default").delete());
            assertForbidden(() -> asOperator.nodes().withName(GpuNodes.MI300X).delete());
            // what it does need works with the same identity
            asOperator.nodes().list();
        }
    }

    static void assertForbidden(Runnable request) {
        KubernetesClientException e = assertThrows(KubernetesClientException.class, request::run);
        assertEquals(403, e.getCode(), e.getMessage());
    }

    static String readString(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
