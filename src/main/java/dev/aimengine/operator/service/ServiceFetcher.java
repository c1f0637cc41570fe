package dev.aimengine.operator.service;

import dev.aimengine.operator.service.inference.InferenceService;
import dev.aimengine.operator.service.inference.InferenceServiceBuilder;
import dev.aimengine.operator.service.inference.InferenceServiceDependent;
import dev.aimengine.operator.service.routing.HttpRouteDependent;
import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.common.health.LogReader;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads what a service's planner needs beyond the informer caches: the InferenceService and HTTPRoute (from the
 * workflow's informers when active, else directly), Events of the InferenceService and of pending predictor pods,
 * pod logs on failure, and the KEDA HPA.
 */
final class ServiceFetcher {
    private static final Logger LOG = Logger.getLogger(ServiceFetcher.class);
    static final String ISVC_LABEL = "serving.kserve.io/inferenceservice";

    private final KubernetesClient client;

    ServiceFetcher(KubernetesClient client) {
        this.client = client;
    }

    GenericKubernetesResource inferenceService(AIMService svc, Context<AIMService> context) {
        Optional<InferenceService> cached = secondary(context, InferenceService.class, InferenceServiceDependent.NAME);
        if (cached != null) {
            return cached.map(i -> i.toGeneric(client.getKubernetesSerialization())).orElse(null);
        }
        return client.genericKubernetesResources(InferenceServiceBuilder.API_VERSION, InferenceServiceBuilder.KIND)
                .inNamespace(svc.getMetadata().getNamespace()).withName(ServicePlanner.inferenceServiceName(svc)).get();
    }

    io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute httpRoute(AIMService svc, Context<AIMService> context,
            String name) {
        var cached = secondary(context, io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute.class,
                HttpRouteDependent.NAME);
        if (cached != null) {
            return cached.orElse(null);
        }
        return client.resources(io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute.class)
                .inNamespace(svc.getMetadata().getNamespace()).withName(name).get();
    }

    /** The dependent's cached secondary; null when its event source is not registered (dependent inactive). */
    private static <R extends HasMetadata> Optional<R> secondary(Context<AIMService> context, Class<R> type, String name) {
        try {
            return context.getSecondaryResource(type, name);
        } catch (RuntimeException notRegistered) {
            return null;
        }
    }

    /** Events about one object (matched by name; inspectors also match the UID). */
    List<Event> eventsFor(String namespace, String name) {
        try {
            return client.v1().events().inNamespace(namespace).withField("involvedObject.name", name).list().getItems();
        } catch (KubernetesClientException e) {
            LOG.debugf("cannot list events of %s/%s: %s", namespace, name, e.getMessage());
            return List.of();
        }
    }

    /** Events of the pods still Pending: they explain scheduling and image pulls. */
    List<Event> pendingPodEvents(List<Pod> pods) {
        List<Event> events = new ArrayList<>();
        for (Pod p : pods) {
            if (p.getStatus() == null || "Pending".equals(p.getStatus().getPhase())) {
                events.addAll(eventsFor(p.getMetadata().getNamespace(), p.getMetadata().getName()));
            }
        }
        return events;
    }

    LogReader logs() {
        return (pod, container, lines) -> client.pods().inNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName()).inContainer(container).tailingLines(lines).getLog();
    }

    /** KEDA's HPA {@code keda-hpa-<isvc>-predictor}: autoscaling/v2, else v2beta2 on servers before 1.23. */
    GenericKubernetesResource hpa(AIMService svc) {
        String name = "keda-hpa-" + ServicePlanner.inferenceServiceName(svc) + InferenceServiceBuilder.PREDICTOR_SUFFIX;
        for (String version : List.of("autoscaling/v2", "autoscaling/v2beta2")) {
            try {
                GenericKubernetesResource hpa = client.genericKubernetesResources(version, "HorizontalPodAutoscaler")
                        .inNamespace(svc.getMetadata().getNamespace()).withName(name).get();
                if (hpa != null) {
                    return hpa;
                }
            } catch (KubernetesClientException e) {
                LOG.debugf("cannot read %s %s: %s", version, name, e.getMessage());
            }
        }
        return null;
    }
}
