package dev.aimengine.operator.service.inference;

import dev.aimengine.operator.api.v1alpha1.AIMGpuRequirements;
import dev.aimengine.operator.api.v1alpha1.AIMModelSpec;
import dev.aimengine.operator.api.v1alpha1.AIMRuntimeConfigCommon;
import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.api.v1alpha1.AIMServiceSpec;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplateSpecCommon;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplateStatus;
import dev.aimengine.operator.common.kube.EnvVars;
import dev.aimengine.operator.common.kube.Quantities;
import dev.aimengine.operator.common.labels.Labels;
import dev.aimengine.operator.common.naming.Naming;
import dev.aimengine.operator.service.inference.CacheMounts.CacheVolume;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.LocalObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Builds the KServe InferenceService of an AIMService, typed, with fabric8's builders. Pure: it reads only its
 * {@link Input}. The owner reference and the controller/propagated labels are added by the apply stage, as for every
 * other child.
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
 * {@code affinity.nodeAffinity} = template {@code status.resolvedNodeAffinity}, the volumes of {@link CacheMounts}
 * (shared memory at {@code /dev/shm}, the model caches, and on an update whatever the live object already mounts),
 * and the single container {@code kserve-container} (model image, port 8000 {@code http}/TCP, the
 * {@linkplain #env(Input) environment} and {@linkplain #resources(Input) resources}).
 */
public final class InferenceServiceBuilder {
    public static final int HTTP_PORT = 8000;
    public static final String COMPONENT_INFERENCE = "inference";
    public static final String ENV_CACHE_PATH = "AIM_CACHE_PATH";
    public static final String ENV_VLLM_ENABLE_METRICS = "VLLM_ENABLE_METRICS";
    public static final String ENV_PROFILE_ID = "AIM_PROFILE_ID";
    public static final String ENV_METRIC = "AIM_METRIC";
    public static final String ENV_PRECISION = "AIM_PRECISION";
    public static final String ENV_MODEL_ID = "AIM_MODEL_ID";

    private InferenceServiceBuilder() {
    }

    /**
     * Everything the InferenceService is built from.
     *
     * @param service        the AIMService (metadata and spec are read)
     * @param name           the InferenceService name
     * @param modelImage     the resolved model's {@code spec.image}
     * @param templateName   the resolved template's name
     * @param templateSpec   the resolved template's spec, may be {@code null}
     * @param templateStatus the resolved template's status, may be {@code null}
     * @param modelSpec      the resolved model's spec, {@code null} if unknown
     * @param runtimeConfig  the merged runtime config, {@code null} if there is none
     * @param cacheVolumes   the Ready artifacts of the template cache, may be {@code null}
     * @param existing       the live InferenceService, {@code null} when it does not exist yet
     */
    public record Input(AIMService service, String name, String modelImage, String templateName,
            AIMServiceTemplateSpecCommon templateSpec, AIMServiceTemplateStatus templateStatus,
            AIMModelSpec modelSpec, AIMRuntimeConfigCommon runtimeConfig, List<CacheVolume> cacheVolumes,
            InferenceService existing) {

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
    public static InferenceService build(Input in) {
        InferenceService isvc = new InferenceService();
        isvc.setMetadata(new ObjectMetaBuilder().withName(in.name())
                .withNamespace(in.service().getMetadata().getNamespace())
                .withLabels(labels(in)).withAnnotations(annotations(in)).build());
        InferenceService.Spec spec = new InferenceService.Spec();
        spec.predictor = predictor(in);
        isvc.setSpec(spec);
        return isvc;
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
        List<EnvVar> env = List.of(EnvVars.of(ENV_CACHE_PATH, CacheMounts.CACHE_BASE_PATH),
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
     * in that order (later wins). AIM Engine ignores the model's resources; they are honoured here as its
     * documentation describes. Every quantity is in canonical form.
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
        requests.replaceAll((k, q) -> Quantities.canonical(q));
        limits.replaceAll((k, q) -> Quantities.canonical(q));
        ResourceRequirements resources = new ResourceRequirements();
        resources.setRequests(requests.isEmpty() ? null : requests);
        resources.setLimits(limits.isEmpty() ? null : limits);
        return resources;
    }

    private static InferenceService.Predictor predictor(Input in) {
        AIMServiceSpec spec = in.serviceSpec();
        InferenceService.Predictor predictor = new InferenceService.Predictor();
        if (KServe.autoscaling(spec)) {
            predictor.minReplicas = spec.minReplicas != null ? spec.minReplicas : 1;
            predictor.maxReplicas = spec.maxReplicas != null ? spec.maxReplicas
                    : spec.minReplicas != null ? spec.minReplicas : 1;
            predictor.autoScaling = autoScaling(spec.autoScaling);
        } else {
            int replicas = spec.replicas != null ? spec.replicas : 1;
            predictor.minReplicas = replicas;
            predictor.maxReplicas = replicas;
        }
        List<LocalObjectReference> pullSecrets = spec.imagePullSecrets == null ? List.of()
                : spec.imagePullSecrets.stream().filter(Objects::nonNull)
                        .map(s -> new LocalObjectReferenceBuilder(s).build()).toList();
        predictor.imagePullSecrets = pullSecrets.isEmpty() ? null : new ArrayList<>(pullSecrets);
        predictor.serviceAccountName = spec.serviceAccountName == null || spec.serviceAccountName.isEmpty() ? null
                : spec.serviceAccountName;
        if (in.templateStatus() != null && in.templateStatus().resolvedNodeAffinity != null) {
            predictor.affinity = new AffinityBuilder().withNodeAffinity(in.templateStatus().resolvedNodeAffinity).build();
        }
        CacheMounts.Storage storage = CacheMounts.of(in.cacheVolumes(), in.existing());
        predictor.volumes = storage.volumes();
        predictor.containers = new ArrayList<>(List.of(container(in, storage)));
        return predictor;
    }

    private static Container container(Input in, CacheMounts.Storage storage) {
        ResourceRequirements resources = resources(in);
        boolean noResources = resources.getRequests() == null && resources.getLimits() == null;
        return new ContainerBuilder()
                .withName(KServe.CONTAINER_NAME)
                .withImage(in.modelImage() == null ? "" : in.modelImage())
                .addNewPort().withContainerPort(HTTP_PORT).withName("http").withProtocol("TCP").endPort()
                .withEnv(env(in))
                .withResources(noResources ? null : resources)
                .withVolumeMounts(storage.mounts())
                .build();
    }

    /** KEDA metrics as the service names them; quantity targets in canonical form when they parse. */
    private static InferenceService.AutoScaling autoScaling(AIMServiceSpec.AutoScaling autoScaling) {
        if (autoScaling == null || autoScaling.metrics == null || autoScaling.metrics.isEmpty()) {
            return null;
        }
        InferenceService.AutoScaling out = new InferenceService.AutoScaling();
        for (AIMServiceSpec.AutoScalingMetric metric : autoScaling.metrics) {
            if (metric == null) {
                continue;
            }
            InferenceService.Metric m = new InferenceService.Metric();
            m.type = metric.type;
            if (metric.podmetric != null) {
                m.podmetric = new InferenceService.PodMetric();
                AIMServiceSpec.PodMetricSource source = metric.podmetric.metric;
                if (source != null) {
                    m.podmetric.metric = new InferenceService.MetricSource();
                    m.podmetric.metric.backend = source.backend;
                    m.podmetric.metric.serverAddress = source.serverAddress;
                    m.podmetric.metric.metricNames = source.metricNames == null ? null : new ArrayList<>(source.metricNames);
                    m.podmetric.metric.query = source.query;
                    m.podmetric.metric.operationOverTime = source.operationOverTime;
                }
                AIMServiceSpec.MetricTarget target = metric.podmetric.target;
                if (target != null) {
                    m.podmetric.target = new InferenceService.MetricTarget();
                    m.podmetric.target.type = target.type;
                    m.podmetric.target.value = emptyToNull(Quantities.canonical(target.value));
                    m.podmetric.target.averageValue = emptyToNull(Quantities.canonical(target.averageValue));
                    m.podmetric.target.averageUtilization = target.averageUtilization;
                }
            }
            out.metrics.add(m);
        }
        return out;
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
        if (KServe.autoscaling(in.serviceSpec())) {
            annotations.put(KServe.AUTOSCALER_CLASS_ANNOTATION, KServe.AUTOSCALER_KEDA);
            annotations.put(KServe.OTEL_INJECT_ANNOTATION, in.name() + KServe.PREDICTOR_SUFFIX);
            String livePort = in.existing() == null || in.existing().getMetadata() == null
                    || in.existing().getMetadata().getAnnotations() == null ? null
                    : in.existing().getMetadata().getAnnotations().get(KServe.PROMETHEUS_PORT_ANNOTATION);
            annotations.put(KServe.PROMETHEUS_PORT_ANNOTATION, livePort != null ? livePort : String.valueOf(HTTP_PORT));
        } else {
            annotations.put(KServe.AUTOSCALER_CLASS_ANNOTATION, KServe.AUTOSCALER_NONE);
        }
        return annotations;
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

    private static void addIfNotEmpty(List<EnvVar> env, String name, String value) {
        if (value != null && !value.isEmpty()) {
            env.add(EnvVars.of(name, value));
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
