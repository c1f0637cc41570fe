package dev.aimengine.operator.apiserver;

import dev.aimengine.operator.api.v1alpha1.AIMModel;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplate;
import dev.aimengine.operator.bench.OperatorProcess;
import dev.aimengine.operator.testing.ControlPlane;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.aimengine.operator.testing.Fixtures.load;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two packaged operators (the jar, prod profile, as the Deployment runs it) against the real API server: only the
 * holder of the Lease reconciles; when it stops, the other takes over within the lease duration and carries on with
 * the same objects. Runs after {@code package} (failsafe), since it needs the jar.
 */
class LeaderElectionIT {
    static final String LEASE = "aim-engine-operator-lock";
    static final String OPERATOR_NAMESPACE = "aim-system";
    static final Duration LEASE_DURATION = Duration.ofSeconds(15);

    static ControlPlane controlPlane;
    static KubernetesClient client;
    static Path work;

    @BeforeAll
    static void start() throws Exception {
        controlPlane = ControlPlane.get();
        client = controlPlane.client();
        work = Files.createTempDirectory("aim-leader-election");
        if (client.namespaces().withName(OPERATOR_NAMESPACE).get() == null) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(OPERATOR_NAMESPACE)
                    .endMetadata().build()).create();
        }
    }

    @AfterAll
    static void stop() {
        ControlPlane.stopIfStarted();
    }

    static Path jar() {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.exists(jar), "the packaged operator is needed: run after `./mvnw package`");
        return jar;
    }

    static OperatorProcess operator(String name, boolean awaitReady) {
        return OperatorProcess.start(jar(), controlPlane.kubeConfigFile(), work, name,
                Map.of("POD_NAME", name), awaitReady);
    }

    static String holder() {
        Lease lease = client.leases().inNamespace(OPERATOR_NAMESPACE).withName(LEASE).get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    /** Reconciles the operator started, over all controllers (JOSDK's counter). */
    static double reconciles(OperatorProcess operator) {
        double total = 0;
        Matcher m = Pattern.compile("(?m)^operator_sdk_reconciliations_started_total\\{[^}]*} ([0-9.eE+-]+)$")
                .matcher(operator.metrics());
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return total;
    }

    static void model(String ns, String name) {
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMModel
                metadata: {name: %s}
                spec:
                  image: amdenterpriseai/aim-base:0.9
                  discovery: {extractMetadata: false}
                  modelSources: [{modelId: org/tiny, sourceUri: "hf://org/tiny", size: 1Gi}]
                  custom: {hardware: {cpu: {requests: 500m}}}
                """.formatted(name), AIMModel.class)).inNamespace(ns).create();
    }

    static void awaitReconciled(String ns, String name) {
        await().ignoreExceptions().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            AIMModel m = client.resources(AIMModel.class).inNamespace(ns).withName(name).get();
            assertEquals(m.getMetadata().getGeneration(), m.getStatus().observedGeneration);
            assertEquals(1, client.resources(AIMServiceTemplate.class).inNamespace(ns)
                    .withLabel("aim.eai.amd.com/model", name).list().getItems().size());
        });
    }

    @Test
    void onlyTheLeaderReconcilesAndTheOtherTakesOverWhenItStops() {
        String ns = "leader-election";
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                .create();
        try (OperatorProcess a = operator("operator-a", true)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> "operator-a".equals(holder()));
            try (OperatorProcess b = operator("operator-b", false)) {
                model(ns, "first");
                awaitReconciled(ns, "first");
                assertTrue(reconciles(a) > 0, "the leader reconciles");
                assertEquals(0.0, reconciles(b), "the follower does not");
                assertEquals("operator-a", holder());

                assertTrue(a.stop(), "the leader ends on SIGTERM within the grace period");
                Instant stopped = Instant.now();
                await().atMost(LEASE_DURATION.plusSeconds(10)).until(() -> "operator-b".equals(holder()));
                Duration takeover = Duration.between(stopped, Instant.now());
                assertTrue(takeover.compareTo(LEASE_DURATION.plusSeconds(5)) <= 0, "took over after " + takeover);

                model(ns, "second");
                awaitReconciled(ns, "second");
                assertTrue(reconciles(b) > 0, "the new leader reconciles");
                assertEquals(2, client.resources(AIMServiceTemplate.class).inNamespace(ns).list().getItems().size(),
                        "one template per model, none twice");
                List<String> problems = b.problems();
                assertTrue(problems.isEmpty(), "the new leader logged: " + problems);
            }
        }
    }
}
