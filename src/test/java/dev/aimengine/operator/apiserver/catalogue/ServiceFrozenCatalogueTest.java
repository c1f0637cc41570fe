package dev.aimengine.operator.apiserver.catalogue;

import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.api.v1alpha1.AIMServiceStatus;
import dev.aimengine.operator.api.v1alpha1.AIMTemplateCache;
import dev.aimengine.operator.testing.Frozen;
import dev.aimengine.operator.testing.GpuNodes;
import dev.aimengine.operator.testing.OperatorLog;
import dev.aimengine.operator.testing.RealApiServer;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.aimengine.operator.testing.Fixtures.load;
import static dev.aimengine.operator.testing.Fixtures.newNamespace;
import static dev.aimengine.operator.testing.Fixtures.state;
import static dev.aimengine.operator.testing.Fixtures.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * AIM Engine's end-to-end catalogue, {@code aimservice/frozen/*}: the service's model and template are frozen
 * (paused, status written by hand) and the service must follow from their observed status alone.
 */
@QuarkusTest
@TestProfile(RealApiServer.class)
@ExtendWith(OperatorLog.Watch.class)
class ServiceFrozenCatalogueTest {
    static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    KubernetesClient client;
    String ns;

    @BeforeEach
    void setUp() {
        GpuNodes.ensure(client);
        ns = newNamespace(client, "frozen");
    }

