package dev.aimengine.operator.service.inference;

import dev.aimengine.operator.common.naming.Naming;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which model-cache volumes the predictor mounts. A running model is never unmounted by a cache change: once the
 * InferenceService exists, its volumes and mounts (other than the shared-memory one) are kept exactly as they are,
 * and a cache volume is added only when neither its volume name nor its mount path is taken yet. So a cache that is
 * deleted and recreated, or replaced by another artifact for the same model, leaves the workload alone.
 */
public final class CacheMounts {
    public static final String SHM_VOLUME = "dshm";
    public static final String SHM_MOUNT_PATH = "/dev/shm";
    public static final String SHM_SIZE = "8Gi";
    public static final String CACHE_BASE_PATH = "/workspace/cache";

    /**
     * One Ready artifact of the template cache, mounted into the inference container.
     *
     * @param artifactName the AIMArtifact name; the volume is named {@link #volumeName(String) after it}
     * @param claimName    the artifact's PVC
     * @param modelId      the model id of the artifact's source, e.g. {@code Qwen/Qwen2-0.5B}
     * @param mountPoint   an explicit mount path, {@code null} for {@code /workspace/cache/<modelId>}
     */
    public record CacheVolume(String artifactName, String claimName, String modelId, String mountPoint) {
    }

    /** The predictor's volumes and the container's mounts. */
    public record Storage(List<Volume> volumes, List<VolumeMount> mounts) {
    }

    /**
     * The shared-memory volume, then the live object's cache volumes and mounts (when it exists), then the cache
     * volumes not mounted yet.
     */
    public static Storage of(List<CacheVolume> caches, InferenceService live) {
        List<Volume> volumes = new ArrayList<>();
        List<VolumeMount> mounts = new ArrayList<>();
        volumes.add(new VolumeBuilder().withName(SHM_VOLUME).withNewEmptyDir().withMedium("Memory")
                .withNewSizeLimit(SHM_SIZE).endEmptyDir().build());
        mounts.add(new VolumeMountBuilder().withName(SHM_VOLUME).withMountPath(SHM_MOUNT_PATH).build());
        Set<String> names = new HashSet<>();
        Set<String> paths = new HashSet<>();
        InferenceService.Predictor predictor = live == null || live.getSpec() == null ? null : live.getSpec().predictor;
        if (predictor != null) {
            for (Volume v : predictor.volumes == null ? List.<Volume>of() : predictor.volumes) {
                if (!SHM_VOLUME.equals(v.getName())) {
                    volumes.add(new VolumeBuilder(v).build());
                    names.add(v.getName());
                }
            }
            Container container = liveContainer(predictor);
            for (VolumeMount m : container == null || container.getVolumeMounts() == null ? List.<VolumeMount>of()
                    : container.getVolumeMounts()) {
                if (!SHM_VOLUME.equals(m.getName())) {
                    mounts.add(new VolumeMountBuilder(m).build());
                    paths.add(m.getMountPath());
                }
            }
        }
        for (CacheVolume cache : caches) {
            String name = volumeName(cache.artifactName());
            String path = mountPath(cache);
            if (!names.contains(name) && !paths.contains(path)) {
                names.add(name);
                paths.add(path);
                volumes.add(new VolumeBuilder().withName(name).withNewPersistentVolumeClaim()
                        .withClaimName(cache.claimName() == null ? "" : cache.claimName()).endPersistentVolumeClaim()
                        .build());
                mounts.add(new VolumeMountBuilder().withName(name).withMountPath(path).build());
            }
        }
        return new Storage(volumes, mounts);
    }

    /** The volume name of an artifact: RFC 1123 compliant, with {@code .} replaced by {@code -}. */
    public static String volumeName(String artifactName) {
        return Naming.rfc1123(artifactName == null ? "" : artifactName).replace('.', '-');
    }

    /**
     * Where a cache volume is mounted: its {@code mountPoint} when given, else {@code /workspace/cache/<modelId>}
     * with every {@code ..} removed and empty or {@code .} segments dropped; the volume name stands in for a model
     * id that leaves nothing.
     */
    public static String mountPath(CacheVolume volume) {
        if (volume.mountPoint() != null && !volume.mountPoint().isEmpty()) {
            return volume.mountPoint();
        }
        String modelId = volume.modelId() == null ? "" : volume.modelId().replace("..", "");
        List<String> segments = new ArrayList<>();
        for (String segment : modelId.split("/")) {
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        String relative = segments.isEmpty() ? volumeName(volume.artifactName()) : String.join("/", segments);
        return CACHE_BASE_PATH + "/" + relative;
    }

    /** The live predictor's {@code kserve-container}, else its first container. */
    private static Container liveContainer(InferenceService.Predictor predictor) {
        List<Container> containers = predictor.containers == null ? List.of() : predictor.containers;
        return containers.stream().filter(c -> KServe.CONTAINER_NAME.equals(c.getName())).findFirst()
                .orElse(containers.isEmpty() ? null : containers.get(0));
    }

    private CacheMounts() {
    }
}
