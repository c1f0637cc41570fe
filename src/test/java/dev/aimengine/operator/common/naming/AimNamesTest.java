package dev.aimengine.operator.common.naming;

import dev.aimengine.operator.api.v1alpha1.AIMGpuRequirements;
import dev.aimengine.operator.api.v1alpha1.AIMHardwareRequirements;
import dev.aimengine.operator.api.v1alpha1.AIMModelSource;
import dev.aimengine.operator.api.v1alpha1.AIMModelSpec;
import dev.aimengine.operator.api.v1alpha1.AIMRuntimeParameters;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplateSpecCommon;
import dev.aimengine.operator.api.v1alpha1.ImageMetadata;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.LocalObjectReference;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * One or more cases per row of the derived-name table. Every expected name was computed independently
 * with Go 1.19 (encoding/json, crypto/sha256) from the same inputs.
 */
class AimNamesTest {

    static final String IMAGE = "ghcr.io/silogen/aim-llama-3.1-8b:0.8.4";
    static final String ARTIFACT_UID = "6b1d7f3e-2c4a-4e8b-9f0a-1d2c3b4a5e6f";
    static final String ARTIFACT = "hf-meta-llama-llama-3-1-8b-0123456789";

    @Test
    void inferenceService() {
        assertEquals("my-service-f29389ab", AimNames.inferenceService("my-service", "my-ns"));
        assertEquals("a-really-long-serv-d364b81d", AimNames.inferenceService(
                "a-really-long-service-name-that-goes-on-and-on", "a-long-namespace-name-xyz"));
        assertEquals("s-70a2a165", AimNames.inferenceService("svc", "n".repeat(42)), "maxLen 10");
        assertThrows(IllegalArgumentException.class, () -> AimNames.inferenceService("svc", "n".repeat(43)));
    }

    @Test
    void httpRoute() {
        assertEquals("my-service-f29389ab", AimNames.httpRoute("my-service", "my-ns"));
        assertEquals("serviceserviceserviceserviceserviceserviceserviceservi-e204f50a",
                AimNames.httpRoute("service".repeat(12), "team-a"));
    }

    @Test
    void templateCaches() {
        String template = "llama-3-1-8b-1x-mi300x-lat-fp8-ab12";
        assertEquals("llama-3-1-8b-1x-mi300x-lat-fp8-ab12-f29389ab", AimNames.sharedTemplateCache(template, "my-ns"));
        assertEquals("llama-3-1-8b-1x-mi300x-lat-fp8-ab12-my-service-b1e0d1b2", AimNames.dedicatedTemplateCache(
                template, "my-service", "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"));
    }

    @Test
    void modelFromImage() {
        assertEquals("aim-llama-3-1-8b-0-8-4-59c71816", AimNames.modelFromImage(IMAGE));
        assertEquals("nginx-latest-723886a6", AimNames.modelFromImage("nginx"));
        assertEquals("aim-qwen-abcdef-89e4155b",
                AimNames.modelFromImage("  docker.io/amdenterpriseai/aim-qwen@sha256:ABCDEF0123456789  "));
        assertEquals("my-image-dev-1-f5fa7b86", AimNames.modelFromImage("localhost:5000/My_Image:Dev_1"));
        assertThrows(IllegalArgumentException.class, () -> AimNames.modelFromImage("nginx:"));
    }

    @Test
    void customModel() {
        AIMModelSource first = new AIMModelSource("meta-llama/Llama-3.1-8B", "s3://models/llama", null);
        first.env = List.of(new EnvVar("AWS_REGION", "us-east-1", null),
                new EnvVar("AWS_ENDPOINT_URL", "http://minio.minio:9000", null));
        AIMModelSource second = new AIMModelSource("org/extra", "hf://org/extra", null);
        second.env = List.of(new EnvVarBuilder().withName("AWS_ENDPOINT_URL").withNewValueFrom()
                .withNewSecretKeyRef().withName("s").withKey("k").endSecretKeyRef().endValueFrom().build());
        String base = "ghcr.io/silogen/aim-base:0.8.4";

        assertEquals("meta-llama-llama-3-1-8b-3a572c3a", AimNames.customModel(base, List.of(first, second)));
        assertEquals("meta-llama-llama-3-1-8b-7e028152", AimNames.customModel(base,
                List.of(new AIMModelSource("meta-llama/Llama-3.1-8B", "s3://models/llama", null))));
        assertEquals("custom-model-e1b3ae83", AimNames.customModel(base, List.of()));
    }

