package dev.aimengine.operator.apiserver;

import dev.aimengine.operator.api.v1alpha1.AIMClusterModel;
import dev.aimengine.operator.api.v1alpha1.AIMClusterServiceTemplate;
import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.testing.FreshOperator;
import dev.aimengine.operator.testing.OperatorLog;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static dev.aimengine.operator.testing.Fixtures.load;
import static dev.aimengine.operator.testing.Fixtures.newNamespace;
import static dev.aimengine.operator.testing.Fixtures.state;
import static dev.aimengine.operator.testing.Fixtures.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Tier 3, on an operator that has not reconciled anything yet: 200 services created at once all run the workflow
 * concurrently, and the InferenceService and HTTPRoute informers, registered on first use, start exactly once
 * (no "Couldn't start informer", no RejectedExecutionException: {@link OperatorLog.Watch} fails the test on any
 * WARN or ERROR line).
 */
@QuarkusTest
@TestProfile(FreshOperator.class)
@ExtendWith(OperatorLog.Watch.class)
class BurstOnFreshOperatorTest {
    static final int SERVICES = 200;

    @Inject
    KubernetesClient client;

    @Test
    void twoHundredServicesAtOnceStartTheOptionalInformersOnce() throws Exception {
        if (client.nodes().withName("burst-mi300x").get() == null) {
            client.nodes().resource(new NodeBuilder().withNewMetadata().withName("burst-mi300x")
                    .withLabels(Map.of("amd.com/gpu.device-id", "74a1")).endMetadata()
                    .withNewStatus().withAllocatable(Map.of("amd.com/gpu", new Quantity("8"))).endStatus().build())
                    .create();
        }
        String ns = newNamespace(client, "burst");
        String model = unique("burst");
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMClusterModel
                metadata: {name: %s}
                spec: {image: "amdenterpriseai/aim-base:0.9", discovery: {extractMetadata: false, createServiceTemplates: false}}
                """.formatted(model), AIMClusterModel.class)).create();
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMClusterServiceTemplate
                metadata: {name: %s}
                spec:
                  modelName: %s
                  type: optimized
                  hardware: {gpu: {requests: 1, model: MI300X}}
                  modelSources: [{modelId: org/tiny, sourceUri: "hf://org/tiny", size: 1Gi}]
                """.formatted(model, model), AIMClusterServiceTemplate.class)).create();
        await().ignoreExceptions().atMost(Duration.ofSeconds(60)).until(() -> "Ready".equals(
                client.resources(AIMClusterServiceTemplate.class).withName(model).get().getStatus().status));

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<AIMService>> creates = IntStream.range(0, SERVICES).mapToObj(i -> pool.submit(() -> client.resource(
                    load(client, """
                            apiVersion: aim.eai.amd.com/v1alpha1
                            kind: AIMService
                            metadata: {name: svc-%d}
                            spec: {model: {name: %s}}
                            """.formatted(i, model), AIMService.class)).inNamespace(ns).create())).toList();
            for (Future<AIMService> f : creates) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        // every service got as far as its cache: the workflow (and with it the informer registration) ran for all
        await().ignoreExceptions().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            List<AIMService> services = client.resources(AIMService.class).inNamespace(ns).list().getItems();
            assertEquals(SERVICES, services.stream().filter(s -> s.getStatus() != null
                    && "True/Resolved".equals(state(s.getStatus().conditions, "TemplateReady"))
                    && "False/CacheNotReady".equals(state(s.getStatus().conditions, "CacheReady"))).count());
        });
    }
}