    @Test
    @DisplayName("aimservice/frozen/all-ready")
    void allReady() {
        model("m", "Ready");
        template("t", "m", "Ready", "");
        service("svc", "{model: {name: m}}");
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMServiceStatus s = status("svc");
            assertEquals("Starting", s.status, String.valueOf(s.conditions));
            assertEquals("True/ModelResolved", state(s.conditions, "ModelReady"));
            assertEquals("True/Resolved", state(s.conditions, "TemplateReady"));
            assertEquals("t", s.resolvedTemplate.name);
            assertEquals("Namespace", s.resolvedTemplate.scope);
            // a template without model sources gets no cache, so the service waits at Starting
            assertEquals("False/CacheCreating", state(s.conditions, "CacheReady"));
        });
        assertEquals(0, client.resources(AIMTemplateCache.class).inNamespace(ns).list().getItems().size());
    }

    @Test
    @DisplayName("aimservice/frozen/cluster-model-ready")
    void clusterModelReady() {
        String model = unique("frozen-cm");
        String template = model + "-t";
        Frozen.apply(client, null, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMClusterModel
                metadata: {name: %s}
                spec: {image: "amdenterpriseai/aim-base:0.9"}
                status: {status: Ready, conditions: [%s]}
                """.formatted(model, Frozen.readyCondition("True", "AllComponentsReady")));
        Frozen.apply(client, null, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMClusterServiceTemplate
                metadata: {name: %s}
                spec: {modelName: %s, hardware: {gpu: {requests: 1, model: MI300X}}}
                status:
                  status: Ready
                  conditions: [%s]
                  profile: {metadata: {type: optimized, gpu: MI300X, metric: latency, precision: fp8}}
                """.formatted(template, model, Frozen.readyCondition("True", "AllComponentsReady")));
        service("svc", "{model: {name: %s}}".formatted(model));
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMServiceStatus s = status("svc");
            assertEquals("Starting", s.status, String.valueOf(s.conditions));
            assertEquals("True/ModelResolved", state(s.conditions, "ModelReady"));
            assertEquals("True/Resolved", state(s.conditions, "TemplateReady"));
            assertEquals(template, s.resolvedTemplate.name);
            assertEquals("Cluster", s.resolvedTemplate.scope);
            assertEquals("Cluster", s.resolvedModel.scope);
        });
    }

    @Test
    @DisplayName("aimservice/frozen/env-propagation-to-cache")
    void envPropagationToCache() {
        model("m", "Ready");
        Frozen.apply(client, ns, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMServiceTemplate
                metadata: {name: t}
                spec:
                  modelName: m
                  hardware: {gpu: {requests: 1, model: MI300X}}
                  caching:
                    env: [{name: HF_TOKEN, value: from-template}, {name: HTTP_PROXY, value: "http://proxy.template:3128"}]
                status:
                  status: Ready
                  conditions: [%s]
                  profile: {metadata: {type: optimized, gpu: MI300X}}
                  modelSources: [{modelId: org/model, sourceUri: "hf://org/model", size: 1Gi}]
                """.formatted(Frozen.readyCondition("True", "AllComponentsReady")));
        service("svc", """
                model: {name: m}
                template: {name: t}
                caching: {mode: Shared}
                env: [{name: HF_TOKEN, value: from-service}, {name: HTTPS_PROXY, value: "http://proxy.service:3128"}]
                """);
        AIMTemplateCache cache = await().ignoreExceptions().atMost(WAIT).until(() -> client.resources(AIMTemplateCache.class)
                .inNamespace(ns).withLabel("aim.eai.amd.com/service.name", "svc").list().getItems().get(0), c -> c != null);
        assertEquals("t", cache.getSpec().templateName);
        assertEquals("Namespace", cache.getSpec().templateScope);
        Map<String, String> env = cache.getSpec().env.stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        assertEquals(Map.of("HF_TOKEN", "from-service", "HTTP_PROXY", "http://proxy.template:3128",
                "HTTPS_PROXY", "http://proxy.service:3128"), env);
    }

    @Test
    @DisplayName("aimservice/frozen/model-failed")
    void modelFailed() {
        model("m", "Failed");
        service("svc", "{model: {name: m}}");
        expect("svc", "Failed", "ModelReady", "False/ModelNotReady");
    }

    @Test
    @DisplayName("aimservice/frozen/model-not-found")
    void modelNotFound() {
        service("svc", "{model: {name: m}}");
        expect("svc", "Failed", "ModelReady", "False/ModelNotFound");
    }

    @Test
    @DisplayName("aimservice/frozen/model-progressing")
    void modelProgressing() {
        model("m", "Progressing");
        template("t", "m", "Ready", "");
        service("svc", "{model: {name: m}}");
        expect("svc", "Pending", "ModelReady", "False/ModelNotReady");
    }

    @Test
    @DisplayName("aimservice/frozen/model-ready")
    void modelReady() {
        model("m", "Ready");
        template("t", "m", "Ready", "");
        service("svc", "{model: {name: m}}");
        expect("svc", "Starting", "ModelReady", "True/ModelResolved");
        assertEquals("True/Resolved", state(status("svc").conditions, "TemplateReady"));
    }

    @Test
    @DisplayName("aimservice/frozen/template-failed")
    void templateFailed() {
        model("m", "Ready");
        template("t", "m", "Failed", "");
        service("svc", "{model: {name: m}}");
        expect("svc", "Pending", "TemplateReady", "False/TemplateNotReady");
        assertNull(status("svc").resolvedTemplate);
    }

    @Test
    @DisplayName("aimservice/frozen/template-not-found")
    void templateNotFound() {
        model("m", "Ready");
        service("svc", "{model: {name: m}}");
        expect("svc", "Pending", "TemplateReady", "False/TemplateNotFound");
        assertEquals("True/ModelResolved", state(status("svc").conditions, "ModelReady"));
    }

    @Test
    @DisplayName("aimservice/frozen/template-ready")
    void templateReady() {
        model("m", "Ready");
        template("t", "m", "Ready", "");
        service("svc", "{model: {name: m}}");
        expect("svc", "Starting", "TemplateReady", "True/Resolved");
        assertEquals("t", status("svc").resolvedTemplate.name);
        assertEquals("Namespace", status("svc").resolvedTemplate.scope);
    }

    // ---- helpers ----

    void model(String name, String status) {
        Frozen.apply(client, ns, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMModel
                metadata: {name: %s}
                spec: {image: "amdenterpriseai/aim-base:0.9"}
                status: {status: %s, conditions: [%s]}
                """.formatted(name, status, Frozen.readyCondition("Ready".equals(status) ? "True" : "False",
                "Ready".equals(status) ? "AllComponentsReady" : "Frozen")));
    }

    /** A template for one MI300X, optimized, with {@code extraStatus} lines appended to its status. */
    void template(String name, String model, String status, String extraStatus) {
        Frozen.apply(client, ns, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMServiceTemplate
                metadata: {name: %s}
                spec: {modelName: %s, hardware: {gpu: {requests: 1, model: MI300X}}}
                status:
                  status: %s
                  conditions: [%s]
                  profile: {metadata: {type: optimized, gpu: MI300X, metric: latency, precision: fp8}}
                %s
                """.formatted(name, model, status, Frozen.readyCondition("Ready".equals(status) ? "True" : "False",
                "Ready".equals(status) ? "AllComponentsReady" : "Frozen"), extraStatus));
    }

    void service(String name, String spec) {
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMService
                metadata: {name: %s}
                spec:
                %s
                """.formatted(name, spec.indent(2)), AIMService.class)).inNamespace(ns).create();
    }

    AIMServiceStatus status(String name) {
        return client.resources(AIMService.class).inNamespace(ns).withName(name).get().getStatus();
    }

    void expect(String name, String status, String condition, String state) {
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMServiceStatus s = status(name);
            assertEquals(status, s.status, String.valueOf(s.conditions));
            assertEquals(state, state(s.conditions, condition));
        });
    }
}