    @Test
    void clusterModelFromSource() {
        assertEquals("silogen-aim-llama-3-1-8b-0-8-4-459a1b",
                AimNames.clusterModelFromSource("ghcr.io", "silogen/aim-llama-3.1-8b", "0.8.4"));
    }

    @Test
    void templateFromRecommendedDeployment() {
        assertEquals("ghcr-io-silogen-aim-llama-3-1-8b-0-8-4-1x-mi300x-lat-fp8-0b37",
                AimNames.templateFromRecommendedDeployment("llama-3-1-8b", IMAGE,
                        deployment("MI300X", 1, "fp8", "latency")));
        assertEquals("ghcr-io-silogen-aim-llama-3-1-8b-0-8-4-mi325x-thr-c2c0",
                AimNames.templateFromRecommendedDeployment("llama-3-1-8b", IMAGE,
                        deployment("MI325X", null, null, "throughput")));
        assertEquals("ghcr-io-silogen-aim-llama-3-1-8b-0-8-4-x8-custom-bf16-7863",
                AimNames.templateFromRecommendedDeployment("llama-3-1-8b", IMAGE,
                        deployment(null, 8, "bf16", "custom")));
        assertEquals("img-1-part-4afe",
                AimNames.templateFromRecommendedDeployment("m", "img:1", deployment(null, null, null, null)));
    }

    @Test
    void customTemplate() {
        AIMModelSpec.CustomTemplate full = new AIMModelSpec.CustomTemplate();
        full.name = "fast";
        full.profile = profile("latency", "fp16");
        full.hardware = new AIMHardwareRequirements(new AIMGpuRequirements(2, "MI300X"), null);
        assertEquals("my-model-custom-fast-fp16-mi300x-3728713b", AimNames.customTemplate("my-model", 1, full));

        assertEquals("my-model-custom-fc54f8e6",
                AimNames.customTemplate("my-model", 0, new AIMModelSpec.CustomTemplate()));

        AIMModelSpec.CustomTemplate emptyProfile = new AIMModelSpec.CustomTemplate();
        emptyProfile.profile = profile(null, null);
        emptyProfile.hardware = new AIMHardwareRequirements(new AIMGpuRequirements(), null);
        assertEquals("my-model-custom-a01cd2e3", AimNames.customTemplate("my-model", 2, emptyProfile));
    }

    @Test
    void autoCustomTemplate() {
        assertEquals("my-model-custom-013658a3", AimNames.autoCustomTemplate("my-model"));
        assertEquals("my-model-custom-013658a3", AimNames.customTemplate("my-model", 0, null));
    }

    @Test
    void derivedTemplate() {
        AIMRuntimeParameters all = new AIMRuntimeParameters();
        all.hardware = new AIMHardwareRequirements(new AIMGpuRequirements(4, "MI325X"), null);
        all.precision = "fp16";
        all.metric = "latency";
        assertEquals("llama-3-1-8b-1x-mi300x-lat-fp-ovr-mi325x-4gpu-fp16-latency-29c5",
                AimNames.derivedTemplate("llama-3-1-8b-1x-mi300x-lat-fp8-ab12", all));

        AIMRuntimeParameters metric = new AIMRuntimeParameters();
        metric.metric = "throughput";
        assertEquals("base-tpl-ovr-throughput-39b8", AimNames.derivedTemplate("base-tpl", metric));

        AIMRuntimeParameters count = new AIMRuntimeParameters();
        count.hardware = new AIMHardwareRequirements(new AIMGpuRequirements(2, null), null);
        assertEquals("base-tpl-ovr-2gpu-bf45", AimNames.derivedTemplate("base-tpl", count));

        AIMRuntimeParameters emptyPrecision = new AIMRuntimeParameters();
        emptyPrecision.precision = "";
        assertEquals("base-tpl-ovr-part-7509", AimNames.derivedTemplate("base-tpl", emptyPrecision));
    }

    @Test
    void derivedTemplateWithoutPartsIsTheBaseTemplate() {
        AIMRuntimeParameters none = new AIMRuntimeParameters();
        none.hardware = new AIMHardwareRequirements(new AIMGpuRequirements(0, ""), null);
        assertEquals("base-tpl", AimNames.derivedTemplate("base-tpl", none));
        assertEquals("base-tpl", AimNames.derivedTemplate("base-tpl", new AIMRuntimeParameters()));
        assertEquals("base-tpl", AimNames.derivedTemplate("base-tpl", null));
    }

