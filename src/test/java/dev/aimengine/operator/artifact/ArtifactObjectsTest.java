package dev.aimengine.operator.artifact;

import dev.aimengine.operator.api.v1alpha1.AIMArtifact;
import dev.aimengine.operator.api.v1alpha1.AIMArtifactSpec;
import dev.aimengine.operator.common.naming.AimNames;
import dev.aimengine.operator.common.kube.EnvVars;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArtifactObjectsTest {

    static final List<EnvVar> RUNTIME_ENV = List.of(
            EnvVars.of("STALL_TIMEOUT", "300"),
            EnvVars.of("AIM_DOWNLOADER_PROTOCOL", "XET"),
            EnvVars.of("S3_NO_SSL", "true"));

    static AIMArtifact golden() {
        return Golden.load("artifact.yaml", AIMArtifact.class);
    }

    /** A bare artifact: no labels, env, pull secrets or image. */
    static AIMArtifact bare(String sourceUri) {
        return Golden.SERIALIZATION.unmarshal("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMArtifact
                metadata: {name: plain, namespace: ns, uid: u-1}
                spec: {sourceUri: "%s"}
                """.formatted(sourceUri), AIMArtifact.class);
    }

    static Map<String, String> envMap(Container c) {
        Map<String, String> out = new LinkedHashMap<>();
        c.getEnv().forEach(e -> out.put(e.getName(), e.getValue()));
        return out;
    }

    // ---- PVC ----

    @Test
    void pvcMatchesGolden() {
        AIMArtifact a = golden();
        Golden.assertMatches("pvc.yaml", ArtifactObjects.pvc(a, ArtifactSizes.effectiveSize(a), 10, "fast-rwx"));
    }

    @Test
    void pvcNameIsDerivedFromArtifactNameAndUid() {
        AIMArtifact a = golden();
        PersistentVolumeClaim pvc = ArtifactObjects.pvc(a, 1, 10, null);
        assertEquals(AimNames.artifactPvc("qwen-artifact", "0b7c5a8e-1111-2222-3333-444455556666"),
                pvc.getMetadata().getName());
        assertEquals("qwen-artifact-cache-2d46f001", pvc.getMetadata().getName());
        assertEquals("models", pvc.getMetadata().getNamespace());
        // Owner references are the caller's business.
        assertTrue(pvc.getMetadata().getOwnerReferences() == null || pvc.getMetadata().getOwnerReferences().isEmpty());
    }

    @Test
    void pvcSizeAddsHeadroomAndRoundsUpToWholeGi() {
        AIMArtifact a = bare("hf://org/model");
        long gi = ArtifactSizes.GIB;
        assertEquals("6Gi", storage(ArtifactObjects.pvc(a, 5 * gi, 10, null)));
        assertEquals("5Gi", storage(ArtifactObjects.pvc(a, 5 * gi, 0, null)));
        assertEquals("6Gi", storage(ArtifactObjects.pvc(a, 5 * gi + 1, 0, null)));
        assertEquals("11Gi", storage(ArtifactObjects.pvc(a, 10 * gi, 10, null)));
        assertEquals("1Gi", storage(ArtifactObjects.pvc(a, 1, 10, null)));
    }

    @Test
    void pvcStorageClassOnlyWhenGiven() {
        AIMArtifact a = bare("hf://org/model");
        assertNull(ArtifactObjects.pvc(a, 1, 10, null).getSpec().getStorageClassName());
        assertNull(ArtifactObjects.pvc(a, 1, 10, "").getSpec().getStorageClassName());
        assertEquals("standard", ArtifactObjects.pvc(a, 1, 10, "standard").getSpec().getStorageClassName());
        assertEquals(List.of("ReadWriteMany"), ArtifactObjects.pvc(a, 1, 10, null).getSpec().getAccessModes());
    }

    @Test
    void pvcCacheTypeOnlyForTemplateCreatedArtifacts() {
        AIMArtifact a = bare("s3://Bucket/path/Model_V1");
        Map<String, String> labels = ArtifactObjects.pvc(a, 1, 10, null).getMetadata().getLabels();
        assertEquals(Map.of(
                "aim.eai.amd.com/cache.name", "plain",
                "aim.eai.amd.com/source-model", "bucket_path_model_v1"), labels);

        a.getMetadata().setLabels(Map.of("template-created", "false"));
        assertFalse(ArtifactObjects.pvc(a, 1, 10, null).getMetadata().getLabels()
                .containsKey("aim.eai.amd.com/cache.type"));
        a.getMetadata().setLabels(Map.of("template-created", "true"));
        assertEquals("template-cache", ArtifactObjects.pvc(a, 1, 10, null).getMetadata().getLabels()
                .get("aim.eai.amd.com/cache.type"));
    }

    @Test
    void sourceModelLabelDropsTheSchemeAndIsSanitized() {
        assertEquals("org/model", ArtifactObjects.modelOf("hf://org/model"));
        assertEquals("no-scheme", ArtifactObjects.modelOf("no-scheme"));
        assertEquals("", ArtifactObjects.modelOf(null));
        assertEquals("amd_llama-3.1-8b-instruct", ArtifactObjects.pvc(bare("hf://amd/Llama-3.1-8B-Instruct"), 1, 10,
                null).getMetadata().getLabels().get("aim.eai.amd.com/source-model"));
        // Nothing survives sanitizing: the label is present but empty, as in the original.
        assertEquals("", ArtifactObjects.pvc(bare("hf://%%%"), 1, 10, null).getMetadata().getLabels()
                .get("aim.eai.amd.com/source-model"));
    }

    // ---- check-size Job ----

    @Test
    void checkSizeJobMatchesGolden() {
        Golden.assertMatches("check-size-job.yaml", ArtifactObjects.checkSizeJob(golden(), RUNTIME_ENV));
    }

    @Test
    void checkSizeJobWithoutEnvOrImageUsesTheDefaults() {
        Job job = ArtifactObjects.checkSizeJob(bare("hf://org/model"), null);
        Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals(AIMArtifactSpec.DEFAULT_DOWNLOAD_IMAGE, c.getImage());
        assertEquals("ghcr.io/silogen/aim-artifact-downloader:0.2.0", c.getImage());
        assertTrue(c.getEnv() == null || c.getEnv().isEmpty());
        assertTrue(job.getSpec().getTemplate().getSpec().getImagePullSecrets() == null
                || job.getSpec().getTemplate().getSpec().getImagePullSecrets().isEmpty());
        assertEquals(List.of("/check-size.sh"), c.getCommand());
        assertEquals(List.of("hf://org/model"), c.getArgs());
        assertEquals(AimNames.checkSizeJob("plain", "u-1"), job.getMetadata().getName());
    }

    @Test
    void checkSizeEnvIsRuntimeConfigOverlaidByArtifact() {
        AIMArtifact a = bare("hf://org/model");
        a.getSpec().env = List.of(EnvVars.of("HF_TOKEN", "from-artifact"), EnvVars.of("NEW", "n"));
        Job job = ArtifactObjects.checkSizeJob(a, List.of(EnvVars.of("HF_TOKEN", "from-config"),
                EnvVars.of("AWS_ENDPOINT_URL", "http://minio")));
        assertEquals(Map.of("HF_TOKEN", "from-artifact", "AWS_ENDPOINT_URL", "http://minio", "NEW", "n"),
                envMap(job.getSpec().getTemplate().getSpec().getContainers().get(0)));
        assertEquals(List.of("HF_TOKEN", "AWS_ENDPOINT_URL", "NEW"), job.getSpec().getTemplate().getSpec()
                .getContainers().get(0).getEnv().stream().map(EnvVar::getName).toList());
    }

    // ---- download Job ----

    @Test
    void downloadJobMatchesGolden() {
        AIMArtifact a = golden();
        Job job = ArtifactObjects.downloadJob(a, "qwen-artifact-cache-2d46f001", ArtifactSizes.effectiveSize(a),
                RUNTIME_ENV);
        Golden.assertMatches("download-job.yaml", job);
    }

    @Test
    void downloadEnvPrecedenceIsDefaultsThenRuntimeConfigThenArtifact() {
        AIMArtifact a = bare("s3://bucket/model");
        a.getSpec().env = List.of(EnvVars.of("AIM_DOWNLOADER_PROTOCOL", "HF_TRANSFER"),
                EnvVars.of("TARGET_DIR", "/cache/sub"));
        List<EnvVar> config = List.of(EnvVars.of("AIM_DOWNLOADER_PROTOCOL", "XET"), EnvVars.of("HF_HOME", "/h"),
                EnvVars.of("TARGET_DIR", "/ignored"));
        Job job = ArtifactObjects.downloadJob(a, "pvc", 42, config);
        Map<String, String> env = envMap(job.getSpec().getTemplate().getSpec().getContainers().get(0));
        assertEquals("HF_TRANSFER", env.get("AIM_DOWNLOADER_PROTOCOL"));
        assertEquals("/h", env.get("HF_HOME"));
        assertEquals("/cache/sub", env.get("TARGET_DIR"));
        assertEquals("/tmp/", env.get("TMPDIR"));
        assertEquals("42", env.get("EXPECTED_SIZE_BYTES"));
        assertEquals("/cache", env.get("MOUNT_PATH"));
        assertEquals("plain", env.get("ARTIFACT_NAME"));
        assertEquals("ns", env.get("ARTIFACT_NAMESPACE"));
        assertEquals("120", env.get("STALL_TIMEOUT"));
        assertEquals(9, env.size());
    }

    @Test
    void downloadJobWithoutRuntimeConfigHasExactlyTheDefaults() {
        Job job = ArtifactObjects.downloadJob(bare("hf://org/model"), "the-pvc", 1024, null);
        Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals(List.of("AIM_DOWNLOADER_PROTOCOL=XET,HF_TRANSFER", "TMPDIR=/tmp/", "HF_HOME=/tmp/.hf",
                "EXPECTED_SIZE_BYTES=1024", "MOUNT_PATH=/cache", "ARTIFACT_NAME=plain", "ARTIFACT_NAMESPACE=ns",
                "STALL_TIMEOUT=120", "TARGET_DIR=/cache"),
                c.getEnv().stream().map(e -> e.getName() + "=" + e.getValue()).toList());
        assertEquals(AIMArtifactSpec.DEFAULT_DOWNLOAD_IMAGE, c.getImage());
        assertEquals("the-pvc", job.getSpec().getTemplate().getSpec().getVolumes().get(0)
                .getPersistentVolumeClaim().getClaimName());
        assertEquals(AimNames.downloadJob("plain", "u-1"), job.getMetadata().getName());
        assertEquals("default", job.getSpec().getTemplate().getSpec().getServiceAccountName());
        assertEquals(600, job.getSpec().getTtlSecondsAfterFinished());
        assertEquals(2, job.getSpec().getBackoffLimit());
    }

    @Test
    void buildersDoNotModifyTheArtifact() {
        AIMArtifact a = golden();
        String before = Golden.SERIALIZATION.asJson(a);
        ArtifactObjects.downloadJob(a, "p", 1, RUNTIME_ENV);
        ArtifactObjects.checkSizeJob(a, RUNTIME_ENV);
        ArtifactObjects.pvc(a, 1, 10, null);
        assertEquals(before, Golden.SERIALIZATION.asJson(a));
    }

    @Test
    void jobAndPodLabelsAreSeparateMaps() {
        Job job = ArtifactObjects.downloadJob(golden(), "p", 1, null);
        job.getMetadata().getLabels().put("extra", "x");
        assertFalse(job.getSpec().getTemplate().getMetadata().getLabels().containsKey("extra"));
    }

    // ---- RBAC ----

    @Test
    void roleBindingMatchesGolden() {
        Golden.assertMatches("rolebinding.yaml", ArtifactObjects.statusUpdaterRoleBinding("models"));
    }

    @Test
    void clusterRoleMatchesGolden() {
        Golden.assertMatches("clusterrole.yaml", ArtifactObjects.statusUpdaterClusterRole());
        assertEquals("aim-engine-artifact-status-updater", ArtifactObjects.STATUS_UPDATER);
    }

    private static String storage(PersistentVolumeClaim pvc) {
        return pvc.getSpec().getResources().getRequests().get("storage").toString();
    }
}
