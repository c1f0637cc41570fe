package dev.aimengine.operator.testing.standin;

import dev.aimengine.operator.api.v1alpha1.AIMArtifact;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * The cluster components a test of the serving path needs, together: a kubelet, a volume provisioner, the artifact
 * downloader and KServe. Open one per test and close it after ({@code try}-with-resources or {@code @AfterEach}).
 */
public final class StandIns implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** What a small Hugging Face model repository holds, for sources a test does not describe itself. */
    private static final Map<String, Long> SMALL_MODEL = Map.of("config.json", 661L, "model.safetensors", 50_000_000L);

    public final StandInKubelet kubelet;
    public final StandInKServe kserve;
    public final StandInProvisioner provisioner;
    public final StandInDownloader downloader;
    private final KubernetesClient client;

    private StandIns(KubernetesClient client) {
        this.client = client;
        this.kubelet = new StandInKubelet(client);
        this.kserve = new StandInKServe(client, kubelet);
        this.provisioner = new StandInProvisioner(client);
        this.downloader = new StandInDownloader(client);
    }

    public static StandIns start(KubernetesClient client) {
        return new StandIns(client);
    }

    /**
     * Lets the downloads of a template cache run to completion: its artifacts' volumes are provisioned, every
     * Hugging Face source they name exists (a small public repository unless the test registered it otherwise), and
     * the downloader pods run; returns once every artifact is Ready.
     */
    public List<AIMArtifact> download(String namespace, String cacheName) {
        provisioner.provisionAll(namespace);
        List<AIMArtifact> artifacts = await().ignoreExceptions().atMost(WAIT).until(() -> client
                .resources(AIMArtifact.class).inNamespace(namespace)
                .withLabel("aim.eai.amd.com/template-cache.name", cacheName).list().getItems(), l -> !l.isEmpty());
        for (AIMArtifact a : artifacts) {
            String uri = a.getSpec().sourceUri;
            if (uri.startsWith("hf://")) {
                downloader.huggingFaceRepoIfAbsent(uri.substring("hf://".length()), SMALL_MODEL);
            }
        }
        downloader.serveOn(kubelet, namespace);
        for (AIMArtifact a : artifacts) {
            await().ignoreExceptions().atMost(WAIT).until(() -> "Ready".equals(client.resources(AIMArtifact.class)
                    .inNamespace(namespace).withName(a.getMetadata().getName()).get().getStatus().status));
        }
        return artifacts;
    }

    /** KServe brings the service's InferenceService up (predictor pods first, then Ready). */
    public GenericKubernetesResource serve(GenericKubernetesResource inferenceService) {
        return kserve.markReady(inferenceService);
    }

    @Override
    public void close() {
        for (AutoCloseable standIn : new AutoCloseable[] { downloader, kserve, provisioner, kubelet }) {
            try {
                standIn.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
