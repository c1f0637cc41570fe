package dev.aimengine.operator.service.routing;

import dev.aimengine.operator.api.v1alpha1.AIMRuntimeConfigCommon;
import dev.aimengine.operator.api.v1alpha1.AIMServiceSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.aimengine.operator.service.ServiceGoldenFiles.SERIALIZATION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoutingTest {

    static AIMServiceSpec spec(String routing) {
        return SERIALIZATION.unmarshal("model: {name: m}\nrouting: " + routing.strip().replace("\n", " "), AIMServiceSpec.class);
    }

    static final AIMRuntimeConfigCommon CONFIG = SERIALIZATION.unmarshal("""
            routing:
              enabled: true
              gatewayRef: {name: shared-gw, namespace: gateways}
              pathTemplate: /rc/{.metadata.name}
              requestTimeout: 5m
              annotations: {a: rc, b: rc}
            """, AIMRuntimeConfigCommon.class);

    @Test
    void nothingConfiguredMeansDisabled() {
        Routing r = Routing.resolve(spec("null"), null);
        assertFalse(r.enabled());
        assertFalse(r.hasGateway());
        assertNull(r.pathTemplate());
        assertNull(r.requestTimeout());
        assertEquals(Map.of(), r.annotations());
    }

    @Test
    void runtimeConfigSuppliesDefaults() {
        Routing r = Routing.resolve(spec("{}"), CONFIG);
        assertTrue(r.enabled());
        assertEquals("shared-gw", r.gateway().name);
        assertEquals("gateways", r.gateway().namespace);
        assertEquals("/rc/{.metadata.name}", r.pathTemplate());
        assertEquals("5m", r.requestTimeout());
        assertEquals(Map.of("a", "rc", "b", "rc"), r.annotations());
    }

    @Test
    void serviceFieldsWin() {
        Routing r = Routing.resolve(spec("""
                {enabled: false, gatewayRef: {name: own-gw}, pathTemplate: '', requestTimeout: 30s,
                 annotations: {b: svc, c: svc}}
                """), CONFIG);
        assertFalse(r.enabled());
        assertEquals("own-gw", r.gateway().name);
        assertNull(r.gateway().namespace);
        assertEquals("", r.pathTemplate(), "an empty template selects the default path");
        assertEquals("30s", r.requestTimeout());
        assertEquals(Map.of("a", "rc", "b", "svc", "c", "svc"), r.annotations());
        assertEquals(List.of("a", "b", "c"), List.copyOf(r.annotations().keySet()), "sorted");
    }

    @Test
    void serviceEnablesWithoutRuntimeConfig() {
        Routing r = Routing.resolve(spec("{enabled: true}"), null);
        assertTrue(r.enabled());
        assertFalse(r.hasGateway());
    }

    @Test
    void blankTimeoutFallsBackToRuntimeConfig() {
        assertEquals("5m", Routing.resolve(spec("{requestTimeout: ' '}"), CONFIG).requestTimeout());
    }
}
