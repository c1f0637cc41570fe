package dev.aimengine.operator.testing.standin;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for a dynamic volume provisioner: for a PersistentVolumeClaim it creates a hostPath PersistentVolume
 * named {@code pvc-<claim uid>} with exactly the requested capacity, the claim's access modes and storage class, and
 * a {@code claimRef} to the claim. kube-controller-manager's PV controller then binds the two, and the claim becomes
 * {@code Bound} as with a real provisioner. Nothing is written to the host path.
 */
public final class StandInProvisioner implements AutoCloseable {
    public static final String PROVISIONER_NAME = "standin.aimengine.dev/hostpath";

    private final KubernetesClient client;
    private final List<SharedIndexInformer<PersistentVolumeClaim>> informers = new CopyOnWriteArrayList<>();

    public StandInProvisioner(KubernetesClient client) {
        this.client = client;
    }

    /** Provisions a volume for the claim (idempotent). */
    public PersistentVolume provision(PersistentVolumeClaim pvc) {
        PersistentVolumeClaim live = client.persistentVolumeClaims().inNamespace(pvc.getMetadata().getNamespace())
                .withName(pvc.getMetadata().getName()).get();
        if (live == null) {
            throw new IllegalArgumentException("no claim " + pvc.getMetadata().getName() + " to provision for");
        }
        PersistentVolumeClaim claim = live;
        Quantity size = claim.getSpec().getResources().getRequests().get("storage");
        return client.persistentVolumes().resource(new PersistentVolumeBuilder()
                .withNewMetadata().withName("pvc-" + claim.getMetadata().getUid())
                    .addToAnnotations("pv.kubernetes.io/provisioned-by", PROVISIONER_NAME)
                .endMetadata()
                .withNewSpec()
                    .withCapacity(Map.of("storage", size))
                    .withAccessModes(claim.getSpec().getAccessModes())
                    .withStorageClassName(claim.getSpec().getStorageClassName())
                    .withPersistentVolumeReclaimPolicy("Delete")
                    .withVolumeMode(claim.getSpec().getVolumeMode())
                    .withNewHostPath().withPath("/tmp/standin-volumes/" + claim.getMetadata().getUid()).endHostPath()
                    .withNewClaimRef().withApiVersion("v1").withKind("PersistentVolumeClaim")
                        .withNamespace(claim.getMetadata().getNamespace()).withName(claim.getMetadata().getName())
                        .withUid(claim.getMetadata().getUid())
                    .endClaimRef()
                .endSpec().build()).createOr(NonDeletingOperation::update);
    }

    /** Provisions a volume for every claim of the namespace that waits for one, now and later, until closed. */
    public void provisionAll(String namespace) {
        informers.add(client.persistentVolumeClaims().inNamespace(namespace).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(PersistentVolumeClaim pvc) {
                consider(pvc);
            }

            @Override
            public void onUpdate(PersistentVolumeClaim before, PersistentVolumeClaim pvc) {
                consider(pvc);
            }

            @Override
            public void onDelete(PersistentVolumeClaim pvc, boolean unknownState) {
            }

            private void consider(PersistentVolumeClaim pvc) {
                boolean waiting = pvc.getSpec().getVolumeName() == null || pvc.getSpec().getVolumeName().isEmpty();
                if (waiting && pvc.getMetadata().getDeletionTimestamp() == null) {
                    provision(pvc);
                }
            }
        }, 0));
    }

    /** The volume bound to a claim, or null while there is none. */
    public PersistentVolume volumeOf(PersistentVolumeClaim pvc) {
        PersistentVolumeClaim live = client.persistentVolumeClaims().inNamespace(pvc.getMetadata().getNamespace())
                .withName(pvc.getMetadata().getName()).get();
        if (live == null || live.getSpec().getVolumeName() == null) {
            return null;
        }
        return client.persistentVolumes().withName(live.getSpec().getVolumeName()).get();
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
    }
}
