package dev.aimengine.operator.apiserver;

import dev.aimengine.operator.api.v1alpha1.AIMArtifact;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplate;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplateStatus;
import dev.aimengine.operator.api.v1alpha1.AIMTemplateCache;
import dev.aimengine.operator.common.naming.AimNames;
import dev.aimengine.operator.testing.RealApiServer;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.aimengine.operator.testing.Fixtures.load;
import static dev.aimengine.operator.testing.Fixtures.newNamespace;
import static dev.aimengine.operator.testing.Fixtures.state;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tier 3: the template-cache and artifact controllers on a real API server. */
@QuarkusTest
@TestProfile(RealApiServer.class)
@org.junit.jupiter.api.extension.ExtendWith(dev.aimengine.operator.testing.OperatorLog.Watch.class)
class CacheAndArtifactOnApiServerTest {
    static final Duration WAIT = Duration.ofSeconds(40);

    @Inject
    KubernetesClient client;

    @Test
    void aCacheCreatesOneArtifactPerTemplateSource() {
        String ns = newNamespace(client, "cache");
        AIMServiceTemplate t = client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMServiceTemplate
                metadata: {name: frozen, annotations: {aim.eai.amd.com/reconciliation-paused: "true"}}
                spec: {modelName: m}
                """, AIMServiceTemplate.class)).inNamespace(ns).create();
        client.resources(AIMServiceTemplate.class).inNamespace(ns).withName("frozen").editStatus(x -> {
            x.setStatus(client.getKubernetesSerialization().unmarshal("""
                    status: Ready
                    modelSources:
                      - {modelId: org/small, sourceUri: "hf://org/small", size: 2Gi}
                      - {modelId: org/large, sourceUri: "hf://org/large", size: 4Gi}
                    """, AIMServiceTemplateStatus.class));
            return x;
        });
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMTemplateCache
                metadata: {name: warm}
                spec: {templateName: frozen, templateScope: Namespace, env: [{name: HF_TOKEN, value: secret}]}
                """, AIMTemplateCache.class)).inNamespace(ns).create();

        List<AIMArtifact> artifacts = await().ignoreExceptions().atMost(WAIT).until(() -> client.resources(AIMArtifact.class)
                .inNamespace(ns).withLabel("aim.eai.amd.com/template-cache.name", "warm").list().getItems(), l -> l.size() == 2);
        Map<String, AIMArtifact> byUri = artifacts.stream().collect(Collectors.toMap(a -> a.getSpec().sourceUri, a -> a));
        AIMArtifact small = byUri.get("hf://org/small");
        assertEquals("2Gi", small.getSpec().size.toString());
        assertEquals("HF_TOKEN", small.getSpec().env.get(0).getName());
        assertEquals("Namespace", small.getMetadata().getLabels().get("aim.eai.amd.com/template.scope"));
        assertEquals("true", small.getMetadata().getLabels().get("template-created"));
        assertTrue(small.getMetadata().getOwnerReferences() == null || small.getMetadata().getOwnerReferences().isEmpty(),
                "a Shared cache's artifacts have no owner");
        assertEquals("0", small.getMetadata().getLabels().get("aim.eai.amd.com/template.index"));

        // the artifact side: RoleBinding for the downloader, PVC with 10 % headroom rounded up to GiB, download job
        PersistentVolumeClaim pvc = await().ignoreExceptions().atMost(WAIT).until(() -> client.persistentVolumeClaims()
                .inNamespace(ns).withName(AimNames.artifactPvc(small.getMetadata().getName(), small.getMetadata().getUid()))
                .get(), p -> p != null);
        assertEquals("3Gi", pvc.getSpec().getResources().getRequests().get("storage").toString());
        assertEquals(List.of("ReadWriteMany"), pvc.getSpec().getAccessModes());
        assertEquals(small.getMetadata().getName(), pvc.getMetadata().getOwnerReferences().get(0).getName());
        assertNotNull(client.rbac().roleBindings().inNamespace(ns).withName("aim-engine-artifact-status-updater").get());
        Job download = await().ignoreExceptions().atMost(WAIT).until(() -> client.batch().v1().jobs().inNamespace(ns)
                .withName(AimNames.downloadJob(small.getMetadata().getName(), small.getMetadata().getUid())).get(),
                j -> j != null);
        Map<String, String> env = download.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, e -> String.valueOf(e.getValue())));
        assertEquals(String.valueOf(2L << 30), env.get("EXPECTED_SIZE_BYTES"));
        assertEquals("secret", env.get("HF_TOKEN"));
        assertEquals("XET,HF_TRANSFER", env.get("AIM_DOWNLOADER_PROTOCOL"));

        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            AIMTemplateCache cache = client.resources(AIMTemplateCache.class).inNamespace(ns).withName("warm").get();
            // no scheduler runs, so the download pods and the artifacts stay Pending; for the cache a download
            // waiting to start is progress (as AIM Engine reports it)
            assertEquals("Progressing", cache.getStatus().status, String.valueOf(cache.getStatus().conditions));
            assertEquals("False/Progressing", state(cache.getStatus().conditions, "ArtifactsReady"));
            assertEquals("AIMServiceTemplate", cache.getStatus().resolvedTemplateKind);
            assertEquals(2, cache.getStatus().artifacts.size());
            assertTrue(cache.getMetadata().getFinalizers().contains("aim.eai.amd.com/artifactcleanup"));
        });
        assertNotNull(t);
    }

    @Test
    void aCacheForAMissingTemplateFails() {
        String ns = newNamespace(client, "nocache");
        client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMTemplateCache
                metadata: {name: orphan}
                spec: {templateName: nothing-here, templateScope: Cluster}
                """, AIMTemplateCache.class)).inNamespace(ns).create();
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            var s = client.resources(AIMTemplateCache.class).inNamespace(ns).withName("orphan").get().getStatus();
            assertEquals("Failed", s.status);
            assertEquals("False/ReferenceNotFound", state(s.conditions, "ServiceTemplateReady"));
            assertEquals("False/ReferenceNotFound", state(s.conditions, "Ready"));
        });
    }

    @Test
    void anArtifactWithoutSizeStartsWithACheckSizeJob() {
        String ns = newNamespace(client, "size");
        AIMArtifact a = client.resource(load(client, """
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMArtifact
                metadata: {name: unknown-size}
                spec: {sourceUri: "s3://bucket/model", env: [{name: AWS_ENDPOINT_URL, value: "http://minio:9000"}]}
                """, AIMArtifact.class)).inNamespace(ns).create();
        Job job = await().ignoreExceptions().atMost(WAIT).until(() -> client.batch().v1().jobs().inNamespace(ns)
                .withName(AimNames.checkSizeJob("unknown-size", a.getMetadata().getUid())).get(), j -> j != null);
        assertEquals("check-size", job.getMetadata().getLabels().get("aim.eai.amd.com/component"));
        assertEquals(List.of("/check-size.sh"), job.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand());
        assertEquals(List.of("s3://bucket/model"), job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs());
        assertEquals(2, job.getSpec().getBackoffLimit());
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            var s = client.resources(AIMArtifact.class).inNamespace(ns).withName("unknown-size").get().getStatus();
            assertEquals("Pending", s.status, String.valueOf(s.conditions));
            assertEquals("False/JobRunning", state(s.conditions, "CheckSizeJobReady"));
            assertEquals("False/PodsPending", state(s.conditions, "CheckSizeJobPodsReady"));
            assertEquals("Shared", s.mode);
        });
    }
}
