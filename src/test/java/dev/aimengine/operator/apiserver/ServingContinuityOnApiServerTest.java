package dev.aimengine.operator.apiserver;

import dev.aimengine.operator.api.v1alpha1.AIMClusterModel;
import dev.aimengine.operator.api.v1alpha1.AIMClusterServiceTemplate;
import dev.aimengine.operator.api.v1alpha1.AIMRuntimeConfig;
import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.api.v1alpha1.AIMServiceStatus;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplateStatus;
import dev.aimengine.operator.api.v1alpha1.AIMTemplateCache;
import dev.aimengine.operator.common.naming.AimNames;
import dev.aimengine.operator.testing.standin.StandIns;
import dev.aimengine.operator.testing.OperatorLog;
import dev.aimengine.operator.testing.RealApiServer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.aimengine.operator.testing.Fixtures.load;
import static dev.aimengine.operator.testing.Fixtures.newNamespace;
import static dev.aimengine.operator.testing.Fixtures.state;
import static dev.aimengine.operator.testing.Fixtures.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tier 3: a serving endpoint stays up through transient trouble (templates edited or unavailable, models and
 * templates deleted), the smallest routing configuration gets a route, turning routing off removes it, and a failure
 * that lasts is recorded again as an Event.
 */
@QuarkusTest
@TestProfile(RealApiServer.class)
@ExtendWith(OperatorLog.Watch.class)
class ServingContinuityOnApiServerTest {
    static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    KubernetesClient client;
    StandIns cluster;

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    @BeforeEach
    void setUp() {
        cluster = StandIns.start(client);
        if (client.nodes().withName("continuity-mi300x").get() == null) {
            client.nodes().resource(new NodeBuilder().withNewMetadata().withName("continuity-mi300x")
                    .withLabels(Map.of("amd.com/gpu.device-id", "74a1", "amd.com/gpu.vram", "192G")).endMetadata()
                    .withNewStatus().withAllocatable(Map.of("amd.com/gpu", new Quantity("8"))).endStatus().build())
                    .create();
        }
    }

