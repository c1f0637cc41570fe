package dev.aimengine.operator.apiserver;

import dev.aimengine.operator.gpu.GpuSnapshot;
import dev.aimengine.operator.testing.ControlPlane;
import dev.aimengine.operator.testing.standin.StandInKServe;
import dev.aimengine.operator.testing.standin.StandInKubelet;
import dev.aimengine.operator.testing.standin.StandInKubelet.Exit;
import dev.aimengine.operator.testing.standin.StandInProvisioner;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.aimengine.operator.testing.Fixtures.load;
import static dev.aimengine.operator.testing.Fixtures.newNamespace;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tier 3, without the operator: the stand-ins for kubelet, provisioner and KServe behave on the real API server the
 * way the components they replace do. In particular, container logs reach a client through the API server's
 * {@code pods/log} (the path the operator reads them on), served by the stand-in kubelet.
 */
class StandInsOnApiServerTest {
    static final Duration WAIT = Duration.ofSeconds(60);

    KubernetesClient client;
    StandInKubelet kubelet;

    @BeforeEach
    void setUp() {
        client = ControlPlane.get().client();
        kubelet = new StandInKubelet(client);
    }

    @AfterEach
    void tearDown() {
        kubelet.close();
    }

    @Test
    void podLogsAreServedThroughTheApiServer() {
        String ns = newNamespace(client, "kubelet");
        Pod pod = client.pods().inNamespace(ns).resource(load(client, """
                apiVersion: v1
                kind: Pod
                metadata: {name: printer}
                spec:
                  restartPolicy: Never
                  containers: [{name: main, image: busybox}, {name: side, image: busybox}]
                """, Pod.class)).create();

        kubelet.bind(pod);
        assertEquals(kubelet.nodeName(), client.pods().inNamespace(ns).withName("printer").get().getSpec().getNodeName());
        kubelet.markRunning(pod);
        kubelet.appendLog(pod, "main", "first line\nsecond line\nthird line");
        kubelet.appendLog(pod, "side", "from the side container");

        var log = client.pods().inNamespace(ns).withName("printer").inContainer("main");
        assertEquals("first line\nsecond line\nthird line\n", log.getLog());
        assertEquals("second line\nthird line\n", client.pods().inNamespace(ns).withName("printer").inContainer("main")
                .tailingLines(2).getLog());
        assertEquals("from the side container\n", client.pods().inNamespace(ns).withName("printer")
                .inContainer("side").getLog());

        Pod done = kubelet.markTerminated(pod, Exit.failure(3));
        assertEquals("Failed", done.getStatus().getPhase());
        ContainerStateTerminated main = done.getStatus().getContainerStatuses().get(0).getState().getTerminated();
        assertEquals(3, main.getExitCode());
        assertEquals("Error", main.getReason());
        assertEquals("third line\n", client.pods().inNamespace(ns).withName("printer").inContainer("main")
                .tailingLines(1).getLog(), "logs stay readable after the container exited");
    }

    @Test
    void theStandInNodeAddsNothingToTheGpuInventory() {
        Node node = client.nodes().withName(kubelet.nodeName()).get();
        assertTrue(node.getMetadata().getLabels().keySet().stream().noneMatch(k -> k.contains("amd.com")),
                String.valueOf(node.getMetadata().getLabels()));
        assertTrue(node.getStatus().getAllocatable().keySet().stream().noneMatch(k -> k.contains("amd.com")));
        assertEquals("127.0.0.1", node.getStatus().getAddresses().get(0).getAddress());
        assertEquals(kubelet.port(), node.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort());
        assertTrue(GpuSnapshot.of(List.of(node), List.of()).isEmpty());
    }

