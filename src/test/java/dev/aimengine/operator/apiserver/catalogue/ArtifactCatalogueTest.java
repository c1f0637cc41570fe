package dev.aimengine.operator.apiserver.catalogue;

import dev.aimengine.operator.api.v1alpha1.AIMArtifact;
import dev.aimengine.operator.api.v1alpha1.AIMArtifactStatus;
import dev.aimengine.operator.testing.RealApiServer;
import dev.aimengine.operator.testing.standin.StandInDownloader;
import dev.aimengine.operator.testing.standin.StandInKubelet;
import dev.aimengine.operator.testing.standin.StandInProvisioner;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.aimengine.operator.testing.Fixtures.load;
import static dev.aimengine.operator.testing.Fixtures.newNamespace;
import static dev.aimengine.operator.testing.Fixtures.state;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tier 3: AIM Engine's end-to-end catalogue entries for AIMArtifact ({@code tests/e2e/aimartifact/*}), each as its own
 * test, run by the operator on a real API server. Download and check-size pods are created by kube-controller-manager's
 * Job controller and run by the stand-in kubelet with the stand-in downloader image, which reports progress and
 * protocol attempts into the artifact status with the namespace's service account and prints what the real tools
 * print; the operator reads those logs through {@code pods/log}. Volumes come from the stand-in provisioner.
 * <p>
 * Hugging Face repositories and S3 buckets are the stand-in downloader's: nothing leaves the machine. Each artifact is
 * the smallest YAML the entry implies: the source, plus the size or environment the entry is about.
 */
@QuarkusTest
@TestProfile(RealApiServer.class)
@org.junit.jupiter.api.extension.ExtendWith(dev.aimengine.operator.testing.OperatorLog.Watch.class)
class ArtifactCatalogueTest {
    static final Duration WAIT = Duration.ofSeconds(90);
    static final String CACHE_NAME = "aim.eai.amd.com/cache.name";
    static final String COMPONENT = "aim.eai.amd.com/component";

    /** A small public model, as the catalogue's HF entries use (HuggingFaceTB/SmolLM2-135M). */
    static final String SMOLLM = "HuggingFaceTB/SmolLM2-135M";
    static final Map<String, Long> SMOLLM_FILES = Map.of(
            "config.json", 861L,
            "generation_config.json", 132L,
            "model.safetensors", 269_060_552L,
            "tokenizer.json", 2_104_556L);
    static final long SMOLLM_BYTES = SMOLLM_FILES.values().stream().mapToLong(Long::longValue).sum();

    static final String MINIO = "http://minio.minio.svc.cluster.local:9000";
    static final String MINIO_KEY = "minio-access";
    static final String MINIO_SECRET = "minio-secret-key";

    @Inject
    KubernetesClient client;

    String ns;
    StandInKubelet kubelet;
    StandInProvisioner provisioner;
    StandInDownloader downloader;

    @BeforeEach
    void setUp() {
        ns = newNamespace(client, "aimartifact");
        kubelet = new StandInKubelet(client);
        provisioner = new StandInProvisioner(client);
        provisioner.provisionAll(ns);
        downloader = new StandInDownloader(client).serveOn(kubelet, ns);
    }

    @AfterEach
    void tearDown() {
        if (downloader != null) {
            downloader.close();
        }
        if (provisioner != null) {
            provisioner.close();
        }
        if (kubelet != null) {
            kubelet.close();
        }
        if (ns != null) {
            client.namespaces().withName(ns).delete();
        }
    }

