package dev.aimengine.operator.mock;

import dev.aimengine.operator.api.v1alpha1.AIMModel;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tier 2: a failing object is looked at again on its own, without any change to it or its dependencies: its Warning
 * is recorded again after the reminder interval (2 s here), which only a scheduled reconcile can do.
 */
@QuarkusTest
@WithKubernetesTestServer
@TestProfile(RequeueMockTest.ShortReminder.class)
class RequeueMockTest {

    public static class ShortReminder implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("aim.events.reminder-interval", "2s");
        }
    }

    @Inject
    KubernetesClient client;

    @Test
    void aFailingModelIsReconciledAgainWithoutAnyChange() {
        client.resource(client.getKubernetesSerialization().unmarshal("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMModel
                metadata: {name: waits-for-config}
                spec: {image: 'img:1', runtimeConfigName: missing, discovery: {extractMetadata: false, createServiceTemplates: false}}
                """, AIMModel.class)).inNamespace("default").create();
        await().ignoreExceptions().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertTrue(
                warning().getCount() >= 2, "the ConfigNotFound Warning is recorded again"));
    }

    private Event warning() {
        return client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> "waits-for-config".equals(e.getInvolvedObject().getName())
                        && "ConfigNotFound".equals(e.getReason()) && "Warning".equals(e.getType()))
                .findFirst().orElseThrow();
    }
}
