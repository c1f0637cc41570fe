package dev.aimengine.operator.service.inference;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aimengine.operator.api.v1alpha1.AIMGpuRequirements;
import dev.aimengine.operator.api.v1alpha1.AIMModelSpec;
import dev.aimengine.operator.api.v1alpha1.AIMRuntimeConfigCommon;
import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.api.v1alpha1.AIMServiceSpec;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplateSpecCommon;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplateStatus;
import dev.aimengine.operator.common.kube.CanonicalQuantityJson;
import dev.aimengine.operator.common.kube.EnvVars;
import dev.aimengine.operator.common.labels.Labels;
import dev.aimengine.operator.common.naming.Naming;
import dev.aimengine.operator.common.kube.Quantities;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds the KServe {@code serving.kserve.io/v1beta1} InferenceService of an AIMService (spec §2.6, §2.8) as a
 * {@link GenericKubernetesResource}. Pure: it reads only its {@link Input}.
 *
 * <p>The object carries name, namespace, labels, annotations and {@code spec.predictor}; the owner reference and
 * the controller/propagated labels are added by the caller like for every other child.
 *
 * <p><b>Labels</b>: {@code app.kubernetes.io/component: inference}, {@code app.kubernetes.io/managed-by:
 * aim-engine}, and, label-sanitized, {@code aim.eai.amd.com/template} (template name),
 * {@code aim.eai.amd.com/service} (service name), {@code aim.eai.amd.com/model} (template {@code spec.modelName}),
 * {@code aim.eai.amd.com/metric} and {@code aim.eai.amd.com/precision} (template
 * {@code status.profile.metadata}); a label whose value is empty or sanitizes to nothing is left out.
 *
 * <p><b>Replicas and annotations</b>: autoscaling mode when any of {@code minReplicas}, {@code maxReplicas},
 * {@code autoScaling} is set: annotations {@code serving.kserve.io/autoscalerClass: keda},
 * {@code sidecar.opentelemetry.io/inject: <name>-predictor} and {@code prometheus.kserve.io/port} (the live
 * object's value when it already has one, else {@code "8000"}); {@code minReplicas} = minReplicas or 1,
 * {@code maxReplicas} = maxReplicas, else minReplicas, else 1; {@code autoScaling.metrics} copied one to one.
 * Otherwise {@code serving.kserve.io/autoscalerClass: none} and min = max = {@code replicas} (default 1).
 *
 * <p><b>Pod</b>: {@code imagePullSecrets} and {@code serviceAccountName} of the service,
 * {@code affinity.nodeAffinity} = template {@code status.resolvedNodeAffinity}, volume {@code dshm} (memory
 * emptyDir of 8Gi at {@code /dev/shm}) plus one PVC volume per {@link CacheVolume}, and the single container
 * {@code kserve-container} (model image, port 8000 {@code http}/TCP, the {@linkplain #env(Input) environment}
 * and {@linkplain #resources(Input) resources}).
 *
 * <p><b>Update path</b>: when {@link Input#existing()} is given, its volumes other than {@code dshm} and its
 * container's mounts other than {@code dshm} are kept verbatim instead of the computed cache volumes, so a cache
 * swap never unmounts a running model. Computed cache volumes are added only when neither their volume name nor
 * their mount path is present yet.
 */
public final class InferenceServiceBuilder {

    public static final String API_VERSION = "serving.kserve.io/v1beta1";
    public static final String KIND = "InferenceService";
    public static final String CONTAINER_NAME = "kserve-container";
    public static final String SHM_VOLUME = "dshm";
    public static final String SHM_MOUNT_PATH = "/dev/shm";
    public static final String SHM_SIZE = "8Gi";
    public static final String CACHE_BASE_PATH = "/workspace/cache";
    public static final int HTTP_PORT = 8000;
    public static final String PREDICTOR_SUFFIX = "-predictor";

    public static final String AUTOSCALER_CLASS_ANNOTATION = "serving.kserve.io/autoscalerClass";
    public static final String OTEL_INJECT_ANNOTATION = "sidecar.opentelemetry.io/inject";
    public static final String PROMETHEUS_PORT_ANNOTATION = "prometheus.kserve.io/port";
    public static final String AUTOSCALER_KEDA = "keda";
    public static final String AUTOSCALER_NONE = "none";

    public static final String COMPONENT_INFERENCE = "inference";

    public static final String ENV_CACHE_PATH = "AIM_CACHE_PATH";
    public static final String ENV_VLLM_ENABLE_METRICS = "VLLM_ENABLE_METRICS";
    public static final String ENV_PROFILE_ID = "AIM_PROFILE_ID";
    public static final String ENV_METRIC = "AIM_METRIC";
    public static final String ENV_PRECISION = "AIM_PRECISION";
    public static final String ENV_MODEL_ID = "AIM_MODEL_ID";

    /** Turns typed parts (resources, env) into maps; quantities come out canonical, as a Go client writes them. */
    private static final ObjectMapper JSON = CanonicalQuantityJson.register(new ObjectMapper());
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final TypeReference<List<Object>> LIST = new TypeReference<>() {
    };

    private InferenceServiceBuilder() {
    }

    /**
     * One Ready artifact of the template cache, mounted into the inference container.
     *
     * @param artifactName the AIMArtifact name; the volume is named {@link #volumeName(String) after it}
     * @param claimName the artifact's PVC
     * @param modelId the model id of the artifact's source, e.g. {@code Qwen/Qwen2-0.5B}
     * @param mountPoint an explicit mount path, {@code null} for {@code /workspace/cache/<modelId>}
     */
    public record CacheVolume(String artifactName, String claimName, String modelId, String mountPoint) {
    }

    /**
     * Everything the InferenceService is built from.
     *
     * @param service the AIMService (metadata and spec are read)
     * @param name the InferenceService name (see {@code AimNames.inferenceService})
     * @param modelImage the resolved model's {@code spec.image}
     * @param templateName the resolved template's name
     * @param templateSpec the resolved template's spec, may be {@code null}
     * @param templateStatus the resolved template's status, may be {@code null}
     * @param modelSpec the resolved model's spec, {@code null} if unknown
     * @param runtimeConfig the merged runtime config, {@code null} if there is none
     * @param cacheVolumes the Ready artifacts of the template cache, may be {@code null}
     * @param existing the live InferenceService, {@code null} when it does not exist yet
     */
    public record Input(AIMService service, String name, String modelImage, String templateName,
            AIMServiceTemplateSpecCommon templateSpec, AIMServiceTemplateStatus templateStatus,
            AIMModelSpec modelSpec, AIMRuntimeConfigCommon runtimeConfig, List<CacheVolume> cacheVolumes,
            GenericKubernetesResource existing) {

        public Input {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(name, "name");
            cacheVolumes = cacheVolumes == null ? List.of() : cacheVolumes.stream().filter(Objects::nonNull).toList();
        }

        AIMServiceSpec serviceSpec() {
            return service.getSpec() == null ? new AIMServiceSpec() : service.getSpec();
        }
    }

    /** Builds the InferenceService described in the class documentation. */
    public static GenericKubernetesResource build(Input in) {
        GenericKubernetesResource isvc = new GenericKubernetesResource();
        isvc.setApiVersion(API_VERSION);
        isvc.setKind(KIND);
        ObjectMeta meta = new ObjectMeta();
        meta.setName(in.name());
        meta.setNamespace(in.service().getMetadata().getNamespace());
        meta.setLabels(labels(in));
        meta.setAnnotations(annotations(in));
        isvc.setMetadata(meta);
        isvc.setAdditionalProperty("spec", single("predictor", predictor(in)));
        return isvc;
    }

    /** Whether the service asks for KEDA autoscaling: any of minReplicas, maxReplicas, autoScaling is set. */
    public static boolean autoscaling(AIMServiceSpec spec) {
        return spec != null && (spec.minReplicas != null || spec.maxReplicas != null || spec.autoScaling != null);
    }

    /** The volume name of an artifact: RFC 1123 compliant, with {@code .} replaced by {@code -}. */
    public static String volumeName(String artifactName) {
        return Naming.rfc1123(artifactName == null ? "" : artifactName).replace('.', '-');
    }

    /**
     * Where a cache volume is mounted: its {@code mountPoint} when given, else {@code /workspace/cache/<modelId>}
     * with every {@code ..} removed and empty or {@code .} segments dropped; the volume name stands in for a model
     * id that leaves nothing.
     */
    public static String mountPath(CacheVolume volume) {
        if (volume.mountPoint() != null && !volume.mountPoint().isEmpty()) {
            return volume.mountPoint();
        }
        String modelId = volume.modelId() == null ? "" : volume.modelId().replace("..", "");
        List<String> segments = new ArrayList<>();
        for (String segment : modelId.split("/")) {
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        String relative = segments.isEmpty() ? volumeName(volume.artifactName()) : String.join("/", segments);
        return CACHE_BASE_PATH + "/" + relative;
    }

    /**
     * The container environment, each layer merged by name over the previous ones with {@link EnvVars#merge}
     * (so {@code AIM_ENGINE_ARGS} JSON objects are deep-merged and no name appears twice), then sorted by name:
     * <ol>
     * <li>{@code AIM_CACHE_PATH=/workspace/cache}, {@code VLLM_ENABLE_METRICS=true};</li>
     * <li>the runtime config's {@code env};</li>
     * <li>{@code AIM_PROFILE_ID}, {@code AIM_METRIC}, {@code AIM_PRECISION} from the template's {@code profileId},
     * {@code metric} and {@code precision}, each when non-empty;</li>
     * <li>the template's {@code env};</li>
     * <li>{@code AIM_MODEL_ID} = the template's {@code modelSources[0].modelId}, when present;</li>
     * <li>the service's {@code env}.</li>
     * </ol>
     */
    public static List<EnvVar> env(Input in) {
        AIMServiceTemplateSpecCommon template = in.templateSpec();
        List<EnvVar> env = List.of(EnvVars.of(ENV_CACHE_PATH, CACHE_BASE_PATH),
                EnvVars.of(ENV_VLLM_ENABLE_METRICS, "true"));
        env = EnvVars.merge(env, in.runtimeConfig() == null ? null : in.runtimeConfig().env);
        if (template != null) {
            List<EnvVar> profile = new ArrayList<>();
            addIfNotEmpty(profile, ENV_PROFILE_ID, template.profileId);
            addIfNotEmpty(profile, ENV_METRIC, template.metric);
            addIfNotEmpty(profile, ENV_PRECISION, template.precision);
            env = EnvVars.merge(env, profile);
            env = EnvVars.merge(env, template.env);
            if (template.modelSources != null && !template.modelSources.isEmpty()
                    && template.modelSources.get(0) != null && template.modelSources.get(0).modelId != null) {
                env = EnvVars.merge(env, List.of(EnvVars.of(ENV_MODEL_ID, template.modelSources.get(0).modelId)));
            }
        }
        env = EnvVars.merge(env, in.serviceSpec().env);
        return EnvVars.sortedByName(env);
    }

    /**
     * The container resources. With {@code n} GPUs in the template's {@code status.resolvedHardware.gpu.requests}
     * ({@code n > 0}) and GPU resource {@code g} ({@code resourceName}, default {@code amd.com/gpu}): requests
     * {@code cpu: 4n}, {@code memory: 32n Gi}, {@code g: n}; limits {@code memory: 48n Gi}, {@code g: n}. Then the
     * model's, the template's and the service's {@code resources} are laid over requests and limits key by key,
     * in that order (later wins). The original ignores the model's resources; they are honoured here as
     * documented.
     */
    public static ResourceRequirements resources(Input in) {
        Map<String, Quantity> requests = new TreeMap<>();
        Map<String, Quantity> limits = new TreeMap<>();
        AIMGpuRequirements gpu = in.templateStatus() == null || in.templateStatus().resolvedHardware == null
                ? null : in.templateStatus().resolvedHardware.gpu;
        long count = gpu == null ? 0 : gpu.requestsOrZero();
        if (count > 0) {
            String gpuResource = gpu.resourceNameOrDefault();
            requests.put("cpu", new Quantity(String.valueOf(4 * count)));
            requests.put("memory", new Quantity(32 * count + "Gi"));
            requests.put(gpuResource, new Quantity(String.valueOf(count)));
            limits.put("memory", new Quantity(48 * count + "Gi"));
            limits.put(gpuResource, new Quantity(String.valueOf(count)));
        }
        overlay(requests, limits, in.modelSpec() == null ? null : in.modelSpec().resources);
        overlay(requests, limits, in.templateSpec() == null ? null : in.templateSpec().resources);
        overlay(requests, limits, in.serviceSpec().resources);
        ResourceRequirements resources = new ResourceRequirements();
        resources.setRequests(requests.isEmpty() ? null : requests);
        resources.setLimits(limits.isEmpty() ? null : limits);
        return resources;
    }

    private static void overlay(Map<String, Quantity> requests, Map<String, Quantity> limits,
            ResourceRequirements layer) {
        if (layer == null) {
            return;
        }
        copyInto(requests, layer.getRequests());
        copyInto(limits, layer.getLimits());
    }

    private static void copyInto(Map<String, Quantity> target, Map<String, Quantity> source) {
        if (source != null) {
            source.forEach((k, q) -> {
                if (k != null && q != null) {
                    target.put(k, new Quantity(q.getAmount(), q.getFormat()));
                }
            });
        }
    }

    private static Map<String, String> labels(Input in) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.COMPONENT, COMPONENT_INFERENCE);
        labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_ENGINE);
        putSanitized(labels, Labels.TEMPLATE, in.templateName());
        putSanitized(labels, Labels.SERVICE, in.service().getMetadata().getName());
        putSanitized(labels, Labels.MODEL, in.templateSpec() == null ? null : in.templateSpec().modelName);
        AIMServiceTemplateStatus.Profile profile = in.templateStatus() == null ? null : in.templateStatus().profile;
        if (profile != null && profile.metadata != null) {
            putSanitized(labels, Labels.METRIC, profile.metadata.metric);
            putSanitized(labels, Labels.PRECISION, profile.metadata.precision);
        }
        return labels;
    }

    private static void putSanitized(Map<String, String> labels, String key, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        try {
            labels.put(key, Naming.sanitizeLabelValue(value));
        } catch (IllegalArgumentException nothingLeft) {
            // a value without a single valid character cannot be a label; leave the label out
        }
    }

    private static Map<String, String> annotations(Input in) {
        Map<String, String> annotations = new LinkedHashMap<>();
        if (autoscaling(in.serviceSpec())) {
            annotations.put(AUTOSCALER_CLASS_ANNOTATION, AUTOSCALER_KEDA);
            annotations.put(OTEL_INJECT_ANNOTATION, in.name() + PREDICTOR_SUFFIX);
            String livePort = in.existing() == null || in.existing().getMetadata() == null
                    || in.existing().getMetadata().getAnnotations() == null ? null
                    : in.existing().getMetadata().getAnnotations().get(PROMETHEUS_PORT_ANNOTATION);
            annotations.put(PROMETHEUS_PORT_ANNOTATION, livePort != null ? livePort : String.valueOf(HTTP_PORT));
        } else {
            annotations.put(AUTOSCALER_CLASS_ANNOTATION, AUTOSCALER_NONE);
        }
        return annotations;
    }

    private static Map<String, Object> predictor(Input in) {
        AIMServiceSpec spec = in.serviceSpec();
        Map<String, Object> predictor = new LinkedHashMap<>();
        if (autoscaling(spec)) {
            int min = spec.minReplicas != null ? spec.minReplicas : 1;
            int max = spec.maxReplicas != null ? spec.maxReplicas : spec.minReplicas != null ? spec.minReplicas : 1;
            predictor.put("minReplicas", min);
            predictor.put("maxReplicas", max);
            Map<String, Object> autoScaling = autoScaling(spec.autoScaling);
            if (autoScaling != null) {
                predictor.put("autoScaling", autoScaling);
            }
        } else {
            int replicas = spec.replicas != null ? spec.replicas : 1;
            predictor.put("minReplicas", replicas);
            predictor.put("maxReplicas", replicas);
        }
        List<Object> pullSecrets = pullSecrets(spec.imagePullSecrets);
        if (!pullSecrets.isEmpty()) {
            predictor.put("imagePullSecrets", pullSecrets);
        }
        if (spec.serviceAccountName != null && !spec.serviceAccountName.isEmpty()) {
            predictor.put("serviceAccountName", spec.serviceAccountName);
        }
        if (in.templateStatus() != null && in.templateStatus().resolvedNodeAffinity != null) {
            predictor.put("affinity", single("nodeAffinity", toMap(in.templateStatus().resolvedNodeAffinity)));
        }

        List<Object> volumes = new ArrayList<>();
        List<Object> mounts = new ArrayList<>();
        volumes.add(shmVolume());
        mounts.add(mount(SHM_VOLUME, SHM_MOUNT_PATH));
        addStorage(in, volumes, mounts);
        predictor.put("volumes", volumes);
        predictor.put("containers", new ArrayList<>(List.of(container(in, mounts))));
        return predictor;
    }

    private static Map<String, Object> autoScaling(AIMServiceSpec.AutoScaling autoScaling) {
        if (autoScaling == null || autoScaling.metrics == null || autoScaling.metrics.isEmpty()) {
            return null;
        }
        List<Object> metrics = new ArrayList<>();
        for (AIMServiceSpec.AutoScalingMetric metric : autoScaling.metrics) {
            if (metric == null) {
                continue;
            }
            Map<String, Object> out = new LinkedHashMap<>();
            putIfNotNull(out, "type", metric.type);
            if (metric.podmetric != null) {
                Map<String, Object> podMetric = new LinkedHashMap<>();
                AIMServiceSpec.PodMetricSource source = metric.podmetric.metric;
                if (source != null) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    putIfNotNull(m, "backend", source.backend);
                    putIfNotNull(m, "serverAddress", source.serverAddress);
                    putIfNotNull(m, "metricNames", source.metricNames == null ? null : new ArrayList<>(source.metricNames));
                    putIfNotNull(m, "query", source.query);
                    putIfNotNull(m, "operationOverTime", source.operationOverTime);
                    podMetric.put("metric", m);
                }
                AIMServiceSpec.MetricTarget target = metric.podmetric.target;
                if (target != null) {
                    Map<String, Object> t = new LinkedHashMap<>();
                    putIfNotNull(t, "type", target.type);
                    // quantities in KServe's API: written in canonical form when they parse
                    putIfNotEmpty(t, "value", Quantities.canonical(target.value));
                    putIfNotEmpty(t, "averageValue", Quantities.canonical(target.averageValue));
                    putIfNotNull(t, "averageUtilization", target.averageUtilization);
                    podMetric.put("target", t);
                }
                out.put("podmetric", podMetric);
            }
            metrics.add(out);
        }
        return single("metrics", metrics);
    }

    private static void addStorage(Input in, List<Object> volumes, List<Object> mounts) {
        Set<String> volumeNames = new HashSet<>();
        Set<String> mountPaths = new HashSet<>();
        if (in.existing() != null) {
            Map<String, Object> livePredictor = child(child(in.existing().getAdditionalProperties(), "spec"),
                    "predictor");
            for (Map<String, Object> volume : maps(livePredictor == null ? null : livePredictor.get("volumes"))) {
                if (!SHM_VOLUME.equals(volume.get("name"))) {
                    volumes.add(deepCopy(volume));
                    volumeNames.add(String.valueOf(volume.get("name")));
                }
            }
            Map<String, Object> liveContainer = liveContainer(livePredictor);
            for (Map<String, Object> mount : maps(liveContainer == null ? null : liveContainer.get("volumeMounts"))) {
                if (!SHM_VOLUME.equals(mount.get("name"))) {
                    mounts.add(deepCopy(mount));
                    mountPaths.add(String.valueOf(mount.get("mountPath")));
                }
            }
        }
        for (CacheVolume cache : in.cacheVolumes()) {
            String name = volumeName(cache.artifactName());
            String path = mountPath(cache);
            if (volumeNames.contains(name) || mountPaths.contains(path)) {
                continue;
            }
            Map<String, Object> volume = new LinkedHashMap<>();
            volume.put("name", name);
            volume.put("persistentVolumeClaim", single("claimName", cache.claimName() == null ? "" : cache.claimName()));
            volumes.add(volume);
            mounts.add(mount(name, path));
            volumeNames.add(name);
            mountPaths.add(path);
        }
    }

    /** The live predictor's {@code kserve-container}, else its first container. */
    private static Map<String, Object> liveContainer(Map<String, Object> livePredictor) {
        List<Map<String, Object>> containers = maps(livePredictor == null ? null : livePredictor.get("containers"));
        for (Map<String, Object> c : containers) {
            if (CONTAINER_NAME.equals(c.get("name"))) {
                return c;
            }
        }
        return containers.isEmpty() ? null : containers.get(0);
    }

    private static Map<String, Object> container(Input in, List<Object> mounts) {
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("name", CONTAINER_NAME);
        container.put("image", in.modelImage() == null ? "" : in.modelImage());
        Map<String, Object> port = new LinkedHashMap<>();
        port.put("containerPort", HTTP_PORT);
        port.put("name", "http");
        port.put("protocol", "TCP");
        container.put("ports", new ArrayList<>(List.of(port)));
        container.put("env", JSON.convertValue(env(in), LIST));
        Map<String, Object> resources = toMap(resources(in));
        if (!resources.isEmpty()) {
            container.put("resources", resources);
        }
        container.put("volumeMounts", mounts);
        return container;
    }

    private static Map<String, Object> shmVolume() {
        Map<String, Object> emptyDir = new LinkedHashMap<>();
        emptyDir.put("medium", "Memory");
        emptyDir.put("sizeLimit", SHM_SIZE);
        Map<String, Object> volume = new LinkedHashMap<>();
        volume.put("name", SHM_VOLUME);
        volume.put("emptyDir", emptyDir);
        return volume;
    }

    private static Map<String, Object> mount(String name, String path) {
        Map<String, Object> mount = new LinkedHashMap<>();
        mount.put("name", name);
        mount.put("mountPath", path);
        return mount;
    }

    private static List<Object> pullSecrets(List<LocalObjectReference> secrets) {
        List<Object> out = new ArrayList<>();
        if (secrets != null) {
            for (LocalObjectReference s : secrets) {
                if (s != null) {
                    out.add(toMap(s));
                }
            }
        }
        return out;
    }

    private static Map<String, Object> single(String key, Object value) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(key, value);
        return map;
    }

    private static Map<String, Object> toMap(Object value) {
        return JSON.convertValue(value, MAP);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> child(Map<String, Object> map, String key) {
        Object value = map == null ? null : map.get(key);
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object list) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (list instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> m) {
                    out.add((Map<String, Object>) m);
                }
            }
        }
        return out;
    }

    /** A copy of a JSON-like tree of maps and lists, so the result never shares state with the live object. */
    @SuppressWarnings("unchecked")
    private static <T> T deepCopy(T value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(String.valueOf(k), deepCopy(v)));
            return (T) copy;
        }
        if (value instanceof List<?> l) {
            List<Object> copy = new ArrayList<>(l.size());
            l.forEach(v -> copy.add(deepCopy(v)));
            return (T) copy;
        }
        return value;
    }

    private static void addIfNotEmpty(List<EnvVar> env, String name, String value) {
        if (value != null && !value.isEmpty()) {
            env.add(EnvVars.of(name, value));
        }
    }

    private static void putIfNotNull(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static void putIfNotEmpty(Map<String, Object> map, String key, String value) {
        if (value != null && !value.isEmpty()) {
            map.put(key, value);
        }
    }
}
