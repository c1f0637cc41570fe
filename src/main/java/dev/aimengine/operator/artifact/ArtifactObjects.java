package dev.aimengine.operator.artifact;

import dev.aimengine.operator.api.v1alpha1.AIMApi;
import dev.aimengine.operator.api.v1alpha1.AIMArtifact;
import dev.aimengine.operator.api.v1alpha1.AIMArtifactSpec;
import dev.aimengine.operator.common.naming.AimNames;
import dev.aimengine.operator.common.kube.EnvVars;
import dev.aimengine.operator.common.labels.Labels;
import dev.aimengine.operator.common.naming.Naming;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes objects an AIMArtifact needs: its PVC, the check-size Job, the
 * download Job, and the per-namespace RoleBinding that lets download pods patch the artifact's status.
 * <p>
 * Builders only: owner references, controller labels and propagated labels are added by the caller.
 */
public final class ArtifactObjects {

    /** Name of the per-namespace RoleBinding and of the ClusterRole it binds. */
    public static final String STATUS_UPDATER = "aim-engine-artifact-status-updater";
    /** The service account download pods run as, in the artifact's namespace. */
    public static final String DOWNLOAD_SERVICE_ACCOUNT = "default";

    public static final String CHECK_SIZE_CONTAINER = "check-size";
    public static final String DOWNLOAD_CONTAINER = "model-download";
    public static final String CACHE_VOLUME = "cache";
    public static final String MOUNT_PATH = "/cache";
    public static final String CHECK_SIZE_COMMAND = "/check-size.sh";

    public static final String CACHE_TYPE_ARTIFACT = "artifact";
    public static final String CACHE_TYPE_TEMPLATE_CACHE = "template-cache";
    public static final String COMPONENT_DOWNLOAD = "download";
    public static final String COMPONENT_CHECK_SIZE = "check-size";

    public static final int BACKOFF_LIMIT = 2;
    public static final int CHECK_SIZE_TTL_SECONDS = 300;
    public static final int DOWNLOAD_TTL_SECONDS = 600;
    public static final String STALL_TIMEOUT_SECONDS = "120";
    public static final long RUN_AS = 1000L;

    private static final String READ_WRITE_MANY = "ReadWriteMany";
    private static final String RBAC_GROUP = "rbac.authorization.k8s.io";

    private ArtifactObjects() {
    }

