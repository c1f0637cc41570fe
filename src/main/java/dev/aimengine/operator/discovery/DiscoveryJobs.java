package dev.aimengine.operator.discovery;

import dev.aimengine.operator.api.v1alpha1.AIMGpuRequirements;
import dev.aimengine.operator.api.v1alpha1.AIMModelSpec;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplateSpecCommon;
import dev.aimengine.operator.common.kube.EnvVars;
import dev.aimengine.operator.common.labels.Labels;
import dev.aimengine.operator.common.naming.AimNames;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The discovery Job of a template: the model's image run once with {@code dry-run --format=json}, which prints the
 * profile the image would serve for the template's GPU, metric and precision, and where its weights come from. It
 * runs in the template's namespace (a cluster template's in the operator's), as the model's service account with the
 * model's pull secrets, non-root and without capabilities; it is not retried ({@code backoffLimit: 0}) and is
 * removed a minute after it finishes.
 */
public final class DiscoveryJobs {
    public static final String CONTAINER = "discovery";
    public static final String APP_NAME = "aim-discovery";
    public static final String COMPONENT = "discovery";
    /** What AIM Engine's discovery Jobs are labelled with; counted to keep discovery within its concurrency limit. */
    public static final String MANAGED_BY = "aim-controller";
    public static final String SELECTOR = Labels.NAME + "=" + APP_NAME + "," + Labels.COMPONENT + "=" + COMPONENT;
    static final int TTL_SECONDS = 60;
    static final long RUN_AS_USER = 65532L;

    /**
     * @param templateName the template's name
     * @param namespace    where the Job runs
     * @param spec         the template's spec
     * @param namespacedEnv the namespaced template's {@code spec.env} (cluster templates pass none)
     * @param model        the model's spec (image, service account, pull secrets)
     */
    public static Job build(String templateName, String namespace, AIMServiceTemplateSpecCommon spec,
            List<EnvVar> namespacedEnv, AIMModelSpec model) {
        String name = AimNames.discoveryJob(templateName, spec, model.image, model.serviceAccountName, namespacedEnv,
                model.imagePullSecrets);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.NAME, APP_NAME);
        labels.put(Labels.COMPONENT, COMPONENT);
        labels.put(Labels.MANAGED_BY, MANAGED_BY);
        labels.put(Labels.TEMPLATE, templateName);
        return new JobBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels).endMetadata()
                .withNewSpec()
                .withBackoffLimit(0)
                .withTtlSecondsAfterFinished(TTL_SECONDS)
                .withNewTemplate()
                .withNewMetadata().addToLabels(Labels.TEMPLATE, templateName).endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withImagePullSecrets(model.imagePullSecrets)
                .withServiceAccountName(model.serviceAccountName)
                .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(RUN_AS_USER)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
                .addNewContainer()
                .withName(CONTAINER)
                .withImage(model.image)
                .withArgs("dry-run", "--format=json")
                .withEnv(env(spec, namespacedEnv))
                .withNewSecurityContext().withAllowPrivilegeEscalation(false).withRunAsNonRoot(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /** Quiet logs, the template's env (namespaced templates), then what selects the profile. */
    static List<EnvVar> env(AIMServiceTemplateSpecCommon spec, List<EnvVar> namespacedEnv) {
        List<EnvVar> env = new ArrayList<>(List.of(EnvVars.of("AIM_LOG_LEVEL_ROOT", "CRITICAL"),
                EnvVars.of("AIM_LOG_LEVEL", "CRITICAL")));
        if (namespacedEnv != null) {
            env.addAll(namespacedEnv);
        }
        add(env, "AIM_METRIC", spec.metric);
        add(env, "AIM_PRECISION", spec.precision);
        AIMGpuRequirements gpu = spec.hardware == null ? null : spec.hardware.gpu;
        if (gpu != null) {
            add(env, "AIM_GPU_MODEL", gpu.model);
            if (gpu.requestsOrZero() > 0) {
                add(env, "AIM_GPU_COUNT", String.valueOf(gpu.requestsOrZero()));
            }
        }
        add(env, "AIM_PROFILE_ID", spec.profileId);
        return env;
    }

    /** Whether a Job has finished (Complete or Failed). */
    public static boolean finished(Job job) {
        return job.getStatus() != null && job.getStatus().getConditions() != null && job.getStatus().getConditions()
                .stream().anyMatch(c -> "True".equals(c.getStatus())
                        && ("Complete".equals(c.getType()) || "Failed".equals(c.getType())));
    }

    private static void add(List<EnvVar> env, String name, String value) {
        if (value != null && !value.isEmpty()) {
            env.add(EnvVars.of(name, value));
        }
    }

    private DiscoveryJobs() {
    }
}
