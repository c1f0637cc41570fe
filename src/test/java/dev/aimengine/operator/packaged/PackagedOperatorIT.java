package dev.aimengine.operator.packaged;

import dev.aimengine.operator.apiserver.catalogue.Serving;
import dev.aimengine.operator.testing.ControlPlane;
import dev.aimengine.operator.testing.GpuNodes;
import dev.aimengine.operator.testing.OperatorAccountResource;
import dev.aimengine.operator.testing.standin.StandIns;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static dev.aimengine.operator.testing.Fixtures.newNamespace;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged operator as a black box (the jar, or the native executable where one is built; prod profile, leader
 * election on), authenticated as the ServiceAccount deploy/ installs, with only the RBAC deploy/ grants it, against
 * the real API server: it becomes ready, a service written with only its model's name goes all the way to Running,
 * the reconciles show in its metrics, and what the operator must never do is refused to that identity.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = OperatorAccountResource.class, restrictToAnnotatedClass = true)
class PackagedOperatorIT {

    @Test
    void withOnlyTheShippedRbacAServiceReachesRunning() {
        given().get("/q/health/ready").then().statusCode(200);
        KubernetesClient admin = ControlPlane.get().client();
        GpuNodes.ensure(admin);
        try (StandIns cluster = StandIns.start(admin)) {
            Serving s = new Serving(admin, newNamespace(admin, "packaged"), cluster);
            s.modelWithTemplate("m", "t");
            s.service("svc", "model: {name: m}");
            s.run("svc");
            assertEquals("t", s.status("svc").resolvedTemplate.name);
        }
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("operator_sdk_reconciliations_success_total{"))
                .body(containsString("controller=\"service\""));
        // a refused request (a missing permission) is a WARN or ERROR in the operator's log
        List<String> problems = log().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).toList();
        assertTrue(problems.isEmpty(), "the operator logged: " + problems);
    }

    /** The launched operator's log (Quarkus writes it to target/quarkus.log for integration tests). */
    static Stream<String> log() {
        try {
            return Files.readAllLines(Path.of("target", "quarkus.log")).stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void whatTheOperatorMustNotDoIsRefused() throws IOException {
        Path kubeconfig = Path.of(System.getProperty("kubeconfig"));
        try (KubernetesClient asOperator = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build()) {
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
}