    /**
     * The artifact's PVC, named {@link AimNames#artifactPvc}: {@code accessModes [ReadWriteMany]}, requests
     * {@link ArtifactSizes#pvcQuantity(long, int)} of storage and uses {@code storageClass} (omitted when
     * {@code null} or empty: the cluster default). Labels: {@code aim.eai.amd.com/cache.name: <artifact>};
     * {@code aim.eai.amd.com/cache.type: template-cache} only when the artifact is labelled
     * {@code template-created: "true"}; {@code aim.eai.amd.com/source-model}: the sanitized sourceUri without its
     * scheme (an empty value when nothing survives sanitizing; no label without a sourceUri).
     *
     * @param sizeBytes the effective model size ({@link ArtifactSizes#effectiveSize})
     * @param storageClass {@code spec.storageClassName}, else the runtime config's default, else {@code null}
     */
    public static PersistentVolumeClaim pvc(AIMArtifact a, long sizeBytes, int headroomPercent,
            String storageClass) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.CACHE_NAME, name(a));
        if ("true".equals(label(a, Labels.TEMPLATE_CREATED))) {
            labels.put(Labels.CACHE_TYPE, CACHE_TYPE_TEMPLATE_CACHE);
        }
        String model = modelOf(spec(a).sourceUri);
        if (!model.isEmpty()) {
            labels.put(Labels.SOURCE_MODEL, sanitizedOrEmpty(model));
        }
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                    .withName(AimNames.artifactPvc(name(a), uid(a)))
                    .withNamespace(a.getMetadata().getNamespace())
                    .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                    .withAccessModes(READ_WRITE_MANY)
                    .withNewResources()
                        .addToRequests("storage", ArtifactSizes.pvcQuantity(sizeBytes, headroomPercent))
                    .endResources()
                    .withStorageClassName(storageClass == null || storageClass.isEmpty() ? null : storageClass)
                .endSpec()
                .build();
    }

    /**
     * The check-size Job, named {@link AimNames#checkSizeJob}: backoffLimit 2, TTL 300 s; pod restartPolicy
     * Never, runs as user/group 1000 and non-root, the artifact's image pull secrets; one container
     * {@code check-size} running {@code /check-size.sh <sourceUri>} from the download image
     * ({@code imagePullPolicy: IfNotPresent}) with the runtime config env overlaid by the artifact env (by name;
     * no env when both are empty). Job and pod are labelled {@code cache.name}, {@code cache.type: artifact},
     * {@code component: check-size}.
     */
    public static Job checkSizeJob(AIMArtifact a, List<EnvVar> runtimeConfigEnv) {
        List<EnvVar> env = EnvVars.mergeReplacing(runtimeConfigEnv, spec(a).env);
        Map<String, String> labels = jobLabels(a, COMPONENT_CHECK_SIZE);
        return new JobBuilder()
                .withNewMetadata()
                    .withName(AimNames.checkSizeJob(name(a), uid(a)))
                    .withNamespace(a.getMetadata().getNamespace())
                    .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                    .withBackoffLimit(BACKOFF_LIMIT)
                    .withTtlSecondsAfterFinished(CHECK_SIZE_TTL_SECONDS)
                    .withNewTemplate()
                        .withNewMetadata().withLabels(new LinkedHashMap<>(labels)).endMetadata()
                        .withNewSpec()
                            .withRestartPolicy("Never")
                            .withNewSecurityContext()
                                .withRunAsUser(RUN_AS)
                                .withRunAsGroup(RUN_AS)
                                .withRunAsNonRoot(true)
                            .endSecurityContext()
                            .withImagePullSecrets(pullSecrets(a))
                            .addNewContainer()
                                .withName(CHECK_SIZE_CONTAINER)
                                .withImage(image(a))
                                .withImagePullPolicy("IfNotPresent")
                                .withCommand(CHECK_SIZE_COMMAND)
                                .withArgs(spec(a).sourceUri)
                                .withEnv(env.isEmpty() ? null : env)
                            .endContainer()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    /**
     * The download Job, named {@link AimNames#downloadJob}: backoffLimit 2, TTL 600 s; pod restartPolicy Never,
     * service account {@code default}, pod security context user/group/fsGroup 1000 and non-root, the artifact's
     * image pull secrets, volume {@code cache} on {@code pvcName}; one container {@code model-download} running the
     * download image ({@code imagePullPolicy: IfNotPresent}, user/group 1000) with {@code args [sourceUri]} and
     * {@code cache} mounted at {@code /cache}. Job and pod are labelled {@code cache.name},
     * {@code cache.type: artifact}, {@code component: download}.
     * <p>
     * Env, later layers replacing earlier ones by name: the defaults {@code AIM_DOWNLOADER_PROTOCOL=XET,HF_TRANSFER},
     * {@code TMPDIR=/tmp/}, {@code HF_HOME=/tmp/.hf}, {@code EXPECTED_SIZE_BYTES}, {@code MOUNT_PATH=/cache},
     * {@code ARTIFACT_NAME}, {@code ARTIFACT_NAMESPACE}, {@code STALL_TIMEOUT=120}, {@code TARGET_DIR=/cache};
     * then the runtime config env; then the artifact env.
     */
    public static Job downloadJob(AIMArtifact a, String pvcName, long expectedSizeBytes,
            List<EnvVar> runtimeConfigEnv) {
        List<EnvVar> env = EnvVars.mergeReplacing(
                EnvVars.mergeReplacing(downloadDefaults(a, expectedSizeBytes), runtimeConfigEnv), spec(a).env);
        Map<String, String> labels = jobLabels(a, COMPONENT_DOWNLOAD);
        return new JobBuilder()
                .withNewMetadata()
                    .withName(AimNames.downloadJob(name(a), uid(a)))
                    .withNamespace(a.getMetadata().getNamespace())
                    .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                    .withBackoffLimit(BACKOFF_LIMIT)
                    .withTtlSecondsAfterFinished(DOWNLOAD_TTL_SECONDS)
                    .withNewTemplate()
                        .withNewMetadata().withLabels(new LinkedHashMap<>(labels)).endMetadata()
                        .withNewSpec()
                            .withRestartPolicy("Never")
                            .withServiceAccountName(DOWNLOAD_SERVICE_ACCOUNT)
                            .withNewSecurityContext()
                                .withRunAsUser(RUN_AS)
                                .withRunAsGroup(RUN_AS)
                                .withFsGroup(RUN_AS)
                                .withRunAsNonRoot(true)
                            .endSecurityContext()
                            .withImagePullSecrets(pullSecrets(a))
                            .addNewVolume()
                                .withName(CACHE_VOLUME)
                                .withNewPersistentVolumeClaim().withClaimName(pvcName).endPersistentVolumeClaim()
                            .endVolume()
                            .addNewContainer()
                                .withName(DOWNLOAD_CONTAINER)
                                .withImage(image(a))
                                .withImagePullPolicy("IfNotPresent")
                                .withNewSecurityContext()
                                    .withRunAsUser(RUN_AS)
                                    .withRunAsGroup(RUN_AS)
                                .endSecurityContext()
                                .withArgs(spec(a).sourceUri)
                                .withEnv(env)
                                .addNewVolumeMount().withName(CACHE_VOLUME).withMountPath(MOUNT_PATH).endVolumeMount()
                            .endContainer()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    /**
     * The RoleBinding {@value #STATUS_UPDATER} of a namespace: binds the ServiceAccount {@code default} of that
     * namespace to the ClusterRole {@value #STATUS_UPDATER}. Created once per namespace, without an owner.
     */
    public static RoleBinding statusUpdaterRoleBinding(String namespace) {
        return new RoleBindingBuilder()
                .withNewMetadata().withName(STATUS_UPDATER).withNamespace(namespace).endMetadata()
                .addNewSubject()
                    .withKind("ServiceAccount")
                    .withName(DOWNLOAD_SERVICE_ACCOUNT)
                    .withNamespace(namespace)
                .endSubject()
                .withNewRoleRef().withApiGroup(RBAC_GROUP).withKind("ClusterRole").withName(STATUS_UPDATER).endRoleRef()
                .build();
    }

    /**
     * The ClusterRole {@value #STATUS_UPDATER} for the deploy manifests: {@code get, patch, update} on
     * {@code aimartifacts/status}. The operator must hold these permissions itself (or {@code bind} on this role)
     * to create the RoleBindings.
     */
    public static ClusterRole statusUpdaterClusterRole() {
        return new ClusterRoleBuilder()
                .withNewMetadata().withName(STATUS_UPDATER).endMetadata()
                .addNewRule()
                    .withApiGroups(AIMApi.GROUP)
                    .withResources("aimartifacts/status")
                    .withVerbs("get", "patch", "update")
                .endRule()
                .build();
    }

    /** The download image: {@code spec.modelDownloadImage}, else the default downloader image. */
    static String image(AIMArtifact a) {
        String image = spec(a).modelDownloadImage;
        return image == null || image.isEmpty() ? AIMArtifactSpec.DEFAULT_DOWNLOAD_IMAGE : image;
    }

    /** The part of a source URI after its {@code scheme://}; the URI itself when it has no scheme. */
    static String modelOf(String sourceUri) {
        if (sourceUri == null) {
            return "";
        }
        int at = sourceUri.indexOf("://");
        return at < 0 ? sourceUri : sourceUri.substring(at + 3);
    }

    private static List<EnvVar> downloadDefaults(AIMArtifact a, long expectedSizeBytes) {
        List<EnvVar> env = new ArrayList<>();
        env.add(EnvVars.of("AIM_DOWNLOADER_PROTOCOL", "XET,HF_TRANSFER"));
        env.add(EnvVars.of("TMPDIR", "/tmp/"));
        env.add(EnvVars.of("HF_HOME", "/tmp/.hf"));
        env.add(EnvVars.of("EXPECTED_SIZE_BYTES", Long.toString(expectedSizeBytes)));
        env.add(EnvVars.of("MOUNT_PATH", MOUNT_PATH));
        env.add(EnvVars.of("ARTIFACT_NAME", name(a)));
        env.add(EnvVars.of("ARTIFACT_NAMESPACE", a.getMetadata().getNamespace()));
        env.add(EnvVars.of("STALL_TIMEOUT", STALL_TIMEOUT_SECONDS));
        env.add(EnvVars.of("TARGET_DIR", MOUNT_PATH));
        return env;
    }

    private static Map<String, String> jobLabels(AIMArtifact a, String component) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.CACHE_NAME, name(a));
        labels.put(Labels.CACHE_TYPE, CACHE_TYPE_ARTIFACT);
        labels.put(Labels.AIM_COMPONENT, component);
        return labels;
    }

    private static List<LocalObjectReference> pullSecrets(AIMArtifact a) {
        List<LocalObjectReference> secrets = spec(a).imagePullSecrets;
        if (secrets == null || secrets.isEmpty()) {
            return null;
        }
        List<LocalObjectReference> copies = new ArrayList<>(secrets.size());
        secrets.forEach(s -> copies.add(new LocalObjectReference(s.getName())));
        return copies;
    }

    private static String sanitizedOrEmpty(String value) {
        try {
            return Naming.sanitizeLabelValue(value);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static AIMArtifactSpec spec(AIMArtifact a) {
        return a.getSpec() == null ? new AIMArtifactSpec() : a.getSpec();
    }

    private static String label(AIMArtifact a, String key) {
        Map<String, String> labels = a.getMetadata().getLabels();
        return labels == null ? null : labels.get(key);
    }

    private static String name(AIMArtifact a) {
        return a.getMetadata().getName();
    }

    private static String uid(AIMArtifact a) {
        return a.getMetadata().getUid();
    }

    /** Storage request of a PVC, or {@code null}. */
    static Quantity storageRequest(PersistentVolumeClaim pvc) {
        if (pvc == null || pvc.getSpec() == null || pvc.getSpec().getResources() == null
                || pvc.getSpec().getResources().getRequests() == null) {
            return null;
        }
        return pvc.getSpec().getResources().getRequests().get("storage");
    }
}