    @Test
    void jobPodsRunToCompletionAndFailuresAreRetriedByTheJobController() {
        String ns = newNamespace(client, "jobs");
        kubelet.runPods(ns, p -> p.getMetadata().getLabels().containsKey("job-name"), c -> {
            c.println("hello from " + c.name() + " with GREETING=" + c.env("GREETING").orElse("?"));
            return "fail".equals(c.args().get(0)) ? Exit.failure(2) : Exit.success();
        });
        client.resource(load(client, """
                apiVersion: v1
                kind: Secret
                metadata: {name: words}
                stringData: {greeting: hi}
                """, io.fabric8.kubernetes.api.model.Secret.class)).inNamespace(ns).create();
        client.batch().v1().jobs().inNamespace(ns).resource(load(client, """
                apiVersion: batch/v1
                kind: Job
                metadata: {name: ok}
                spec:
                  backoffLimit: 0
                  template:
                    spec:
                      restartPolicy: Never
                      containers:
                        - name: work
                          image: busybox
                          args: [succeed]
                          env: [{name: GREETING, valueFrom: {secretKeyRef: {name: words, key: greeting}}}]
                """, Job.class)).create();
        client.batch().v1().jobs().inNamespace(ns).resource(load(client, """
                apiVersion: batch/v1
                kind: Job
                metadata: {name: broken}
                spec:
                  backoffLimit: 1
                  template:
                    spec:
                      restartPolicy: Never
                      containers: [{name: work, image: busybox, args: [fail]}]
                """, Job.class)).create();

        await().atMost(WAIT).until(() -> condition(ns, "ok", "Complete"));
        Pod okPod = client.pods().inNamespace(ns).withLabel("job-name", "ok").list().getItems().get(0);
        assertEquals("Succeeded", okPod.getStatus().getPhase());
        assertEquals("Completed", okPod.getStatus().getContainerStatuses().get(0).getState().getTerminated().getReason());
        assertEquals("hello from work with GREETING=hi\n", client.pods().inNamespace(ns)
                .withName(okPod.getMetadata().getName()).inContainer("work").getLog());

        // backoffLimit 1: the Job controller replaces the first failed pod once, then gives up
        await().atMost(WAIT).until(() -> condition(ns, "broken", "Failed"));
        List<Pod> failed = client.pods().inNamespace(ns).withLabel("job-name", "broken").list().getItems();
        assertEquals(2, failed.size());
        assertTrue(failed.stream().allMatch(p -> "Failed".equals(p.getStatus().getPhase())
                && p.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode() == 2));
    }

