package dev.aimengine.operator.service.inference;

import dev.aimengine.operator.api.v1alpha1.AIMModelSpec;
import dev.aimengine.operator.api.v1alpha1.AIMRuntimeConfigCommon;
import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplateSpecCommon;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplateStatus;
import dev.aimengine.operator.common.naming.AimNames;
import dev.aimengine.operator.common.kube.CanonicalQuantityJson;
import dev.aimengine.operator.service.inference.CacheMounts.CacheVolume;
import dev.aimengine.operator.service.inference.InferenceServiceBuilder.Input;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.aimengine.operator.service.ServiceGoldenFiles.SERIALIZATION;
import static dev.aimengine.operator.service.ServiceGoldenFiles.assertGolden;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InferenceServiceBuilderTest {

    static final String IMAGE = "docker.io/amdenterpriseai/aim-meta-llama-llama-3-1-8b-instruct:0.8.4";
    static final String TEMPLATE = "aim-llama-3-1-8b-1x-mi300x-lat-fp8-4f2a";

    static AIMService service(String spec) {
        return SERIALIZATION.unmarshal("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMService
                metadata: {name: llama-chat, namespace: team-a, uid: 6a1c1bd6-3c4e-4c3f-9d5e-1f2a3b4c5d6e}
                spec:
                  %s""".formatted(spec.strip().indent(2).strip()), AIMService.class);
    }

    static <T> T yaml(String text, Class<T> type) {
        return SERIALIZATION.unmarshal(text, type);
    }

    static AIMServiceTemplateSpecCommon templateSpec(String extra) {
        return yaml("""
                modelName: llama-3-1-8b
                metric: latency
                precision: fp8
                hardware: {gpu: {requests: 1, model: MI300X}}
                %s
                """.formatted(extra), AIMServiceTemplateSpecCommon.class);
    }

    static AIMServiceTemplateStatus templateStatus(String gpu, String extra) {
        return yaml("""
                status: Ready
                resolvedHardware: {gpu: %s}
                profile: {metadata: {engine: vllm, gpu: MI300X, gpuCount: 1, metric: latency, precision: fp8, type: optimized}}
                %s
                """.formatted(gpu, extra), AIMServiceTemplateStatus.class);
    }

    static final List<CacheVolume> ONE_CACHE = List.of(new CacheVolume(
            "hf-meta-llama-llama-3-1-8b-instruct-5d8e0c7a1b", "hf-meta-llama-llama-3-1-8b-instruct-cache-0a1b2c3d",
            "meta-llama/Llama-3.1-8B-Instruct", null));

    static Input input(AIMService service, AIMServiceTemplateSpecCommon spec, AIMServiceTemplateStatus status,
            AIMModelSpec model, AIMRuntimeConfigCommon config, List<CacheVolume> caches,
            InferenceService existing) {
        String name = AimNames.inferenceService(service.getMetadata().getName(), service.getMetadata().getNamespace());
        return new Input(service, name, IMAGE, TEMPLATE, spec, status, model, config, caches, existing);
    }

    static Input simple(String serviceSpec) {
        return input(service(serviceSpec), templateSpec(""), templateStatus("{requests: 1, model: MI300X}", ""),
                null, null, ONE_CACHE, null);
    }

    /** Writes quantities as the operator's client does (canonical form). */
    static final KubernetesSerialization CLIENT_JSON = new KubernetesSerialization(
            CanonicalQuantityJson.register(new com.fasterxml.jackson.databind.ObjectMapper()), true);

    /** The InferenceService as the API server receives it. */
    static GenericKubernetesResource written(InferenceService isvc) {
        return CLIENT_JSON.unmarshal(CLIENT_JSON.asJson(isvc), GenericKubernetesResource.class);
    }

    static Map<String, String> envMap(List<EnvVar> env) {
        return env.stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    /** The one whole-object comparison: the smallest service, checked field by field against the documentation. */
    @Test
    void fixedReplicasDefaultToOne() {
        assertGolden("isvc-fixed-default", written(InferenceServiceBuilder.build(simple("{model: {name: llama-3-1-8b}}"))));
    }

    @Test
    void fixedReplicasThree() {
        InferenceService isvc = InferenceServiceBuilder.build(simple(
                "{model: {name: llama-3-1-8b}, replicas: 3, serviceAccountName: inference,"
                        + " imagePullSecrets: [{name: registry-creds}]}"));
        InferenceService.Predictor p = isvc.getSpec().predictor;
        assertEquals(3, p.minReplicas);
        assertEquals(3, p.maxReplicas);
        assertNull(p.autoScaling);
        assertEquals("none", isvc.getMetadata().getAnnotations().get("serving.kserve.io/autoscalerClass"));
        assertEquals(1, isvc.getMetadata().getAnnotations().size(), "no KEDA annotations without autoscaling");
        assertEquals("inference", p.serviceAccountName);
        assertEquals("registry-creds", p.imagePullSecrets.get(0).getName());
    }

    @Test
    void autoscalingWithOpenTelemetryPodMetric() {
        InferenceService isvc = InferenceServiceBuilder.build(simple("""
                model: {name: llama-3-1-8b}
                replicas: 1
                minReplicas: 1
                maxReplicas: 3
                autoScaling:
                  metrics:
                  - type: PodMetric
                    podmetric:
                      metric:
                        backend: opentelemetry
                        serverAddress: keda-otel-scaler.keda.svc:4317
                        metricNames: [vllm:num_requests_running]
                        query: vllm:num_requests_running
                        operationOverTime: avg
                      target: {type: Value, value: "1"}
                """));
        Map<String, String> annotations = isvc.getMetadata().getAnnotations();
        assertEquals("keda", annotations.get("serving.kserve.io/autoscalerClass"));
        assertEquals(isvc.getMetadata().getName() + "-predictor", annotations.get("sidecar.opentelemetry.io/inject"));
        assertEquals("8000", annotations.get("prometheus.kserve.io/port"));
        InferenceService.Predictor p = isvc.getSpec().predictor;
        assertEquals(1, p.minReplicas);
        assertEquals(3, p.maxReplicas, "replicas is ignored once autoscaling is asked for");
        InferenceService.Metric metric = p.autoScaling.metrics.get(0);
        assertEquals("PodMetric", metric.type);
        assertEquals("opentelemetry", metric.podmetric.metric.backend);
        assertEquals("keda-otel-scaler.keda.svc:4317", metric.podmetric.metric.serverAddress);
        assertEquals(List.of("vllm:num_requests_running"), metric.podmetric.metric.metricNames);
        assertEquals("vllm:num_requests_running", metric.podmetric.metric.query);
        assertEquals("avg", metric.podmetric.metric.operationOverTime);
        assertEquals("Value", metric.podmetric.target.type);
        assertEquals("1", metric.podmetric.target.value);
        assertNull(metric.podmetric.target.averageValue);
    }

    @Test
    void onlyMinReplicasMeansMaxEqualsMin() {
        GenericKubernetesResource isvc = written(InferenceServiceBuilder.build(simple("{model: {name: m}, minReplicas: 2}")));
        Map<?, ?> predictor = predictor(isvc);
        assertEquals(2, predictor.get("minReplicas"));
        assertEquals(2, predictor.get("maxReplicas"));
        assertNull(predictor.get("autoScaling"));
        assertEquals("keda", isvc.getMetadata().getAnnotations().get("serving.kserve.io/autoscalerClass"));
        assertEquals("8000", isvc.getMetadata().getAnnotations().get("prometheus.kserve.io/port"));
    }

    @Test
    void onlyAutoScalingMeansOneToOne() {
        GenericKubernetesResource isvc = written(InferenceServiceBuilder.build(simple(
                "{model: {name: m}, autoScaling: {metrics: []}}")));
        Map<?, ?> predictor = predictor(isvc);
        assertEquals(1, predictor.get("minReplicas"));
        assertEquals(1, predictor.get("maxReplicas"));
        assertEquals(isvc.getMetadata().getName() + "-predictor",
                isvc.getMetadata().getAnnotations().get("sidecar.opentelemetry.io/inject"));
    }

    @Test
    void customModelGetsModelIdAndCacheMount() {
        AIMServiceTemplateSpecCommon spec = yaml("""
                modelName: qwen-custom-8e1f0a2b
                type: unoptimized
                hardware: {gpu: {requests: 1}}
                modelSources: [{modelId: Qwen/Qwen2.5-0.5B-Instruct, sourceUri: "hf://Qwen/Qwen2.5-0.5B-Instruct"}]
                """, AIMServiceTemplateSpecCommon.class);
        AIMServiceTemplateStatus status = yaml("""
                status: Ready
                resolvedHardware: {gpu: {requests: 1}}
                """, AIMServiceTemplateStatus.class);
        List<CacheVolume> caches = List.of(new CacheVolume("hf-Qwen-Qwen2.5-0.5B-Instruct-0d1e2f3a4b",
                "hf-qwen-qwen2-5-0-5b-instruct-0d1e2f3a4b-cache-5e6f7a8b", "Qwen/Qwen2.5-0.5B-Instruct", null));
        Input in = new Input(service("{model: {custom: {baseImage: 'amdenterpriseai/aim-base:0.8.4',"
                + " modelSources: [{modelId: Qwen/Qwen2.5-0.5B-Instruct, sourceUri: 'hf://Qwen/Qwen2.5-0.5B-Instruct'}],"
                + " hardware: {gpu: {requests: 1}}}}}"), "llama-chat-0a1b2c3d", "amdenterpriseai/aim-base:0.8.4",
                "qwen-custom-8e1f0a2b-custom-1c2d3e4f", spec, status, null, null, caches, null);
        InferenceService isvc = InferenceServiceBuilder.build(in);
        var container = isvc.getSpec().predictor.containers.get(0);
        assertEquals("amdenterpriseai/aim-base:0.8.4", container.getImage(), "the custom model's base image serves");
        assertEquals("Qwen/Qwen2.5-0.5B-Instruct", envMap(container.getEnv()).get("AIM_MODEL_ID"));
        Volume cache = isvc.getSpec().predictor.volumes.get(1);
        assertEquals("hf-qwen-qwen2-5-0-5b-instruct-0d1e2f3a4b", cache.getName());
        assertEquals("hf-qwen-qwen2-5-0-5b-instruct-0d1e2f3a4b-cache-5e6f7a8b", cache.getPersistentVolumeClaim().getClaimName());
        VolumeMount mount = container.getVolumeMounts().get(1);
        assertEquals(cache.getName(), mount.getName());
        assertEquals("/workspace/cache/Qwen/Qwen2.5-0.5B-Instruct", mount.getMountPath());
        assertEquals("qwen-custom-8e1f0a2b", isvc.getMetadata().getLabels().get("aim.eai.amd.com/model"));
    }

    @Test
    void envLayersMergeByNameWithoutDuplicates() {
        AIMRuntimeConfigCommon config = yaml("""
                env:
                - {name: HF_HOME, value: /rc}
                - {name: SHARED, value: from-runtime-config}
                - {name: AIM_METRIC, value: throughput}
                - {name: AIM_ENGINE_ARGS, value: '{"a":1}'}
                """, AIMRuntimeConfigCommon.class);
        AIMServiceTemplateSpecCommon spec = templateSpec("""
                profileId: vllm-mi300x-fp8-tp1-latency
                env:
                - {name: SHARED, value: from-template}
                - {name: TEMPLATE_ONLY, value: t}
                - {name: VLLM_ENABLE_METRICS, value: "false"}
                """);
        AIMService service = service("""
                model: {name: llama-3-1-8b}
                env:
                - {name: TEMPLATE_ONLY, value: overridden-by-service}
                - {name: AIM_ENGINE_ARGS, value: '{"b":2}'}
                - {name: TOKEN, valueFrom: {secretKeyRef: {name: hf, key: token}}}
                """);
        Input in = input(service, spec, templateStatus("{requests: 1}", ""), null, config, ONE_CACHE, null);

        List<EnvVar> env = InferenceServiceBuilder.env(in);
        List<String> names = env.stream().map(EnvVar::getName).toList();
        assertEquals(names.stream().sorted().toList(), names, "sorted by name");
        assertEquals(names.stream().distinct().count(), names.size(), "no duplicates: " + names);
        Map<String, String> values = envMap(env.stream().filter(e -> e.getValue() != null).toList());
        assertEquals("{\"a\":1,\"b\":2}", values.get("AIM_ENGINE_ARGS"));
        assertEquals("latency", values.get("AIM_METRIC"), "the template's metric beats the runtime config's");
        assertEquals("from-template", values.get("SHARED"));
        assertEquals("overridden-by-service", values.get("TEMPLATE_ONLY"));
        assertEquals("false", values.get("VLLM_ENABLE_METRICS"));
        assertEquals("/workspace/cache", values.get("AIM_CACHE_PATH"));
        assertEquals("vllm-mi300x-fp8-tp1-latency", values.get("AIM_PROFILE_ID"));
        assertEquals(env, InferenceServiceBuilder.build(in).getSpec().predictor.containers.get(0).getEnv(),
                "the container gets exactly that environment");
    }

    @Test
    void resourcesDefaultPerGpuThenModelTemplateServiceOverrides() {
        AIMModelSpec model = yaml("""
                image: %s
                resources: {requests: {cpu: "6", ephemeral-storage: 20Gi}, limits: {cpu: "12"}}
                """.formatted(IMAGE), AIMModelSpec.class);
        AIMServiceTemplateSpecCommon spec = templateSpec("""
                resources: {requests: {ephemeral-storage: 50Gi}, limits: {memory: 100Gi}}
                """);
        AIMService service = service("""
                model: {name: llama-3-1-8b}
                resources: {requests: {cpu: "10", memory: 80Gi}}
                """);
        Input in = input(service, spec, templateStatus("{requests: 2, model: MI300X}", ""), model, null, ONE_CACHE,
                null);

        var defaults = InferenceServiceBuilder.resources(input(service("{model: {name: m}}"), templateSpec(""),
                templateStatus("{requests: 2, model: MI300X}", ""), null, null, List.of(), null));
        assertEquals("8", defaults.getRequests().get("cpu").toString());
        assertEquals("64Gi", defaults.getRequests().get("memory").toString());
        assertEquals("2", defaults.getRequests().get("amd.com/gpu").toString());
        assertEquals("96Gi", defaults.getLimits().get("memory").toString());
        assertEquals("2", defaults.getLimits().get("amd.com/gpu").toString());
        assertNull(defaults.getLimits().get("cpu"), "no default CPU limit");

        var merged = InferenceServiceBuilder.resources(in);
        assertEquals("10", merged.getRequests().get("cpu").toString());
        assertEquals("80Gi", merged.getRequests().get("memory").toString());
        assertEquals("50Gi", merged.getRequests().get("ephemeral-storage").toString());
        assertEquals("12", merged.getLimits().get("cpu").toString());
        assertEquals("100Gi", merged.getLimits().get("memory").toString());
        assertEquals(merged, InferenceServiceBuilder.build(in).getSpec().predictor.containers.get(0).getResources(),
                "the container gets exactly those resources");
    }

    @Test
    void quantitiesAreWrittenInCanonicalForm() {
        AIMService service = service("""
                model: {name: m}
                resources: {requests: {cpu: 2000m}, limits: {memory: 0.5Ti}}
                env:
                - name: MEMORY_MIB
                  valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1024Ki}}
                autoScaling:
                  metrics:
                  - type: PodMetric
                    podmetric:
                      metric: {backend: opentelemetry, query: q}
                      target: {type: AverageValue, value: "1000", averageValue: 1500m}
                """);
        // 32 GPUs: default memory requests of 1024Gi, limits of 1536Gi
        Input in = input(service, templateSpec(""), templateStatus("{requests: 32, model: MI300X}", ""), null, null,
                List.of(), null);
        Map<?, ?> predictor = predictor(written(InferenceServiceBuilder.build(in)));
        Map<?, ?> container = (Map<?, ?>) ((List<?>) predictor.get("containers")).get(0);
        Map<?, ?> resources = (Map<?, ?>) container.get("resources");
        assertEquals(Map.of("cpu", "2", "memory", "1Ti", "amd.com/gpu", "32"), resources.get("requests"));
        assertEquals(Map.of("memory", "512Gi", "amd.com/gpu", "32"), resources.get("limits"));
        Map<?, ?> memoryEnv = ((List<?>) container.get("env")).stream().map(e -> (Map<?, ?>) e)
                .filter(e -> "MEMORY_MIB".equals(e.get("name"))).findFirst().orElseThrow();
        assertEquals("1Mi", ((Map<?, ?>) ((Map<?, ?>) memoryEnv.get("valueFrom")).get("resourceFieldRef"))
                .get("divisor"));
        Map<?, ?> target = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) ((List<?>) ((Map<?, ?>) predictor.get("autoScaling"))
                .get("metrics")).get(0)).get("podmetric")).get("target");
        assertEquals("1k", target.get("value"));
        assertEquals("1500m", target.get("averageValue"));
    }

    @Test
    void noGpuMeansNoDefaultResources() {
        Input in = input(service("{model: {name: m}}"), templateSpec(""), templateStatus("{requests: 0}", ""), null,
                null, List.of(), null);
        var resources = InferenceServiceBuilder.resources(in);
        assertNull(resources.getRequests());
        assertNull(resources.getLimits());
        Map<?, ?> container = (Map<?, ?>) ((List<?>) predictor(written(InferenceServiceBuilder.build(in))).get("containers"))
                .get(0);
        assertFalse(container.containsKey("resources"));
    }

    @Test
    void customGpuResourceName() {
        Input in = input(service("{model: {name: llama-3-1-8b}}"), templateSpec(""),
                templateStatus("{requests: 1, model: MI300X, resourceName: amd.com/gpu-x}", ""), null, null,
                ONE_CACHE, null);
        var resources = InferenceServiceBuilder.build(in).getSpec().predictor.containers.get(0).getResources();
        assertEquals("1", resources.getRequests().get("amd.com/gpu-x").toString());
        assertEquals("1", resources.getLimits().get("amd.com/gpu-x").toString());
        assertFalse(resources.getRequests().containsKey("amd.com/gpu"));
        assertFalse(resources.getLimits().containsKey("amd.com/gpu"));
    }

    @Test
    void nodeAffinityCopiedFromTemplateStatus() {
        AIMServiceTemplateStatus status = templateStatus("{requests: 1, model: MI300X}", """
                resolvedNodeAffinity:
                  requiredDuringSchedulingIgnoredDuringExecution:
                    nodeSelectorTerms:
                    - matchExpressions:
                      - {key: amd.com/gpu.device-id, operator: In, values: ["74a1", "74b5"]}
                """);
        Input in = input(service("{model: {name: llama-3-1-8b}}"), templateSpec(""), status, null, null, ONE_CACHE,
                null);
        var affinity = InferenceServiceBuilder.build(in).getSpec().predictor.affinity;
        assertEquals(status.resolvedNodeAffinity, affinity.getNodeAffinity());
        var expression = affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms().get(0).getMatchExpressions().get(0);
        assertEquals(List.of("74a1", "74b5"), expression.getValues());
        assertNull(InferenceServiceBuilder.build(simple("{model: {name: m}}")).getSpec().predictor.affinity,
                "no affinity when the template resolved none");
    }

    @Test
    void updatePathKeepsLiveVolumesAndAddsOnlyNewMounts() {
        InferenceService live = yaml("""
                apiVersion: serving.kserve.io/v1beta1
                kind: InferenceService
                metadata:
                  name: llama-chat-0a1b2c3d
                  namespace: team-a
                  annotations: {prometheus.kserve.io/port: "9100", serving.kserve.io/autoscalerClass: keda}
                spec:
                  predictor:
                    volumes:
                    - {name: dshm, emptyDir: {medium: Memory, sizeLimit: 4Gi}}
                    - {name: hf-meta-llama-llama-3-1-8b-instruct-old0000001, persistentVolumeClaim: {claimName: old-pvc}}
                    containers:
                    - name: kserve-container
                      volumeMounts:
                      - {name: dshm, mountPath: /dev/shm}
                      - {name: hf-meta-llama-llama-3-1-8b-instruct-old0000001, mountPath: /workspace/cache/meta-llama/Llama-3.1-8B-Instruct, readOnly: true}
                """, InferenceService.class);
        String liveBefore = SERIALIZATION.asJson(live);
        List<CacheVolume> caches = List.of(
                // a replacement artifact for the same model: its mount path is taken, so it is not added
                ONE_CACHE.get(0),
                // a new artifact for another model: added
                new CacheVolume("hf-meta-llama-llama-guard-3-1b-77aa88bb99", "llama-guard-cache-1234abcd",
                        "meta-llama/Llama-Guard-3-1B", null));
        Input in = input(service("{model: {name: llama-3-1-8b}, minReplicas: 1, maxReplicas: 2}"), templateSpec(""),
                templateStatus("{requests: 1, model: MI300X}", ""), null, null, caches, live);
        InferenceService isvc = InferenceServiceBuilder.build(in);
        assertEquals("9100", isvc.getMetadata().getAnnotations().get("prometheus.kserve.io/port"),
                "a live Prometheus port is not overwritten");
        List<Volume> volumes = isvc.getSpec().predictor.volumes;
        assertEquals(List.of("dshm", "hf-meta-llama-llama-3-1-8b-instruct-old0000001",
                "hf-meta-llama-llama-guard-3-1b-77aa88bb99"), volumes.stream().map(Volume::getName).toList());
        assertEquals("8Gi", volumes.get(0).getEmptyDir().getSizeLimit().toString(), "shared memory is always 8Gi");
        assertEquals("old-pvc", volumes.get(1).getPersistentVolumeClaim().getClaimName(), "the live cache stays");
        List<VolumeMount> mounts = isvc.getSpec().predictor.containers.get(0).getVolumeMounts();
        assertEquals(List.of("/dev/shm", "/workspace/cache/meta-llama/Llama-3.1-8B-Instruct",
                "/workspace/cache/meta-llama/Llama-Guard-3-1B"), mounts.stream().map(VolumeMount::getMountPath).toList());
        assertTrue(mounts.get(1).getReadOnly(), "a live mount is kept exactly as it is");
        assertEquals(liveBefore, SERIALIZATION.asJson(live), "the live object is never modified");
    }

    @Test
    void labelsAreSanitized() {
        AIMServiceTemplateSpecCommon spec = templateSpec("");
        spec.modelName = "Meta/Llama 3.1";
        InferenceService isvc = InferenceServiceBuilder.build(input(service("{model: {name: m}}"), spec,
                templateStatus("{requests: 1}", ""), null, null, List.of(), null));
        Map<String, String> labels = isvc.getMetadata().getLabels();
        assertEquals("meta_llama_3.1", labels.get("aim.eai.amd.com/model"));
        assertEquals("llama-chat", labels.get("aim.eai.amd.com/service"));
        assertEquals("inference", labels.get("app.kubernetes.io/component"));
        assertEquals("aim-engine", labels.get("app.kubernetes.io/managed-by"));
    }

    @Test
    void mountPathsAndVolumeNames() {
        assertEquals("/workspace/cache/org/model",
                CacheMounts.mountPath(new CacheVolume("a", "p", "org/model", null)));
        assertEquals("/workspace/cache/org/model",
                CacheMounts.mountPath(new CacheVolume("a", "p", "../org/../model", null)));
        assertEquals("/workspace/cache/vol-1",
                CacheMounts.mountPath(new CacheVolume("Vol.1", "p", "..", null)));
        assertEquals("/models/x", CacheMounts.mountPath(new CacheVolume("a", "p", "org/model", "/models/x")));
        assertEquals("hf-org-model-v1-0-abc", CacheMounts.volumeName("hf-Org-Model.v1.0-abc"));
        assertTrue(KServe.autoscaling(service("{model: {name: m}, maxReplicas: 2}").getSpec()));
        assertFalse(KServe.autoscaling(service("{model: {name: m}, replicas: 2}").getSpec()));
    }

    static Map<?, ?> predictor(GenericKubernetesResource isvc) {
        return (Map<?, ?>) ((Map<?, ?>) isvc.getAdditionalProperties().get("spec")).get("predictor");
    }
}
