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
        assertTrue(names.containsAll(Set.of("model", "cluster-model", "service-template", "cluster-service-template")),
                names.toString());
    }

    @Test
    void healthIsUp() {
        given().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
        given().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
    }

    @Test
    void metricsAreExported() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_"));
    }
}