    @Test
    void aPodWaitsForItsClaimAndTheProvisionerBindsIt() throws Exception {
        String ns = newNamespace(client, "volumes");
        PersistentVolumeClaim pvc = client.persistentVolumeClaims().inNamespace(ns).resource(load(client, """
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: data}
                spec: {accessModes: [ReadWriteMany], resources: {requests: {storage: 3Gi}}}
                """, PersistentVolumeClaim.class)).create();
        Pod pod = client.pods().inNamespace(ns).resource(load(client, """
                apiVersion: v1
                kind: Pod
                metadata: {name: user}
                spec:
                  restartPolicy: Never
                  volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]
                  containers: [{name: main, image: busybox, volumeMounts: [{name: data, mountPath: /data}]}]
                """, Pod.class)).create();
        var run = kubelet.run(pod, c -> Exit.success());
        Thread.sleep(1000);
        assertNull(client.pods().inNamespace(ns).withName("user").get().getSpec().getNodeName(),
                "not placed while its claim is unbound");

        try (StandInProvisioner provisioner = new StandInProvisioner(client)) {
            provisioner.provisionAll(ns);
            Pod done = run.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals("Succeeded", done.getStatus().getPhase());
            var pv = provisioner.volumeOf(pvc);
            assertEquals("pvc-" + pvc.getMetadata().getUid(), pv.getMetadata().getName());
            assertEquals("3Gi", pv.getSpec().getCapacity().get("storage").toString());
            assertEquals("Bound", client.persistentVolumeClaims().inNamespace(ns).withName("data").get().getStatus()
                    .getPhase());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void kserveRunsPredictorPodsBeforeReportingReady() throws Exception {
        String ns = newNamespace(client, "kserve");
        GenericKubernetesResource isvc = client.genericKubernetesResources(StandInKServe.API_VERSION,
                StandInKServe.KIND).inNamespace(ns).resource(load(client, """
                        apiVersion: serving.kserve.io/v1beta1
                        kind: InferenceService
                        metadata:
                          name: chat
                          labels: {team: a, aim.eai.amd.com/service: chat}
                          annotations: {serving.kserve.io/autoscalerClass: keda}
                        spec:
                          predictor:
                            minReplicas: 2
                            maxReplicas: 4
                            containers: [{name: kserve-container, image: "aim:1", resources: {limits: {amd.com/gpu: "1"}}}]
                        """, GenericKubernetesResource.class)).create();
        // whoever sees Ready=True (a watch here) already finds the predictor pods Running and Ready
        java.util.concurrent.CompletableFuture<Long> readyPodsWhenReady = new java.util.concurrent.CompletableFuture<>();
        var watch = client.genericKubernetesResources(StandInKServe.API_VERSION, StandInKServe.KIND).inNamespace(ns)
                .withName("chat").watch(new io.fabric8.kubernetes.client.Watcher<>() {
                    @Override
                    public void eventReceived(Action action, GenericKubernetesResource i) {
                        if (i.getAdditionalProperties().get("status") != null && "True".equals(conditionStatus(i, "Ready"))) {
                            readyPodsWhenReady.complete(client.pods().inNamespace(ns)
                                    .withLabel(StandInKServe.ISVC_LABEL, "chat").list().getItems().stream()
                                    .filter(p -> p.getStatus().getConditions() != null && p.getStatus().getConditions()
                                            .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
                                    .count());
                        }
                    }

                    @Override
                    public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {
                    }
                });
        try (watch; StandInKServe kserve = new StandInKServe(client, kubelet)) {
            GenericKubernetesResource ready = kserve.markReady(isvc);
            assertEquals(2L, readyPodsWhenReady.get(10, TimeUnit.SECONDS));
            List<Pod> pods = kserve.predictorPods(ns, "chat");
            assertEquals(2, pods.size(), "one pod per minReplicas");
            for (Pod p : pods) {
                assertEquals("chat", p.getMetadata().getLabels().get(StandInKServe.ISVC_LABEL));
                assertEquals("a", p.getMetadata().getLabels().get("team"), "the InferenceService's labels are copied");
                assertEquals("Running", p.getStatus().getPhase());
                assertTrue(p.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())));
                assertEquals(kubelet.nodeName(), p.getSpec().getNodeName());
                assertEquals("aim:1", p.getSpec().getContainers().get(0).getImage());
                assertEquals("chat", p.getMetadata().getOwnerReferences().get(0).getName());
            }
            assertEquals("True", conditionStatus(ready, "Ready"));
            assertEquals("True", conditionStatus(ready, "PredictorReady"));

            GenericKubernetesResource hpa = kserve.kedaHpa(ns, "chat");
            assertNotNull(hpa, "KEDA's HPA exists for a keda-autoscaled InferenceService");
            assertEquals("chat", hpa.getMetadata().getLabels().get("aim.eai.amd.com/service"));
            Map<?, ?> spec = (Map<?, ?>) hpa.getAdditionalProperties().get("spec");
            assertEquals(2, ((Number) spec.get("minReplicas")).intValue());
            assertEquals(4, ((Number) spec.get("maxReplicas")).intValue());
            Map<?, ?> status = (Map<?, ?>) hpa.getAdditionalProperties().get("status");
            assertEquals(2, ((Number) status.get("currentReplicas")).intValue());
            assertEquals(2, ((Number) status.get("desiredReplicas")).intValue());
            assertTrue(String.valueOf(status.get("conditions")).contains("ScalingActive"));

            // scaling down and a label change are followed; not-ready takes readiness from pods and status
            client.genericKubernetesResources(StandInKServe.API_VERSION, StandInKServe.KIND).inNamespace(ns)
                    .withName("chat").edit(i -> {
                        i.getMetadata().getLabels().put("team", "b");
                        ((Map<String, Object>) ((Map<String, Object>) i.getAdditionalProperties().get("spec"))
                                .get("predictor")).put("minReplicas", 1);
                        return i;
                    });
            kserve.markReady(ns, "chat");
            await().atMost(WAIT).untilAsserted(() -> {
                List<Pod> now = kserve.predictorPods(ns, "chat").stream()
                        .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
                assertEquals(1, now.size());
                assertEquals("b", now.get(0).getMetadata().getLabels().get("team"));
            });
            GenericKubernetesResource notReady = kserve.markNotReady(ns, "chat", "ProbeFailed", "not answering");
            assertEquals("False", conditionStatus(notReady, "Ready"));
            assertFalse(kserve.predictorPods(ns, "chat").stream().anyMatch(p -> p.getStatus().getConditions()
                    .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))));
        }
    }

    @Test
    void predictorPodsThatFitNoNodeWaitWithTheSchedulersEvent() {
        String ns = newNamespace(client, "unschedulable");
        GenericKubernetesResource isvc = client.genericKubernetesResources(StandInKServe.API_VERSION,
                StandInKServe.KIND).inNamespace(ns).resource(load(client, """
                        apiVersion: serving.kserve.io/v1beta1
                        kind: InferenceService
                        metadata: {name: big}
                        spec:
                          predictor:
                            containers:
                              - name: kserve-container
                                image: "aim:1"
                                resources: {limits: {amd.com/gpu: "1000"}}
                        """, GenericKubernetesResource.class)).create();
        try (StandInKServe kserve = new StandInKServe(client, kubelet)) {
            GenericKubernetesResource status = kserve.markUnschedulable(ns, "big");
            assertEquals("False", conditionStatus(status, "Ready"));
            Pod pod = kserve.predictorPods(ns, "big").get(0);
            assertNull(pod.getSpec().getNodeName(), "not bound");
            assertEquals("Pending", pod.getStatus().getPhase());
            var scheduled = pod.getStatus().getConditions().stream().filter(c -> "PodScheduled".equals(c.getType()))
                    .findFirst().orElseThrow();
            assertEquals("False", scheduled.getStatus());
            assertEquals("Unschedulable", scheduled.getReason());

            int nodes = client.nodes().list().getItems().size();
            var event = client.v1().events().inNamespace(ns).withField("involvedObject.name", pod.getMetadata().getName())
                    .list().getItems().get(0);
            assertEquals("Warning", event.getType());
            assertEquals("FailedScheduling", event.getReason());
            assertEquals(pod.getMetadata().getUid(), event.getInvolvedObject().getUid());
            assertEquals("Pod", event.getInvolvedObject().getKind());
            assertEquals("default-scheduler", event.getSource().getComponent());
            // limits without requests: the API server makes the requests equal to the limits
            assertTrue(event.getMessage().matches("0/" + nodes + " nodes are available: .*\\b" + nodes
                    + " Insufficient amd\\.com/gpu\\b.*\\."), event.getMessage());
            assertEquals(event.getMessage(), scheduled.getMessage());
        }
    }

    private boolean condition(String ns, String job, String type) {
        Job j = client.batch().v1().jobs().inNamespace(ns).withName(job).get();
        return j.getStatus() != null && j.getStatus().getConditions() != null && j.getStatus().getConditions().stream()
                .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
    }

    @SuppressWarnings("unchecked")
    private static String conditionStatus(GenericKubernetesResource isvc, String type) {
        Map<String, Object> status = (Map<String, Object>) isvc.getAdditionalProperties().get("status");
        return ((List<Map<String, Object>>) status.get("conditions")).stream()
                .filter(c -> type.equals(c.get("type"))).map(c -> String.valueOf(c.get("status"))).findFirst()
                .orElse("absent");
    }
}
