package dev.aimengine.operator.mock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aimengine.operator.api.v1alpha1.AIMCpuRequirements;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.Operator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tier 2: the application boots against the fabric8 mock API server and registers its controllers. */
@QuarkusTest
@WithKubernetesTestServer
class OperatorStartupTest {

    @Inject
    Operator operator;

    @Test
    void controllersRegister() {
        Set<String> names = operator.getRegisteredControllers().stream()
                .map(c -> c.getConfiguration().getName()).collect(Collectors.toSet());
        assertEquals(Set.of("service", "model", "cluster-model", "service-template", "cluster-service-template",
                "template-cache", "artifact", "cluster-model-source"), names);
    }

    @Test
    void healthIsUp() {
        given().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
        given().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
    }

    @Test
    void metricsAreExported() {
        // the JVM, JOSDK's per-controller reconcile metrics and the operator's own gauge of objects by status
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"))
                .body(containsString("operator_sdk_"))
                .body(containsString("aim_resources{kind=\"AIMService\""))
                .body(containsString("aim_resources{kind=\"AIMArtifact\""));
    }

    @Test
    void theOperatorsClientWritesQuantitiesInCanonicalForm() {
        KubernetesSerialization serialization = operator.getKubernetesClient().getKubernetesSerialization();
        JsonNode json = serialization.unmarshal(serialization.asJson(
                new AIMCpuRequirements(new Quantity("500m"), new Quantity("2000m"))), JsonNode.class);
        assertEquals("500m", json.get("requests").asText());
        assertEquals("2", json.get("limits").asText());
    }

    @Test
    void fabric8DoesNotWarnAboutOurAlphaApiVersion() {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            // what the client does for every resource type it watches: warn once per unstable type and version
            VersionUsageUtils.log("quietstart" + UUID.randomUUID().toString().substring(0, 8), "v1alpha1");
            Logger.getLogger("io.fabric8.kubernetes.client.control").warning("control warning");
        } finally {
            root.removeHandler(capture);
        }
        assertTrue(records.stream().anyMatch(r -> "control warning".equals(r.getMessage())),
                "other fabric8 warnings still reach the log");
        assertTrue(records.stream().noneMatch(r -> String.valueOf(r.getMessage()).contains("unstable version")),
                records.stream().map(LogRecord::getMessage).toList().toString());
    }
}
