package dev.aimengine.operator.testing.standin;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Stands in for KServe (RawDeployment mode) and, for autoscaled InferenceServices, for KEDA and the HPA controller.
 * <p>
 * {@link #markReady} does what KServe does for a healthy InferenceService, in the order it happens in a cluster:
 * <ol>
 * <li>predictor pods, one per replica ({@code spec.predictor.minReplicas}, default 1), named
 * {@code <isvc>-predictor-<i>}, with the predictor's containers, volumes and pod settings, labelled with the
 * InferenceService's own labels plus {@code serving.kserve.io/inferenceservice: <isvc>}, {@code component: predictor}
 * and {@code app: isvc.<isvc>-predictor} (KServe copies the InferenceService's labels to its pods), owned by the
 * InferenceService (so garbage collection removes them with it). They run on the given {@link StandInKubelet}'s
 * node, Running and Ready;</li>
 * <li>with annotation {@code serving.kserve.io/autoscalerClass: keda}: the HPA KEDA creates,
 * {@code keda-hpa-<isvc>-predictor} ({@code autoscaling/v2}, or {@code v2beta2} on servers before 1.23), with the
 * predictor's min/max replicas and a status as the HPA controller writes it once metrics flow (current and desired
 * replicas = the running pods, {@code AbleToScale} and {@code ScalingActive} True);</li>
 * <li>only then the InferenceService status: {@code IngressReady}, {@code PredictorReady} and {@code Ready} True,
 * URLs, model status and {@code observedGeneration}.</li>
 * </ol>
 * Calling it again brings pods and HPA in line with a changed spec (replica count, min/max, labels). {@link
 * #markNotReady} takes the pods' readiness away and reports {@code PredictorReady}/{@code Ready} False; {@link
 * #markUnschedulable} creates the pods but leaves them Pending, as when no node has room for them. {@link
 * #serveAll} does {@link #markReady} for every InferenceService of a namespace whenever its spec or labels change.
 * <p>
 * The tier-3 control plane runs kube-controller-manager without its HPA controller, which would otherwise overwrite
 * the HPA status for want of a metrics API.
 */
public final class StandInKServe implements AutoCloseable {
    public static final String API_VERSION = "serving.kserve.io/v1beta1";
    public static final String KIND = "InferenceService";
    public static final String ISVC_LABEL = "serving.kserve.io/inferenceservice";
    public static final String AUTOSCALER_CLASS = "serving.kserve.io/autoscalerClass";

    /** Pod settings KServe takes over from the predictor spec (which inlines a PodSpec). */
    private static final List<String> POD_FIELDS = List.of("containers", "initContainers", "volumes",
            "imagePullSecrets", "serviceAccountName", "nodeSelector", "affinity", "tolerations", "securityContext",
            "runtimeClassName", "priorityClassName", "schedulerName", "hostIPC", "hostNetwork");

    private final KubernetesClient client;
    private final StandInKubelet kubelet;
    private final List<SharedIndexInformer<GenericKubernetesResource>> informers = new CopyOnWriteArrayList<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "standin-kserve");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, String> served = new ConcurrentHashMap<>();

    public StandInKServe(KubernetesClient client, StandInKubelet kubelet) {
        this.client = client;
        this.kubelet = kubelet;
    }

    public GenericKubernetesResource markReady(GenericKubernetesResource isvc) {
        return markReady(isvc.getMetadata().getNamespace(), isvc.getMetadata().getName());
    }

    /** Serves the InferenceService as KServe would: pods first, then the HPA, then Ready status. */
    public synchronized GenericKubernetesResource markReady(String namespace, String name) {
        GenericKubernetesResource isvc = get(namespace, name);
        if (isvc == null) {
            throw new IllegalStateException("no InferenceService " + namespace + "/" + name);
        }
        List<Pod> pods = ensurePods(isvc);
        for (Pod pod : pods) {
            if (pod.getSpec().getNodeName() == null) {
                kubelet.bind(pod);
            }
            if (!isReady(pod)) {
                kubelet.markRunning(pod);
            }
        }
        if ("keda".equals(annotation(isvc, AUTOSCALER_CLASS))) {
            ensureHpa(isvc, pods.size());
        }
        String now = now();
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("observedGeneration", isvc.getMetadata().getGeneration());
        status.put("conditions", List.of(
                condition("IngressReady", "True", null, null, now),
                condition("PredictorReady", "True", null, null, now),
                condition("Ready", "True", null, null, now)));
        String url = "http://" + name + "-" + namespace + ".example.com";
        status.put("url", url);
        status.put("address", Map.of("url", "http://" + name + "-predictor." + namespace + ".svc.cluster.local"));
        status.put("components", Map.of("predictor", Map.of("url", url)));
        status.put("modelStatus", Map.of(
                "states", Map.of("activeModelState", "Loaded", "targetModelState", "Loaded"),
                "transitionStatus", "UpToDate",
                "copies", Map.of("totalCopies", pods.size())));
        return patchStatus(isvc, status);
    }

    /**
     * What KServe reports when the predictor stops being ready: the pods keep running but are not ready, and
     * {@code PredictorReady}/{@code Ready} turn False with the given reason and message.
     */
    public synchronized GenericKubernetesResource markNotReady(String namespace, String name, String reason,
            String message) {
        GenericKubernetesResource isvc = get(namespace, name);
        predictorPods(namespace, name).forEach(kubelet::markUnready);
        return patchStatus(isvc, notReadyStatus(isvc, reason, message));
    }

    private static Map<String, Object> notReadyStatus(GenericKubernetesResource isvc, String reason, String message) {
        String now = now();
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("observedGeneration", isvc.getMetadata().getGeneration());
        status.put("conditions", List.of(
                condition("IngressReady", "True", null, null, now),
                condition("PredictorReady", "False", reason, message, now),
                condition("Ready", "False", reason, message, now)));
        return status;
    }

    /**
     * What KServe shows when the predictor's pods fit no node: the pods are created (as for {@link #markReady}) but
     * the scheduler leaves them {@code Pending} with a {@code FailedScheduling} Event
     * ({@link StandInKubelet#failScheduling}), and the InferenceService reports {@code PredictorReady}/{@code Ready}
     * False as its Deployment lacks minimum availability.
     */
    public synchronized GenericKubernetesResource markUnschedulable(String namespace, String name) {
        GenericKubernetesResource isvc = get(namespace, name);
        if (isvc == null) {
            throw new IllegalStateException("no InferenceService " + namespace + "/" + name);
        }
        for (Pod pod : ensurePods(isvc)) {
            if (pod.getSpec().getNodeName() == null) {
                kubelet.failScheduling(pod);
            }
        }
        return patchStatus(isvc, notReadyStatus(isvc, "MinimumReplicasUnavailable",
                "Deployment does not have minimum availability."));
    }

    /** The predictor pods of an InferenceService, by name. */
    public List<Pod> predictorPods(String namespace, String name) {
        return client.pods().inNamespace(namespace).withLabel(ISVC_LABEL, name).list().getItems().stream()
                .sorted(Comparator.comparing(p -> p.getMetadata().getName())).toList();
    }

    /** KEDA's HPA for an InferenceService, or null. */
    public GenericKubernetesResource kedaHpa(String namespace, String isvcName) {
        for (String version : List.of("autoscaling/v2", "autoscaling/v2beta2")) {
            try {
                GenericKubernetesResource hpa = client.genericKubernetesResources(version, "HorizontalPodAutoscaler")
                        .inNamespace(namespace).withName(hpaName(isvcName)).get();
                if (hpa != null) {
                    return hpa;
                }
            } catch (KubernetesClientException e) {
                // this server does not serve that version
            }
        }
        return null;
    }

    public static String hpaName(String isvcName) {
        return "keda-hpa-" + isvcName + "-predictor";
    }

    /** Serves every InferenceService of the namespace, now and whenever its spec or labels change, until closed. */
    public void serveAll(String namespace) {
        informers.add(client.genericKubernetesResources(API_VERSION, KIND).inNamespace(namespace)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(GenericKubernetesResource isvc) {
                        consider(isvc);
                    }

                    @Override
                    public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource isvc) {
                        consider(isvc);
                    }

                    @Override
                    public void onDelete(GenericKubernetesResource isvc, boolean unknownState) {
                        served.remove(isvc.getMetadata().getNamespace() + "/" + isvc.getMetadata().getName());
                    }
                }, 0));
    }

    private void consider(GenericKubernetesResource isvc) {
        String key = isvc.getMetadata().getNamespace() + "/" + isvc.getMetadata().getName();
        String version = isvc.getMetadata().getUid() + "/" + isvc.getMetadata().getGeneration() + "/"
                + isvc.getMetadata().getLabels();
        if (isvc.getMetadata().getDeletionTimestamp() != null || version.equals(served.put(key, version))) {
            return;
        }
        worker.submit(() -> {
            try {
                markReady(isvc.getMetadata().getNamespace(), isvc.getMetadata().getName());
            } catch (RuntimeException e) {
                // deleted meanwhile, or the control plane is going away; the next change retries
                served.remove(key);
            }
        });
    }

    // ---- pods ----

    @SuppressWarnings("unchecked")
    private List<Pod> ensurePods(GenericKubernetesResource isvc) {
        String ns = isvc.getMetadata().getNamespace();
        String name = isvc.getMetadata().getName();
        Map<String, Object> predictor = predictor(isvc);
        int replicas = Math.max(1, integer(predictor.get("minReplicas"), 1));
        Map<String, String> labels = new LinkedHashMap<>();
        if (isvc.getMetadata().getLabels() != null) {
            labels.putAll(isvc.getMetadata().getLabels());
        }
        labels.put(ISVC_LABEL, name);
        labels.put("component", "predictor");
        labels.put("app", "isvc." + name + "-predictor");

        Map<String, Object> podFields = new LinkedHashMap<>();
        POD_FIELDS.forEach(f -> {
            if (predictor.get(f) != null) {
                podFields.put(f, predictor.get(f));
            }
        });
        PodSpec spec = client.getKubernetesSerialization().convertValue(podFields, PodSpec.class);
        if (spec.getContainers() == null || spec.getContainers().isEmpty()) {
            // a predictor given as a model format: KServe would pick a serving runtime's container
            spec.setContainers(List.of(new io.fabric8.kubernetes.api.model.ContainerBuilder()
                    .withName("kserve-container").withImage("kserve/standin-runtime:latest").build()));
        }

        List<Pod> pods = new ArrayList<>();
        for (Pod existing : predictorPods(ns, name)) {
            int index = indexOf(existing, name);
            if (index < 0 || index >= replicas) {
                client.pods().inNamespace(ns).resource(existing).delete();
            } else if (!Objects.equals(existing.getMetadata().getLabels(), labels)) {
                pods.add(client.pods().inNamespace(ns).withName(existing.getMetadata().getName()).edit(p -> {
                    p.getMetadata().setLabels(labels);
                    return p;
                }));
            } else {
                pods.add(existing);
            }
        }
        for (int i = 0; i < replicas; i++) {
            String podName = name + "-predictor-" + i;
            if (pods.stream().noneMatch(p -> podName.equals(p.getMetadata().getName()))) {
                pods.add(client.pods().inNamespace(ns).resource(new PodBuilder()
                        .withNewMetadata().withName(podName).withNamespace(ns).withLabels(labels)
                            .withOwnerReferences(ownedBy(isvc)).endMetadata()
                        .withSpec(spec)
                        .build()).create());
            }
        }
        pods.sort(Comparator.comparing(p -> p.getMetadata().getName()));
        return pods;
    }

    private static int indexOf(Pod pod, String isvcName) {
        String prefix = isvcName + "-predictor-";
        String podName = pod.getMetadata().getName();
        if (!podName.startsWith(prefix)) {
            return -1;
        }
        try {
            return Integer.parseInt(podName.substring(prefix.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean isReady(Pod pod) {
        return pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())
                && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    // ---- KEDA's HPA ----

    private void ensureHpa(GenericKubernetesResource isvc, int running) {
        String ns = isvc.getMetadata().getNamespace();
        String name = isvc.getMetadata().getName();
        Map<String, Object> predictor = predictor(isvc);
        int min = Math.max(1, integer(predictor.get("minReplicas"), 1));
        int max = Math.max(min, integer(predictor.get("maxReplicas"), min));
        String scaledObject = name + "-predictor";
        Map<String, String> labels = new LinkedHashMap<>();
        if (isvc.getMetadata().getLabels() != null) {
            labels.putAll(isvc.getMetadata().getLabels());
        }
        labels.put("app.kubernetes.io/managed-by", "keda-operator");
        labels.put("app.kubernetes.io/name", hpaName(name));
        labels.put("app.kubernetes.io/part-of", scaledObject);
        labels.put("scaledobject.keda.sh/name", scaledObject);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("scaleTargetRef", Map.of("apiVersion", "apps/v1", "kind", "Deployment", "name", scaledObject));
        spec.put("minReplicas", min);
        spec.put("maxReplicas", max);
        spec.put("metrics", List.of(Map.of("type", "External", "external", Map.of(
                "metric", Map.of("name", "s0-opentelemetry",
                        "selector", Map.of("matchLabels", Map.of("scaledobject.keda.sh/name", scaledObject))),
                "target", Map.of("type", "AverageValue", "averageValue", "1")))));

        GenericKubernetesResource hpa = null;
        for (String version : List.of("autoscaling/v2", "autoscaling/v2beta2")) {
            GenericKubernetesResource desired = new GenericKubernetesResourceBuilder()
                    .withApiVersion(version).withKind("HorizontalPodAutoscaler")
                    .withNewMetadata().withName(hpaName(name)).withNamespace(ns).withLabels(labels)
                        .withOwnerReferences(ownedBy(isvc)).endMetadata()
                    .withAdditionalProperties(Map.of("spec", spec))
                    .build();
            try {
                hpa = client.genericKubernetesResources(version, "HorizontalPodAutoscaler").inNamespace(ns)
                        .resource(desired).createOr(op -> op.patch(PatchContext.of(PatchType.JSON_MERGE), desired));
                break;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        }
        if (hpa == null) {
            throw new IllegalStateException("this API server serves no autoscaling/v2 or v2beta2");
        }
        String now = now();
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("currentReplicas", running);
        status.put("desiredReplicas", running);
        status.put("conditions", List.of(
                hpaCondition("AbleToScale", "True", "ReadyForNewScale", "recommended size matches current size", now),
                hpaCondition("ScalingActive", "True", "ValidMetricFound",
                        "the HPA was able to successfully calculate a replica count from external metric"
                                + " s0-opentelemetry", now),
                hpaCondition("ScalingLimited", "False", "DesiredWithinRange",
                        "the desired count is within the acceptable range", now)));
        client.genericKubernetesResources(hpa.getApiVersion(), "HorizontalPodAutoscaler").inNamespace(ns)
                .withName(hpaName(name)).subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), client.getKubernetesSerialization()
                        .asJson(Map.of("status", status)));
    }

    private static Map<String, Object> hpaCondition(String type, String status, String reason, String message,
            String now) {
        return Map.of("type", type, "status", status, "reason", reason, "message", message,
                "lastTransitionTime", now);
    }

    // ---- helpers ----

    private GenericKubernetesResource get(String namespace, String name) {
        return client.genericKubernetesResources(API_VERSION, KIND).inNamespace(namespace).withName(name).get();
    }

    private GenericKubernetesResource patchStatus(GenericKubernetesResource isvc, Map<String, Object> status) {
        return client.genericKubernetesResources(API_VERSION, KIND).inNamespace(isvc.getMetadata().getNamespace())
                .withName(isvc.getMetadata().getName()).subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE),
                        client.getKubernetesSerialization().asJson(Map.of("status", status)));
    }

    /** A KServe (knative-style) condition: severity and reason only when it is not True. */
    private static Map<String, Object> condition(String type, String status, String reason, String message,
            String now) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("type", type);
        c.put("status", status);
        c.put("lastTransitionTime", now);
        if (!"True".equals(status)) {
            c.put("severity", "Info");
        }
        if (reason != null) {
            c.put("reason", reason);
        }
        if (message != null) {
            c.put("message", message);
        }
        return c;
    }

    private static OwnerReference ownedBy(GenericKubernetesResource isvc) {
        return new OwnerReferenceBuilder().withApiVersion(API_VERSION).withKind(KIND)
                .withName(isvc.getMetadata().getName()).withUid(isvc.getMetadata().getUid())
                .withBlockOwnerDeletion(false).withController(false).build();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> predictor(GenericKubernetesResource isvc) {
        Object spec = isvc.getAdditionalProperties().get("spec");
        Object predictor = spec instanceof Map<?, ?> m ? m.get("predictor") : null;
        return predictor instanceof Map<?, ?> p ? (Map<String, Object>) p : Map.of();
    }

    private static String annotation(GenericKubernetesResource isvc, String key) {
        return isvc.getMetadata().getAnnotations() == null ? null : isvc.getMetadata().getAnnotations().get(key);
    }

    private static int integer(Object value, int otherwise) {
        if (value instanceof Number n) {
            return n.intValue();
        }
        if (value instanceof String s && !s.isEmpty()) {
            return Integer.parseInt(s);
        }
        return otherwise;
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
        worker.shutdownNow();
    }
}