    @Test
    @DisplayName("aimartifact/basic-lifecycle-hf")
    void aimartifact_basicLifecycleHf() {
        downloader.huggingFaceRepo(SMOLLM, SMOLLM_FILES);
        create("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMArtifact
                metadata: {name: smollm-hf}
                spec: {sourceUri: "hf://HuggingFaceTB/SmolLM2-135M"}
                """);

        await().ignoreExceptions().atMost(WAIT).until(() -> !jobs("smollm-hf").isEmpty());
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            List<PersistentVolumeClaim> pvcs = client.persistentVolumeClaims().inNamespace(ns)
                    .withLabel(CACHE_NAME, "smollm-hf").list().getItems();
            assertEquals(1, pvcs.size());
            assertEquals("Bound", pvcs.get(0).getStatus().getPhase());
        });
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMArtifactStatus s = status("smollm-hf");
            assertEquals("Ready", s.status, String.valueOf(s.conditions));
            assertEquals(100, s.progress.percentage);
        });
    }

    @Test
    @DisplayName("aimartifact/basic-lifecycle-s3")
    void aimartifact_basicLifecycleS3() {
        downloader.s3Bucket(MINIO, MINIO_KEY, MINIO_SECRET, "models", prefixed("smollm2/", SMOLLM_FILES));
        minioCredentials();
        create("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMArtifact
                metadata: {name: smollm-s3}
                spec:
                  sourceUri: "s3://models/smollm2"
                  env:
                    - {name: AWS_ENDPOINT_URL, value: "%s"}
                    - {name: AWS_ACCESS_KEY_ID, valueFrom: {secretKeyRef: {name: minio, key: accessKey}}}
                    - {name: AWS_SECRET_ACCESS_KEY, valueFrom: {secretKeyRef: {name: minio, key: secretKey}}}
                """.formatted(MINIO));

        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMArtifactStatus s = status("smollm-s3");
            assertEquals("Ready", s.status, String.valueOf(s.conditions));
            assertEquals(100, s.progress.percentage);
        });
    }

    @Test
    @DisplayName("aimartifact/failure-auth-hf")
    void aimartifact_failureAuthHf() {
        downloader.gatedHuggingFaceRepo("meta-llama/Llama-3.1-8B", Map.of("model.safetensors", 5L << 30),
                "hf_token_with_access");
        create("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMArtifact
                metadata: {name: gated}
                spec: {sourceUri: "hf://meta-llama/Llama-3.1-8B", size: 5Gi}
                """);

        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMArtifactStatus s = status("gated");
            assertEquals("Failed", s.status, String.valueOf(s.conditions));
            assertEquals("N/A", s.progress.displayPercentage);
            assertEquals("False/AuthError", state(s.conditions, "Ready"));
            assertEquals("False/AuthError", state(s.conditions, "DownloadJobPodsReady"));
            assertEquals("False/AuthError", state(s.conditions, "AuthValid"));
        });
    }

    @Test
    @DisplayName("aimartifact/failure-auth-s3")
    void aimartifact_failureAuthS3() {
        downloader.s3Bucket(MINIO, MINIO_KEY, MINIO_SECRET, "models", prefixed("smollm2/", SMOLLM_FILES));
        create("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMArtifact
                metadata: {name: wrong-key}
                spec:
                  sourceUri: "s3://models/smollm2"
                  size: 1Gi
                  env:
                    - {name: AWS_ENDPOINT_URL, value: "%s"}
                    - {name: AWS_ACCESS_KEY_ID, value: "%s"}
                    - {name: AWS_SECRET_ACCESS_KEY, value: "not-the-secret"}
                """.formatted(MINIO, MINIO_KEY));

        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMArtifactStatus s = status("wrong-key");
            assertEquals("Failed", s.status, String.valueOf(s.conditions));
            assertEquals("N/A", s.progress.displayPercentage);
            assertEquals("False/AuthError", state(s.conditions, "Ready"));
            assertEquals("False/AuthError", state(s.conditions, "DownloadJobPodsReady"));
            assertEquals("False/AuthError", state(s.conditions, "AuthValid"));
        });
    }

    @Test
    @DisplayName("aimartifact/failure-missing-hf")
    void aimartifact_failureMissingHf() {
        create("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMArtifact
                metadata: {name: no-such-repo}
                spec: {sourceUri: "hf://aim-engine-tests/this-repository-does-not-exist", size: 1Gi}
                """);

        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMArtifactStatus s = status("no-such-repo");
            assertEquals("Failed", s.status, String.valueOf(s.conditions));
            assertEquals("N/A", s.progress.displayPercentage);
            assertEquals("False/InvalidSpec", state(s.conditions, "Ready"));
            assertEquals("False/SourceNotFound", state(s.conditions, "DownloadJobPodsReady"));
        });
    }

    @Test
    @DisplayName("aimartifact/failure-missing-s3")
    void aimartifact_failureMissingS3() {
        // the endpoint answers, the credentials are good, the bucket is not there (s3cmd: 404 NoSuchBucket)
        downloader.s3Bucket(MINIO, MINIO_KEY, MINIO_SECRET, "models", Map.of());
        create("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMArtifact
                metadata: {name: no-such-bucket}
                spec:
                  sourceUri: "s3://no-such-bucket/smollm2"
                  size: 1Gi
                  env:
                    - {name: AWS_ENDPOINT_URL, value: "%s"}
                    - {name: AWS_ACCESS_KEY_ID, value: "%s"}
                    - {name: AWS_SECRET_ACCESS_KEY, value: "%s"}
                """.formatted(MINIO, MINIO_KEY, MINIO_SECRET));

        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMArtifactStatus s = status("no-such-bucket");
            assertEquals("Failed", s.status, String.valueOf(s.conditions));
            assertEquals("N/A", s.progress.displayPercentage);
            assertEquals("False/InvalidSpec", state(s.conditions, "Ready"));
            assertEquals("False/SourceNotFound", state(s.conditions, "DownloadJobPodsReady"));
        });
    }

    @Test
    @DisplayName("aimartifact/failure-storage")
    void aimartifact_failureStorage() {
        // the model is 3 GiB but the artifact says 1Gi: its PVC (1Gi + 10 %, rounded up) holds 2 GiB
        downloader.huggingFaceRepo("org/larger-than-stated", Map.of("model.safetensors", 3L << 30));
        create("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMArtifact
                metadata: {name: too-small}
                spec: {sourceUri: "hf://org/larger-than-stated", size: 1Gi}
                """);

        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMArtifactStatus s = status("too-small");
            assertEquals("False/StorageFull", state(s.conditions, "Ready"), String.valueOf(s.conditions));
            assertEquals("False/StorageFull", state(s.conditions, "DownloadJobPodsReady"));
        });
    }

    @Test
    @DisplayName("aimartifact/progress-and-verification")
    void aimartifact_progressAndVerification() {
        create("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMArtifact
                metadata: {name: simulated}
                spec:
                  sourceUri: "hf://org/simulated"
                  size: 10Mi
                  env: [{name: AIM_DEBUG_SIMULATE_DOWNLOAD, value: "true"}]
                """);
        create("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMArtifact
                metadata: {name: simulated-verify-fail}
                spec:
                  sourceUri: "hf://org/simulated-verify-fail"
                  size: 10Mi
                  env:
                    - {name: AIM_DEBUG_SIMULATE_DOWNLOAD, value: "true"}
                    - {name: AIM_DEBUG_VERIFY_FAIL, value: "true"}
                """);

        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMArtifactStatus s = status("simulated");
            assertEquals("Progressing", s.status, String.valueOf(s.conditions));
            assertNotNull(s.progress, "progress reported");
            assertTrue(s.progress.percentage <= 99, String.valueOf(s.progress.percentage));
            assertEquals("False/Downloading", state(s.conditions, "DownloadComplete"));
        });
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMArtifactStatus s = status("simulated");
            assertEquals("Progressing", s.status, String.valueOf(s.conditions));
            assertEquals(100, s.progress.percentage);
            assertEquals("True/Verifying", state(s.conditions, "DownloadComplete"));
        });
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMArtifactStatus s = status("simulated");
            assertEquals("Ready", s.status, String.valueOf(s.conditions));
            assertEquals("100 %", s.progress.displayPercentage);
            assertEquals("True/Verified", state(s.conditions, "DownloadComplete"));
            assertEquals("True", dev.aimengine.operator.testing.Fixtures.condition(s.conditions, "Ready")
                    .orElseThrow().getStatus());
        });

        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMArtifactStatus s = status("simulated-verify-fail");
            assertEquals("Failed", s.status, String.valueOf(s.conditions));
            assertEquals("N/A", s.progress.displayPercentage);
            assertEquals("False/VerificationFailed", state(s.conditions, "DownloadComplete"));
        });
    }

    @Test
    @DisplayName("aimartifact/protocol-switching")
    void aimartifact_protocolSwitching() {
        create("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMArtifact
                metadata: {name: xet-fails}
                spec:
                  sourceUri: "hf://org/protocols"
                  size: 1Mi
                  env:
                    - {name: AIM_DOWNLOADER_PROTOCOL, value: "XET,HTTP"}
                    - {name: AIM_DEBUG_SIMULATE_HF_DOWNLOAD, value: "true"}
                    - {name: AIM_DEBUG_SIMULATE_HF_FAIL_PROTOCOLS, value: "XET"}
                """);
        create("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMArtifact
                metadata: {name: all-fail}
                spec:
                  sourceUri: "hf://org/protocols-all-fail"
                  size: 1Mi
                  env:
                    - {name: AIM_DOWNLOADER_PROTOCOL, value: "XET,HTTP"}
                    - {name: AIM_DEBUG_SIMULATE_HF_DOWNLOAD, value: "true"}
                    - {name: AIM_DEBUG_SIMULATE_HF_FAIL_PROTOCOLS, value: "XET,HTTP"}
                """);

        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMArtifactStatus s = status("xet-fails");
            assertEquals("Ready", s.status, String.valueOf(s.conditions));
            assertEquals("HTTP", s.download.protocol);
            assertEquals(2, s.download.attempt);
            assertEquals(2, s.download.totalAttempts);
            assertEquals("XET,HTTP", s.download.protocolSequence);
            assertEquals("Complete", s.download.message);
        });
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMArtifactStatus s = status("all-fail");
            assertEquals("Failed", s.status, String.valueOf(s.conditions));
            assertEquals("HTTP", s.download.protocol);
            assertEquals(2, s.download.attempt);
            assertEquals(2, s.download.totalAttempts);
        });
    }

    @Test
    @DisplayName("aimartifact/size-discovery-and-verification")
    void aimartifact_sizeDiscoveryAndVerification() {
        downloader.huggingFaceRepo(SMOLLM, SMOLLM_FILES);
        downloader.s3Bucket(MINIO, MINIO_KEY, MINIO_SECRET, "models", prefixed("smollm2/", SMOLLM_FILES));
        minioCredentials();
        create("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMArtifact
                metadata: {name: sized-hf}
                spec: {sourceUri: "hf://HuggingFaceTB/SmolLM2-135M"}
                """);
        create("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMArtifact
                metadata: {name: sized-s3}
                spec:
                  sourceUri: "s3://models/smollm2"
                  env:
                    - {name: AWS_ENDPOINT_URL, value: "%s"}
                    - {name: AWS_ACCESS_KEY_ID, valueFrom: {secretKeyRef: {name: minio, key: accessKey}}}
                    - {name: AWS_SECRET_ACCESS_KEY, valueFrom: {secretKeyRef: {name: minio, key: secretKey}}}
                """.formatted(MINIO));

        for (String name : List.of("sized-hf", "sized-s3")) {
            await().ignoreExceptions().atMost(WAIT).until(() -> jobs(name).stream()
                    .anyMatch(j -> "check-size".equals(j.getMetadata().getLabels().get(COMPONENT))));
        }
        for (String name : List.of("sized-hf", "sized-s3")) {
            await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
                AIMArtifactStatus s = status(name);
                assertEquals("Ready", s.status, String.valueOf(s.conditions));
                assertEquals(SMOLLM_BYTES, s.discoveredSizeBytes, "the size printed by the check-size job");
                assertNotNull(s.allocatedSize);
                assertEquals("1Gi", s.allocatedSize.toString());
            });
        }
        Map<String, Long> fromHf = downloader.volumeContents(ns, status("sized-hf").persistentVolumeClaim);
        Map<String, Long> fromS3 = downloader.volumeContents(ns, status("sized-s3").persistentVolumeClaim);
        assertFalse(fromHf.isEmpty());
        assertEquals(fromHf, fromS3, "both PVCs hold the same model");
    }

    @Test
    @DisplayName("aimartifact/stall-detection")
    void aimartifact_stallDetection() {
        create("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMArtifact
                metadata: {name: stalls}
                spec:
                  sourceUri: "hf://org/stalls"
                  size: 1Gi
                  env:
                    - {name: AIM_DEBUG_CAUSE_HANG, value: "true"}
                    - {name: STALL_TIMEOUT, value: "15"}
                """);

        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> assertEquals("Progressing", status("stalls").status));
        await().ignoreExceptions().atMost(WAIT).until(() -> jobs("stalls").stream().anyMatch(j -> "download".equals(
                j.getMetadata().getLabels().get(COMPONENT)) && j.getStatus() != null && j.getStatus().getFailed() != null
                && j.getStatus().getFailed() >= 1));
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMArtifactStatus s = status("stalls");
            assertEquals("Failed", s.status, String.valueOf(s.conditions));
            assertEquals("N/A", s.progress.displayPercentage);
            assertEquals("False", dev.aimengine.operator.testing.Fixtures.condition(s.conditions, "Ready")
                    .orElseThrow().getStatus());
            assertEquals("False", dev.aimengine.operator.testing.Fixtures.condition(s.conditions,
                    "DownloadJobPodsReady").orElseThrow().getStatus());
        });
    }

    // ---- helpers ----

    private void create(String yaml) {
        client.resource(load(client, yaml, AIMArtifact.class)).inNamespace(ns).create();
    }

    private AIMArtifactStatus status(String name) {
        AIMArtifact a = client.resources(AIMArtifact.class).inNamespace(ns).withName(name).get();
        assertNotNull(a.getStatus(), "status of " + name);
        return a.getStatus();
    }

    private List<Job> jobs(String artifact) {
        return client.batch().v1().jobs().inNamespace(ns).withLabel(CACHE_NAME, artifact).list().getItems();
    }

    private void minioCredentials() {
        client.resource(load(client, """
                apiVersion: v1
                kind: Secret
                metadata: {name: minio}
                stringData: {accessKey: %s, secretKey: %s}
                """.formatted(MINIO_KEY, MINIO_SECRET), Secret.class)).inNamespace(ns).create();
    }

    private static Map<String, Long> prefixed(String prefix, Map<String, Long> files) {
        Map<String, Long> keys = new java.util.TreeMap<>();
        files.forEach((f, b) -> keys.put(prefix + f, b));
        return keys;
    }
}