    /** The runtime config a new user writes first: routing on, a gateway, nothing else. */
    @Test
    void theSmallestRoutingConfigGetsARouteAndTheServiceRuns() {
        String ns = newNamespace(client, "minroute");
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMRuntimeConfig
                metadata: {name: default}
                spec:
                  routing:
                    enabled: true
                    gatewayRef: {name: gw, namespace: %s}
                """.formatted(ns), AIMRuntimeConfig.class)).inNamespace(ns).create();
        AIMService svc = runningService(ns, "chat");

        HTTPRoute route = route(ns, "chat");
        assertNotNull(route, "the route exists");
        assertEquals("/" + ns + "/" + svc.getMetadata().getUid(),
                route.getSpec().getRules().get(0).getMatches().get(0).getPath().getValue());
        assertEquals("gw", route.getSpec().getParentRefs().get(0).getName());
        assertEquals("chat", route.getMetadata().getOwnerReferences().get(0).getName());
        AIMServiceStatus status = service(ns, "chat").getStatus();
        assertEquals("/" + ns + "/" + svc.getMetadata().getUid(), status.routing.path);
        assertEquals("True/HTTPRouteAccepted", state(status.conditions, "HTTPRouteReady"));
        assertEquals("Running", status.status);

        // turning routing off is the user's decision: the route goes, and an Event says so
        client.resources(AIMService.class).inNamespace(ns).withName("chat").edit(s -> {
            s.getSpec().routing = new dev.aimengine.operator.api.v1alpha1.AIMRoutingConfig();
            s.getSpec().routing.enabled = false;
            return s;
        });
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            assertNull(route(ns, "chat"), "the route is removed");
            AIMServiceStatus s = service(ns, "chat").getStatus();
            assertEquals("absent", state(s.conditions, "HTTPRouteReady"));
            assertEquals("Running", s.status);
            assertTrue(events(ns, "chat").stream().anyMatch(e -> "HTTPRouteRemoved".equals(e.getReason())));
        });
    }

    @Test
    void aRunningServiceKeepsItsInferenceServiceThroughEveryOutage() {
        String ns = newNamespace(client, "outage");
        String model = unique("outage-model");
        String template = model + "-mi300x";
        AIMService svc = runningService(ns, "chat", model, template);
        String isvcName = AimNames.inferenceService("chat", ns);
        String uid = isvc(ns, isvcName).getMetadata().getUid();

        // the template is edited: the InferenceService is updated in place
        client.resources(AIMClusterServiceTemplate.class).withName(template).edit(t -> {
            t.getSpec().env = List.of(new io.fabric8.kubernetes.api.model.EnvVar("EDITED", "yes", null));
            return t;
        });
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> assertTrue(
                String.valueOf(ServiceOnApiServerTest.container(isvc(ns, isvcName)).get("env")).contains("EDITED")));
        assertEquals(uid, isvc(ns, isvcName).getMetadata().getUid());

        // the template goes back to Progressing (as while it is rediscovered)
        freezeTemplate(template, "Progressing");
        expectServiceToReportAndKeep(ns, "chat", isvcName, uid, "TemplateReady", "False/TemplateNotReady");

        // the template is not available (no matching GPUs for a while)
        freezeTemplate(template, "NotAvailable");
        expectServiceToReportAndKeep(ns, "chat", isvcName, uid, "TemplateReady", "False/TemplateNotReady");

        // the template is deleted
        client.resources(AIMClusterServiceTemplate.class).withName(template).delete();
        expectServiceToReportAndKeep(ns, "chat", isvcName, uid, "TemplateReady", "False/TemplateNotFound");

        // the model is deleted
        client.resources(AIMClusterModel.class).withName(model).delete();
        await().ignoreExceptions().atMost(WAIT).until(() -> client.resources(AIMClusterModel.class).withName(model).get() == null);
        await().during(Duration.ofSeconds(5)).atMost(WAIT).untilAsserted(() -> {
            GenericKubernetesResource live = isvc(ns, isvcName);
            assertNotNull(live, "the InferenceService survives the model's deletion");
            assertEquals(uid, live.getMetadata().getUid());
        });
        assertNotNull(svc);
    }

    @Test
    void aFailureThatLastsIsRecordedAgain() {
        String ns = newNamespace(client, "remind");
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMService
                metadata: {name: lost}
                spec: {model: {name: no-such-model}}
                """, AIMService.class)).inNamespace(ns).create();
        Event first = await().ignoreExceptions().atMost(WAIT).until(() -> events(ns, "lost").stream()
                .filter(e -> "ModelNotFound".equals(e.getReason()) && "Warning".equals(e.getType())).findFirst()
                .orElse(null), e -> e != null);
        // the profile records failures again every 20 s (10 minutes in production)
        await().ignoreExceptions().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Event again = events(ns, "lost").stream().filter(e -> e.getMetadata().getName()
                    .equals(first.getMetadata().getName())).findFirst().orElseThrow();
            assertTrue(again.getCount() >= 2, "count " + again.getCount());
            assertTrue(Instant.parse(again.getLastTimestamp()).isAfter(Instant.parse(first.getLastTimestamp())));
        });
    }

    /** KServe reports a Serverless-mode InferenceService only by an Event; the watched Event reaches the service. */
    @Test
    void kservesRejectionEventFailsTheService() {
        String ns = newNamespace(client, "serverless");
        String model = unique("serverless-model");
        AIMService svc = runningService(ns, "chat", model, model + "-t");
        GenericKubernetesResource live = isvc(ns, AimNames.inferenceService("chat", ns));
        client.v1().events().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.EventBuilder()
                .withNewMetadata().withName("isvc-rejected").endMetadata()
                .withNewInvolvedObject().withApiVersion("serving.kserve.io/v1beta1").withKind("InferenceService")
                .withName(live.getMetadata().getName()).withNamespace(ns).withUid(live.getMetadata().getUid())
                .endInvolvedObject()
                .withType("Warning").withReason("ServerlessModeRejected")
                .withMessage("serverless mode is not available").withNewSource().withComponent("kserve").endSource()
                .build()).create();
        // no change to the service, its model or template: only the Event, which is watched, brings the reconcile
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            AIMServiceStatus s = service(ns, "chat").getStatus();
            assertEquals("False/ServerlessModeRejected", state(s.conditions, "InferenceServiceReady"));
            assertEquals("Failed", s.status);
        });
        assertNotNull(svc);
    }

    // ---- helpers ----

    AIMService runningService(String ns, String name) {
        String model = unique("route-model");
        return runningService(ns, name, model, model + "-mi300x");
    }

    /** A cluster model and template with one inline source, a service by model name, downloads done, KServe Ready. */
    AIMService runningService(String ns, String name, String model, String template) {
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
                """.formatted(template, model), AIMClusterServiceTemplate.class)).create();
        AIMService svc = client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMService
                metadata: {name: %s}
                spec: {model: {name: %s}}
                """.formatted(name, model), AIMService.class)).inNamespace(ns).create();
        AIMTemplateCache cache = await().ignoreExceptions().atMost(WAIT).until(() -> client.resources(AIMTemplateCache.class)
                .inNamespace(ns).withLabel("aim.eai.amd.com/service", name).list().getItems().get(0), c -> c != null);
        cluster.download(ns, cache.getMetadata().getName());
        String isvcName = AimNames.inferenceService(name, ns);
        GenericKubernetesResource isvc = await().ignoreExceptions().atMost(WAIT).until(() -> isvc(ns, isvcName),
                x -> x != null);
        cluster.serve(isvc);
        HTTPRoute route = route(ns, name);
        if (route != null) {
            acceptRoute(route);
        }
        await().ignoreExceptions().atMost(WAIT).untilAsserted(
                () -> assertEquals("Running", service(ns, name).getStatus().status,
                        String.valueOf(service(ns, name).getStatus().conditions)));
        return svc;
    }

    /** What a Gateway controller writes once it accepts a route. */
    void acceptRoute(HTTPRoute route) {
        client.resources(HTTPRoute.class).inNamespace(route.getMetadata().getNamespace())
                .withName(route.getMetadata().getName()).editStatus(r -> {
                    r.setStatus(client.getKubernetesSerialization().unmarshal("""
                            parents:
                              - parentRef: {name: %s, namespace: %s}
                                controllerName: example.com/gateway-controller
                                conditions:
                                  - {type: Accepted, status: "True", reason: Accepted, message: accepted,
                                     lastTransitionTime: "%s"}
                            """.formatted(r.getSpec().getParentRefs().get(0).getName(),
                            r.getSpec().getParentRefs().get(0).getNamespace(), Instant.now().toString().replaceAll("\\.\\d+", "")),
                            io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteStatus.class));
                    return r;
                });
    }

    /** The "frozen" technique: pause the template, then write its status by hand. */
    void freezeTemplate(String template, String status) {
        client.resources(AIMClusterServiceTemplate.class).withName(template).edit(t -> {
            t.getMetadata().getAnnotations().put("aim.eai.amd.com/reconciliation-paused", "true");
            return t;
        });
        client.resources(AIMClusterServiceTemplate.class).withName(template).editStatus(t -> {
            AIMServiceTemplateStatus s = t.getStatus();
            s.status = status;
            s.conditions = List.of();
            return t;
        });
    }

    void expectServiceToReportAndKeep(String ns, String name, String isvcName, String uid, String condition,
            String expected) {
        await().ignoreExceptions().atMost(WAIT).untilAsserted(
                () -> assertEquals(expected, state(service(ns, name).getStatus().conditions, condition)));
        await().during(Duration.ofSeconds(3)).atMost(WAIT).untilAsserted(() -> {
            GenericKubernetesResource live = isvc(ns, isvcName);
            assertNotNull(live, "the InferenceService is still there");
            assertEquals(uid, live.getMetadata().getUid(), "the same InferenceService");
        });
    }

    AIMService service(String ns, String name) {
        AIMService s = client.resources(AIMService.class).inNamespace(ns).withName(name).get();
        assertNotNull(s.getStatus());
        return s;
    }

    GenericKubernetesResource isvc(String ns, String name) {
        return client.genericKubernetesResources("serving.kserve.io/v1beta1", "InferenceService").inNamespace(ns)
                .withName(name).get();
    }

    HTTPRoute route(String ns, String service) {
        return client.resources(HTTPRoute.class).inNamespace(ns).withName(AimNames.httpRoute(service, ns)).get();
    }

    List<Event> events(String ns, String name) {
        return client.v1().events().inNamespace(ns).withField("involvedObject.name", name).list().getItems();
    }
}
