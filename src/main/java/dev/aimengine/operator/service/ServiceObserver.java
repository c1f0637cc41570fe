package dev.aimengine.operator.service;

import dev.aimengine.operator.api.v1alpha1.AIMArtifact;
import dev.aimengine.operator.api.v1alpha1.AIMClusterModel;
import dev.aimengine.operator.api.v1alpha1.AIMClusterServiceTemplate;
import dev.aimengine.operator.api.v1alpha1.AIMModel;
import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplate;
import dev.aimengine.operator.api.v1alpha1.AIMTemplateCache;
import dev.aimengine.operator.common.health.LogReader;
import dev.aimengine.operator.common.health.PodHealth;
import dev.aimengine.operator.common.reconcile.ApiPresence;
import dev.aimengine.operator.common.reconcile.Caches;
import dev.aimengine.operator.gpu.GpuInventory;
import dev.aimengine.operator.gpu.GpuSnapshot;
import dev.aimengine.operator.runtimeconfig.RuntimeConfigs;
import dev.aimengine.operator.service.inference.InferenceService;
import dev.aimengine.operator.service.inference.InferenceServiceDependent;
import dev.aimengine.operator.service.inference.InferenceServiceEvents;
import dev.aimengine.operator.service.inference.KServe;
import dev.aimengine.operator.service.routing.HttpRouteDependent;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The observe stage of the AIMService controller: reads what a reconcile needs into one {@link ServiceObservation}.
 * Dependencies, predictor pods and Events about InferenceServices come from the controller's informer caches; the
 * InferenceService and HTTPRoute from the workflow's informers once they run (directly before); the Events of
 * pending pods, the KEDA HPA and pod logs are read directly, only when there is something to explain.
 */
final class ServiceObserver {
    private static final Logger LOG = Logger.getLogger(ServiceObserver.class);

    private final KubernetesClient client;
    private final GpuInventory gpus;

    ServiceObserver(KubernetesClient client, GpuInventory gpus) {
        this.client = client;
        this.gpus = gpus;
    }

    ServiceObservation observe(AIMService svc, Context<AIMService> context) {
        Caches caches = Caches.of(context);
        String ns = svc.getMetadata().getNamespace();
        ServiceNames names = ServiceNames.of(svc);
        boolean kserve = ApiPresence.isInstalled(client, ApiPresence.KSERVE_INFERENCE_SERVICES);
        boolean gatewayApi = ApiPresence.isInstalled(client, ApiPresence.GATEWAY_API_HTTP_ROUTES);
        InferenceService isvc = kserve ? inferenceService(svc, names, context) : null;
        List<Pod> pods = isvc == null ? List.of()
                : caches.list(Pod.class, ns, p -> names.inferenceService().equals(labels(p).get(KServe.ISVC_LABEL)));
        return new ServiceObservation(names,
                RuntimeConfigs.observe(caches, svc.getSpec().runtimeConfigName, ns),
                caches.list(AIMModel.class, ns, m -> true), caches.list(AIMClusterModel.class, null, m -> true),
                caches.list(AIMServiceTemplate.class, ns, t -> true),
                caches.list(AIMClusterServiceTemplate.class, null, t -> true),
                caches.list(AIMTemplateCache.class, ns, c -> true), caches.list(AIMArtifact.class, ns, a -> true),
                capacityExcludingOwnPods(ns, names.inferenceService()), kserve, gatewayApi,
                isvc, isvc == null ? List.of() : InferenceServiceEvents.of(context).about(ns, names.inferenceService()),
                pods, pendingPodEvents(pods),
                logs(), isvc != null && KServe.autoscaling(svc.getSpec()) ? hpa(ns, names) : null,
                gatewayApi ? httpRoute(ns, names, context) : null);
    }

    /** Free GPUs as this service sees them: its own predictor pods do not count against it. */
    private GpuSnapshot capacityExcludingOwnPods(String ns, String isvcName) {
        return GpuSnapshot.of(gpus.nodes(), gpus.pods(),
                p -> ns.equals(p.getMetadata().getNamespace()) && isvcName.equals(labels(p).get(KServe.ISVC_LABEL)));
    }

    private InferenceService inferenceService(AIMService svc, ServiceNames names, Context<AIMService> context) {
        Optional<InferenceService> cached = secondary(context, InferenceService.class, InferenceServiceDependent.NAME);
        if (cached != null) {
            return cached.orElse(null);
        }
        return InferenceService.from(client.genericKubernetesResources(KServe.API_VERSION, KServe.KIND)
                .inNamespace(svc.getMetadata().getNamespace()).withName(names.inferenceService()).get());
    }

    private HTTPRoute httpRoute(String ns, ServiceNames names, Context<AIMService> context) {
        Optional<HTTPRoute> cached = secondary(context, HTTPRoute.class, HttpRouteDependent.NAME);
        if (cached != null) {
            return cached.orElse(null);
        }
        return client.resources(HTTPRoute.class).inNamespace(ns).withName(names.httpRoute()).get();
    }

    /** The dependent's cached secondary; null when its event source is not registered yet (API seen only now). */
    private static <R extends HasMetadata> Optional<R> secondary(Context<AIMService> context, Class<R> type, String name) {
        try {
            return context.getSecondaryResource(type, name);
        } catch (RuntimeException notRegistered) {
            return null;
        }
    }

    /** Events about one object (matched by name; the health checks also match the UID). */
    private List<Event> eventsFor(String namespace, String name) {
        try {
            return client.v1().events().inNamespace(namespace).withField("involvedObject.name", name).list().getItems();
        } catch (KubernetesClientException e) {
            LOG.debugf("cannot list events of %s/%s: %s", namespace, name, e.getMessage());
            return List.of();
        }
    }

    /**
     * Events of the pods still Pending that the pod itself does not explain: mounts, sandboxes, image pulls. (A pod
     * the scheduler could not place says so in its own status.)
     */
    private List<Event> pendingPodEvents(List<Pod> pods) {
        List<Event> events = new ArrayList<>();
        for (Pod p : pods) {
            if ((p.getStatus() == null || "Pending".equals(p.getStatus().getPhase()))
                    && PodHealth.unschedulable(p).isEmpty()) {
                events.addAll(eventsFor(p.getMetadata().getNamespace(), p.getMetadata().getName()));
            }
        }
        return events;
    }

    private LogReader logs() {
        return (pod, container, lines) -> client.pods().inNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName()).inContainer(container).tailingLines(lines).getLog();
    }

    /** KEDA's HPA {@code keda-hpa-<isvc>-predictor}: autoscaling/v2, else v2beta2 on servers before 1.23. */
    private GenericKubernetesResource hpa(String ns, ServiceNames names) {
        String name = KServe.hpaName(names.inferenceService());
        for (String version : List.of("autoscaling/v2", "autoscaling/v2beta2")) {
            try {
                GenericKubernetesResource hpa = client.genericKubernetesResources(version, "HorizontalPodAutoscaler")
                        .inNamespace(ns).withName(name).get();
                if (hpa != null) {
                    return hpa;
                }
            } catch (KubernetesClientException e) {
                LOG.debugf("cannot read %s %s: %s", version, name, e.getMessage());
            }
        }
        return null;
    }

    private static Map<String, String> labels(HasMetadata o) {
        return o.getMetadata().getLabels() == null ? Map.of() : o.getMetadata().getLabels();
    }
}
