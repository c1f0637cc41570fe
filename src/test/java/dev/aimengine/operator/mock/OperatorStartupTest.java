package dev.aimengine.operator.mock;

import io.javaoperatorsdk.operator.Operator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
                "template-cache", "artifact"), names);
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
}
