package dev.aimengine.operator.deploy;

import dev.aimengine.operator.api.v1alpha1.AIMClusterModel;
import dev.aimengine.operator.api.v1alpha1.AIMClusterServiceTemplate;
import dev.aimengine.operator.api.v1alpha1.AIMService;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static dev.aimengine.operator.testing.Fixtures.load;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tier 2: every metric the Grafana dashboard and the alerts query is one the operator really exports — read from its
 * own /q/metrics after one AIMService went through selection and one reconcile failed — with the labels the queries
 * match on. Only {@code up}, which Prometheus writes for each scrape, is not the operator's.
 */
@QuarkusTest
@WithKubernetesTestServer
class MonitoringMetricsMockTest {
    private static final Set<String> WRITTEN_BY_PROMETHEUS = Set.of("up");
    private static final String SERVICE_STATUS =
            "/apis/aim.eai.amd.com/v1alpha1/namespaces/default/aimservices/mon-service/status";

    @Inject
    KubernetesClient client;

    @KubernetesTestServer
    KubernetesServer server;

    @Test
    void everyMetricOfTheDashboardAndTheAlertsIsExported() {
        // the first status writes of the service are rejected: failed reconciles, which JOSDK retries (it counts a
        // failure when it schedules a retry, not when a newer event already asks for another reconcile)
        server.expect().patch().withPath(SERVICE_STATUS)
                .andReturn(422, new StatusBuilder().withCode(422).withReason("Invalid").withMessage("rejected by test")
                        .build())
                .times(3);
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("mon-node")
                .addToLabels("amd.com/gpu.device-id", "74a1").endMetadata().build()).createOr(n -> n.update());
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMClusterModel
                metadata: {name: mon-model}
                spec: {image: "aim-base:0.9", discovery: {extractMetadata: false, createServiceTemplates: false}}
                """, AIMClusterModel.class)).create();
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMClusterServiceTemplate
                metadata: {name: mon-template}
                spec:
                  modelName: mon-model
                  type: optimized
                  hardware: {gpu: {requests: 1, model: MI300X}}
                  modelSources: [{modelId: org/model, sourceUri: "hf://org/model", size: 1Gi}]
                """, AIMClusterServiceTemplate.class)).create();
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMService
                metadata: {name: mon-service, namespace: default}
                spec: {model: {name: mon-model}}
                """, AIMService.class)).inNamespace("default").create();

        await().ignoreExceptions().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            AIMService s = client.resources(AIMService.class).inNamespace("default").withName("mon-service").get();
            assertEquals("mon-template", s.getStatus().resolvedTemplate.name);
        });

        Map<String, Set<String>> wanted = new TreeMap<>();
        List<String> expressions = new ArrayList<>(PromQl.dashboardExpressions(DeployFiles.read(DeployFiles.DASHBOARD)));
        assertTrue(expressions.size() >= 10, "dashboard queries: " + expressions);
        expressions.addAll(PromQl.ruleExpressions(DeployFiles.document(DeployFiles.RULES)));
        expressions.forEach(e -> PromQl.selectors(e).forEach(
                (name, labels) -> wanted.computeIfAbsent(name, k -> new TreeSet<>()).addAll(labels)));
        assertTrue(wanted.keySet().containsAll(Set.of("operator_sdk_reconciliations_started_total",
                "operator_sdk_reconciliations_failed_total", "operator_sdk_controllers_execution_reconcile_seconds_bucket",
                "aim_resources", "aim_template_selections_total", "aim_service_time_to_inference_service_seconds_bucket")),
                wanted.keySet().toString());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
            List<String> missing = new ArrayList<>();
            wanted.forEach((name, labels) -> {
                if (WRITTEN_BY_PROMETHEUS.contains(name)) {
                    return;
                }
                List<String> series = metrics.lines()
                        .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " ")).toList();
                if (series.isEmpty()) {
                    missing.add(name);
                    return;
                }
                for (String label : labels) {
                    Pattern p = Pattern.compile("[{,]" + Pattern.quote(label) + "=\"");
                    if (series.stream().noneMatch(l -> p.matcher(l).find())) {
                        missing.add(name + " with label " + label);
                    }
                }
            });
            // labels a query groups by must be on the series it aggregates
            for (String expr : expressions) {
                List<String> series = PromQl.selectors(expr).keySet().stream()
                        .filter(n -> !WRITTEN_BY_PROMETHEUS.contains(n))
                        .flatMap(n -> metrics.lines().filter(l -> l.startsWith(n + "{"))).toList();
                for (String label : PromQl.groupingLabels(expr)) {
                    Pattern p = Pattern.compile("[{,]" + Pattern.quote(label) + "=\"");
                    if (!series.isEmpty() && series.stream().noneMatch(l -> p.matcher(l).find())) {
                        missing.add("label " + label + " of " + expr);
                    }
                }
            }
            assertTrue(missing.isEmpty(), "not in /q/metrics: " + missing);
        });
    }
}
