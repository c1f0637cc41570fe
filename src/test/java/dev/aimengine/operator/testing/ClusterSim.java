package dev.aimengine.operator.testing;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * Plays the parts of the cluster a kube-apiserver (+ kube-controller-manager) does not run in tests: a provisioner
 * (pre-bound PersistentVolumes), a kubelet (pod phases), and KServe (InferenceService readiness, predictor pods).
 */
public final class ClusterSim {
    private final KubernetesClient client;

    public ClusterSim(KubernetesClient client) {
        this.client = client;
    }

    /** A hostPath PV pre-bound to the claim; kube-controller-manager's PV controller then binds the claim. */
    public void provision(PersistentVolumeClaim pvc) {
        String name = "pv-" + pvc.getMetadata().getNamespace() + "-" + pvc.getMetadata().getName();
        Quantity size = pvc.getSpec().getResources().getRequests().get("storage");
        client.persistentVolumes().resource(new PersistentVolumeBuilder()
                .withNewMetadata().withName(name.length() > 63 ? name.substring(0, 63) : name).endMetadata()
                .withNewSpec()
                .withCapacity(Map.of("storage", size))
                .withAccessModes(pvc.getSpec().getAccessModes())
                .withStorageClassName(pvc.getSpec().getStorageClassName())
                .withNewHostPath().withPath("/tmp/" + pvc.getMetadata().getName()).endHostPath()
                .withNewClaimRef().withNamespace(pvc.getMetadata().getNamespace()).withName(pvc.getMetadata().getName())
                .endClaimRef()
                .endSpec().build()).createOr(op -> op.update());
    }

    /**
     * Finishes a Job successfully the way a kubelet would: its pods (made by the Job controller of
     * kube-controller-manager) report Succeeded; without a controller-manager the Job status is written directly.
     */
    public void succeed(Job job) {
        List<Pod> pods = jobPods(job);
        if (pods.isEmpty()) {
            complete(job);
            return;
        }
        for (Pod p : pods) {
            String container = p.getSpec().getContainers().get(0).getName();
            p.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder()
                    .withPhase("Succeeded")
                    .withContainerStatuses(new ContainerStatusBuilder().withName(container).withReady(false)
                            .withImage(p.getSpec().getContainers().get(0).getImage()).withImageID("")
                            .withRestartCount(0)
                            .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(0)
                                    .withReason("Completed").endTerminated().build())
                            .build())
                    .build());
            client.pods().inNamespace(p.getMetadata().getNamespace()).resource(p).updateStatus();
        }
    }

    public List<Pod> jobPods(Job job) {
        return client.pods().inNamespace(job.getMetadata().getNamespace())
                .withLabel("job-name", job.getMetadata().getName()).list().getItems();
    }

    private void complete(Job job) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Job live = client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace())
                .withName(job.getMetadata().getName()).get();
        JobCondition done = new JobConditionBuilder().withType("Complete").withStatus("True")
                .withLastProbeTime(now).withLastTransitionTime(now).build();
        live.setStatus(new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder()
                .withConditions(done).withSucceeded(1).withStartTime(now).withCompletionTime(now).build());
        client.batch().v1().jobs().inNamespace(live.getMetadata().getNamespace()).resource(live).updateStatus();
    }

    /** KServe's verdict on an InferenceService: Ready=True. */
    public void markReady(GenericKubernetesResource isvc) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        GenericKubernetesResource live = client.genericKubernetesResources(isvc.getApiVersion(), isvc.getKind())
                .inNamespace(isvc.getMetadata().getNamespace()).withName(isvc.getMetadata().getName()).get();
        live.setAdditionalProperty("status", Map.of("conditions", List.of(
                Map.of("type", "Ready", "status", "True", "lastTransitionTime", now),
                Map.of("type", "PredictorReady", "status", "True", "lastTransitionTime", now))));
        client.genericKubernetesResources(isvc.getApiVersion(), isvc.getKind())
                .inNamespace(live.getMetadata().getNamespace()).resource(live).updateStatus();
    }

    /** A predictor pod as KServe would run it, Running and Ready. */
    public Pod runPredictor(String namespace, String isvcName) {
        Pod pod = client.pods().inNamespace(namespace).resource(new PodBuilder()
                .withNewMetadata().withName(isvcName + "-predictor-0").withNamespace(namespace)
                .addToLabels("serving.kserve.io/inferenceservice", isvcName).endMetadata()
                .withNewSpec().addNewContainer().withName("kserve-container").withImage("img:1").endContainer().endSpec()
                .build()).create();
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        PodCondition ready = new PodConditionBuilder().withType("Ready").withStatus("True").withLastTransitionTime(now)
                .build();
        pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running")
                .withConditions(ready)
                .withContainerStatuses(new ContainerStatusBuilder().withName("kserve-container").withReady(true)
                        .withImage("img:1").withImageID("").withRestartCount(0)
                        .withState(new ContainerStateBuilder().withNewRunning().withStartedAt(now).endRunning().build())
                        .build())
                .build());
        return client.pods().inNamespace(namespace).resource(pod).updateStatus();
    }
}