    @Test
    void artifact() {
        String uri = "hf://meta-llama/Llama-3.1-8B";
        assertEquals("hf---meta-llama-llama-3-1-8b-657d060cdd", AimNames.artifact(uri, null, null, false, null));
        assertEquals("hf---meta-llama-llama-3-1-8b-657d060cdd", AimNames.artifact(uri, List.of(), "", false, ""),
                "an empty env list hashes as null");
        assertEquals("hf---meta-llama-llama-3-1-8b-3173c1fcbf",
                AimNames.artifact(uri, GoJsonTest.sampleEnv(), "nfs", false, null));
        assertEquals("s3---bucket-models-qwen2-5-7b-92ba0d583d", AimNames.artifact("s3://bucket/models/qwen2.5-7b",
                List.of(new EnvVar("AWS_ENDPOINT_URL", "http://minio:9000", null)), null, true,
                "tpl-my-service-1a2b3c4d"));
        assertEquals("hf---organisationorganisationorganisationorganisatio-f6808fc33d", AimNames.artifact(
                "hf://" + "organisation".repeat(4) + "/" + "model.v1".repeat(5), null, "", false, null));
    }

    @Test
    void artifactPvcAndJobs() {
        assertEquals("hf-meta-llama-llama-3-1-8b-0123456789-cache-2e50eb91",
                AimNames.artifactPvc(ARTIFACT, ARTIFACT_UID));
        assertEquals("hf-meta-llama-llama-3-1-8b-0123456789-download-2e50eb91",
                AimNames.downloadJob(ARTIFACT, ARTIFACT_UID));
        assertEquals("hf-meta-llama-llama-3-1-8b-0123456789-check-size-2e50eb91",
                AimNames.checkSizeJob(ARTIFACT, ARTIFACT_UID));
        assertEquals("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-download-2e50eb91",
                AimNames.downloadJob("x".repeat(60), ARTIFACT_UID));
    }

    @Test
    void discoveryJob() {
        AIMServiceTemplateSpecCommon simple = new AIMServiceTemplateSpecCommon();
        simple.modelName = "llama-3-1-8b";
        assertEquals("discover-llama-3-1-8b-1x-mi300x-lat-fp8-ab12-c02f0287", AimNames.discoveryJob(
                "llama-3-1-8b-1x-mi300x-lat-fp8-ab12", simple, IMAGE, null, null, null));

        AIMServiceTemplateSpecCommon full = new AIMServiceTemplateSpecCommon();
        full.modelName = "m";
        full.metric = "latency";
        full.precision = "fp8";
        full.hardware = new AIMHardwareRequirements(new AIMGpuRequirements(1, "MI300X"), null);
        full.profileId = "mi300x-fp8-latency";
        List<EnvVar> env = List.of(new EnvVar("A", "1", null), new EnvVar("B", null, new EnvVarSource()));
        List<LocalObjectReference> secrets = List.of(new LocalObjectReference("s1"), new LocalObjectReference("s2"));
        String longest = AimNames.discoveryJob("t".repeat(50), full, IMAGE, "sa", env, secrets);
        assertEquals("discover-" + "t".repeat(45) + "-b5ce5935", longest);
        assertEquals(63, longest.length(), "the Job name is also its pods' job-name label value: at most 63");

        AIMServiceTemplateSpecCommon zeroGpu = new AIMServiceTemplateSpecCommon();
        zeroGpu.modelName = "m";
        zeroGpu.hardware = new AIMHardwareRequirements(new AIMGpuRequirements(), null);
        assertEquals("discover-tpl-d6ee398f", AimNames.discoveryJob("tpl", zeroGpu, "i", "", List.of(), List.of()));
    }

    @Test
    void discoverySpecHash() {
        AIMServiceTemplateSpecCommon spec = new AIMServiceTemplateSpecCommon();
        spec.modelName = "m";
        assertEquals("3a76c9ed8c52906b", AimNames.discoverySpecHash(spec, IMAGE));
        spec.metric = "latency";
        spec.precision = "fp8";
        spec.hardware = new AIMHardwareRequirements(new AIMGpuRequirements(1, "MI300X"), null);
        spec.profileId = "pid";
        assertEquals("133464e209f530d9", AimNames.discoverySpecHash(spec, IMAGE));
    }

    private static ImageMetadata.RecommendedDeployment deployment(String gpu, Integer count, String precision,
            String metric) {
        ImageMetadata.RecommendedDeployment d = new ImageMetadata.RecommendedDeployment();
        d.gpuModel = gpu;
        d.gpuCount = count;
        d.precision = precision;
        d.metric = metric;
        return d;
    }

    private static AIMModelSpec.Profile profile(String metric, String precision) {
        AIMModelSpec.Profile p = new AIMModelSpec.Profile();
        p.metric = metric;
        p.precision = precision;
        return p;
    }
}
