package dev.aimengine.operator.apiserver.catalogue;

import dev.aimengine.operator.api.v1alpha1.AIMArtifact;
import dev.aimengine.operator.api.v1alpha1.AIMModel;
import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.api.v1alpha1.AIMServiceStatus;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplate;
import dev.aimengine.operator.api.v1alpha1.AIMTemplateCache;
import dev.aimengine.operator.testing.standin.StandIns;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static dev.aimengine.operator.testing.Fixtures.load;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the {@code aimservice/*} catalogue tests write and read in one namespace: the user's objects (a model that
 * skips registry inspection, a template with one inline source, services), the objects the operator makes for a
 * service (found by the labels the catalogue looks them up by), and the stand-ins that bring them up.
 */
public final class Serving {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String SERVICE_LABEL = "aim.eai.amd.com/service";
    static final String SERVICE_NAME_LABEL = "aim.eai.amd.com/service.name";
    static final String ISVC_API = "serving.kserve.io/v1beta1";
    /** One small Hugging Face source, sized so no size check is needed. */
    static final String ONE_SOURCE = "modelSources: [{modelId: org/tiny, sourceUri: \"hf://org/tiny\", size: 1Gi}]";

    final KubernetesClient client;
    final String ns;
    final StandIns cluster;

    public Serving(KubernetesClient client, String ns, StandIns cluster) {
        this.client = client;
        this.ns = ns;
        this.cluster = cluster;
    }

    // ---- what the user writes ----

    /** A model as a user writes it when the templates are written by hand: no registry inspection. */
    void model(String name) {
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMModel
                metadata: {name: %s}
                spec: {image: "amdenterpriseai/aim-base:0.9", discovery: {extractMetadata: false, createServiceTemplates: false}}
                """.formatted(name), AIMModel.class)).inNamespace(ns).create();
    }

    /** A template for one MI300X with one inline source, plus {@code extraSpec} (YAML lines of its spec). */
    void template(String name, String model, String extraSpec) {
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMServiceTemplate
                metadata: {name: %s}
                spec:
                  modelName: %s
                  hardware: {gpu: {requests: 1, model: MI300X}}
                  %s
                %s
                """.formatted(name, model, ONE_SOURCE, extraSpec.indent(2)), AIMServiceTemplate.class))
                .inNamespace(ns).create();
    }

    /**
     * A model and the one template auto-selection takes for it: {@code optimized}, as discovery records AIM images'
     * profiles (a template's own {@code type} stands in for discovery when its sources are inline).
     */
    public void modelWithTemplate(String model, String template) {
        model(model);
        template(template, model, "type: optimized");
    }

    public AIMService service(String name, String spec) {
        return service(name, Map.of(), spec);
    }

    AIMService service(String name, Map<String, String> labels, String spec) {
        AIMService svc = load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMService
                metadata: {name: %s}
                spec:
                %s
                """.formatted(name, spec.indent(2)), AIMService.class);
        if (!labels.isEmpty()) {
            svc.getMetadata().setLabels(labels);
        }
        return client.resource(svc).inNamespace(ns).create();
    }

    // ---- what the operator writes ----

    AIMService get(String service) {
        return client.resources(AIMService.class).inNamespace(ns).withName(service).get();
    }

    public AIMServiceStatus status(String service) {
        return get(service).getStatus();
    }

    /** Waits until the service's status passes {@code check} (conditions are printed when it does not). */
    void expect(String service, Consumer<AIMServiceStatus> check) {
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> check.accept(status(service)));
    }

    public void expectStatus(String service, String expected) {
        expect(service, s -> assertEquals(expected, s.status, String.valueOf(s.conditions)));
    }

    /** The service's InferenceService, found by label as the catalogue does; null while there is none. */
    GenericKubernetesResource isvc(String service) {
        List<GenericKubernetesResource> items = client.genericKubernetesResources(ISVC_API, "InferenceService")
                .inNamespace(ns).withLabel(SERVICE_LABEL, service).list().getItems();
        return items.isEmpty() ? null : items.get(0);
    }

    GenericKubernetesResource awaitIsvc(String service) {
        return await().ignoreExceptions().atMost(WAIT).until(() -> isvc(service), i -> i != null);
    }

    /** The template cache made for the service (labelled with its name); null while there is none. */
    AIMTemplateCache cache(String service) {
        List<AIMTemplateCache> items = client.resources(AIMTemplateCache.class).inNamespace(ns)
                .withLabel(SERVICE_NAME_LABEL, service).list().getItems();
        return items.isEmpty() ? null : items.get(0);
    }

    AIMTemplateCache awaitCache(String service) {
        return await().ignoreExceptions().atMost(WAIT).until(() -> cache(service), c -> c != null);
    }

    List<AIMArtifact> artifacts(String service) {
        return client.resources(AIMArtifact.class).inNamespace(ns).withLabel(SERVICE_NAME_LABEL, service).list()
                .getItems();
    }

    // ---- the cluster doing its part ----

    /** The service's downloads run to Ready; returns its InferenceService once the operator has created it. */
    GenericKubernetesResource download(String service) {
        cluster.download(ns, awaitCache(service).getMetadata().getName());
        return awaitIsvc(service);
    }

    /** Downloads, then KServe serves the InferenceService; returns once the service is Running. */
    public GenericKubernetesResource run(String service) {
        GenericKubernetesResource isvc = download(service);
        cluster.serve(isvc);
        expectStatus(service, "Running");
        return isvc(service);
    }

    // ---- reading an InferenceService ----

    @SuppressWarnings("unchecked")
    static Map<String, Object> predictor(GenericKubernetesResource isvc) {
        return (Map<String, Object>) ((Map<String, Object>) isvc.getAdditionalProperties().get("spec"))
                .get("predictor");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> container(GenericKubernetesResource isvc) {
        return ((List<Map<String, Object>>) predictor(isvc).get("containers")).get(0);
    }

    @SuppressWarnings("unchecked")
    static String env(GenericKubernetesResource isvc, String name) {
        return ((List<Map<String, Object>>) container(isvc).get("env")).stream()
                .filter(e -> name.equals(e.get("name"))).map(e -> (String) e.get("value")).findFirst().orElse(null);
    }

    static String annotation(GenericKubernetesResource isvc, String key) {
        return isvc.getMetadata().getAnnotations() == null ? null : isvc.getMetadata().getAnnotations().get(key);
    }

    /** The claim names of the predictor's PersistentVolumeClaim volumes. */
    @SuppressWarnings("unchecked")
    static List<String> claims(GenericKubernetesResource isvc) {
        List<String> claims = new ArrayList<>();
        Object volumes = predictor(isvc).get("volumes");
        if (volumes instanceof List<?> list) {
            for (Object v : list) {
                Object pvc = ((Map<String, Object>) v).get("persistentVolumeClaim");
                if (pvc instanceof Map<?, ?> m) {
                    claims.add(String.valueOf(m.get("claimName")));
                }
            }
        }
        return claims;
    }

    // ---- watching ----

    /** Records every version of the service's status from now on, so short-lived states are not missed. */
    StatusLog watch(String service) {
        return new StatusLog(service);
    }

    final class StatusLog implements AutoCloseable {
        private final List<AIMServiceStatus> seen = new CopyOnWriteArrayList<>();
        private final Watch watch;

        private StatusLog(String service) {
            watch = client.resources(AIMService.class).inNamespace(ns).withName(service).watch(new Watcher<>() {
                @Override
                public void eventReceived(Action action, AIMService svc) {
                    if (svc.getStatus() != null) {
                        seen.add(svc.getStatus());
                    }
                }

                @Override
                public void onClose(WatcherException cause) {
                    // the test is over, or the watch broke: what was seen stays
                }
            });
        }

        /** Waits until some recorded status passes {@code test}. */
        void awaitSeen(String what, Predicate<AIMServiceStatus> test) {
            await().atMost(WAIT).alias(what).until(() -> seen.stream().anyMatch(test));
        }

        @Override
        public void close() {
            watch.close();
        }
    }
}
