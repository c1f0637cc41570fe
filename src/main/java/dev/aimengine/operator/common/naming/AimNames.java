package dev.aimengine.operator.common.naming;

import dev.aimengine.operator.common.kube.EnvVars;
import dev.aimengine.operator.api.v1alpha1.AIMGpuRequirements;
import dev.aimengine.operator.api.v1alpha1.AIMModelSource;
import dev.aimengine.operator.api.v1alpha1.AIMModelSpec;
import dev.aimengine.operator.api.v1alpha1.AIMRuntimeParameters;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplateSpecCommon;
import dev.aimengine.operator.api.v1alpha1.ImageMetadata;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;

import java.util.ArrayList;
import java.util.List;

/**
 * The names of the objects the operator derives from other objects.
 * Each method implements one row of that table on top of {@link Naming#derivedName}.
 * <p>
 * Where the original uses a plain Go string or number, a {@code null} argument or field counts as its zero value
 * ({@code ""} or 0); where it uses a pointer, {@code null} means "absent".
 */
public final class AimNames {

    /** KServe appends {@code -predictor-} and the namespace to the InferenceService name in host names. */
    private static final int PREDICTOR_SUFFIX_LENGTH = "-predictor-".length();
    private static final int MIN_INFERENCE_SERVICE_NAME_LENGTH = 10;
    private static final String AWS_ENDPOINT_URL = "AWS_ENDPOINT_URL";
    private static final String DISCOVERY_JOB_PREFIX = "discover-";
    /**
     * 45, not AIM Engine's 46: the Job controller copies the Job's name into its pods' {@code job-name} label, and a
     * label value has at most 63 characters, so a 64-character Job name is rejected as soon as the Job is applied.
     */
    private static final int DISCOVERY_JOB_MAX_TEMPLATE_LENGTH = 45;

    private AimNames() {
    }

    /**
     * InferenceService: parts [serviceName], hash of the namespace (8), at most
     * {@code 63 − 11 − len(namespace)} characters so that {@code <name>-predictor-<namespace>} stays a DNS label.
     *
     * @throws IllegalArgumentException if the namespace leaves fewer than 10 characters for the name
     */
    public static String inferenceService(String serviceName, String namespace) {
        String ns = nz(namespace);
        int maxLen = Naming.MAX_NAME_LENGTH - PREDICTOR_SUFFIX_LENGTH - ns.length();
        if (maxLen < MIN_INFERENCE_SERVICE_NAME_LENGTH) {
            throw new IllegalArgumentException("namespace \"" + ns + "\" is too long (" + ns.length()
                    + " chars); InferenceService hostname would exceed 63 characters");
        }
        return Naming.derivedName(List.of(nz(serviceName)), List.of(ns), Naming.DEFAULT_HASH_LENGTH, maxLen);
    }

    /** HTTPRoute: parts [serviceName], hash of the namespace (8). */
    public static String httpRoute(String serviceName, String namespace) {
        return Naming.derivedName(List.of(nz(serviceName)), List.of(nz(namespace)));
    }

    /** AIMTemplateCache created by a service in Shared mode: parts [templateName], hash of the namespace (8). */
    public static String sharedTemplateCache(String templateName, String namespace) {
        return Naming.derivedName(List.of(nz(templateName)), List.of(nz(namespace)));
    }

    /**
     * AIMTemplateCache created by a service in Dedicated mode: parts [templateName, serviceName], hash of the
     * service UID (8), so a re-created service of the same name gets a new cache.
     */
    public static String dedicatedTemplateCache(String templateName, String serviceName, String serviceUid) {
        return Naming.derivedName(List.of(nz(templateName), nz(serviceName)), List.of(nz(serviceUid)));
    }

    /**
     * AIMModel for {@code AIMService.spec.model.image}: parts [image name, image tag] as parsed by
     * {@link ImageReference#parse} (a digest gives its first 6 hash characters, no tag gives {@code latest}),
     * hash of the image URI (8). The URI is trimmed first.
     *
     * @throws IllegalArgumentException if the image reference cannot be parsed (reason InvalidImageReference)
     */
    public static String modelFromImage(String image) {
        String uri = image == null ? "" : image.strip();
        ImageReference ref = ImageReference.parse(uri);
        return Naming.derivedName(List.of(ref.name(), ref.tag()), List.of(uri));
    }

    /**
     * AIMModel for {@code AIMService.spec.model.custom}: parts [modelSources[0].modelId], hash (8) of the base
     * image followed, for every source in order, by its modelId, its sourceUri and, when it is a non-empty
     * literal, the value of its first {@code AWS_ENDPOINT_URL} env entry. Without sources the parts are
     * [{@code custom-model}] and only the base image is hashed.
     */
    public static String customModel(String baseImage, List<AIMModelSource> sources) {
        if (sources == null || sources.isEmpty()) {
            return Naming.derivedName(List.of("custom-model"), List.of(nz(baseImage)));
        }
        List<Object> hashInputs = new ArrayList<>();
        hashInputs.add(nz(baseImage));
        for (AIMModelSource source : sources) {
            hashInputs.add(nz(source.modelId));
            hashInputs.add(nz(source.sourceUri));
            String endpoint = literalEnvValue(source.env, AWS_ENDPOINT_URL);
            if (!endpoint.isEmpty()) {
                hashInputs.add(endpoint);
            }
        }
        return Naming.derivedName(List.of(nz(sources.get(0).modelId)), hashInputs);
    }

    /**
     * AIMClusterModel created by an AIMClusterModelSource: parts [repository, tag], hash of registry, repository
     * and tag (6).
     */
    public static String clusterModelFromSource(String registry, String repository, String tag) {
        return Naming.derivedName(List.of(nz(repository), nz(tag)), List.of(nz(registry), nz(repository), nz(tag)), 6,
                Naming.MAX_NAME_LENGTH);
    }

    /**
     * Template for one recommended deployment of a model image: parts [model image (the full URI), suffix], hash
     * (4) of the single string {@code modelName-image[-gpuModel][-x{gpuCount}][-metric][-precision]}.
     * The suffix joins with {@code -}: {@code {count}x-{gpu}} (or just {@code {gpu}}, or {@code x{count}}), the
     * metric ({@code latency} → {@code lat}, {@code throughput} → {@code thr}, others as is) and the precision,
     * each only when present (count &gt; 0, strings non-empty).
     */
    public static String templateFromRecommendedDeployment(String modelName, String modelImage,
            ImageMetadata.RecommendedDeployment d) {
        String gpu = nz(d.gpuModel);
        int count = d.gpuCount == null ? 0 : d.gpuCount;
        String metric = nz(d.metric);
        String precision = nz(d.precision);

        List<String> suffix = new ArrayList<>();
        if (count > 0 && !gpu.isEmpty()) {
            suffix.add(count + "x-" + gpu);
        } else if (!gpu.isEmpty()) {
            suffix.add(gpu);
        } else if (count > 0) {
            suffix.add("x" + count);
        }
        if (!metric.isEmpty()) {
            suffix.add(metricShorthand(metric));
        }
        if (!precision.isEmpty()) {
            suffix.add(precision);
        }

        StringBuilder hashInput = new StringBuilder(nz(modelName)).append('-').append(nz(modelImage));
        if (!gpu.isEmpty()) {
            hashInput.append('-').append(gpu);
        }
        if (count > 0) {
            hashInput.append("-x").append(count);
        }
        if (!metric.isEmpty()) {
            hashInput.append('-').append(metric);
        }
        if (!precision.isEmpty()) {
            hashInput.append('-').append(precision);
        }
        return Naming.derivedName(List.of(nz(modelImage), String.join("-", suffix)),
                List.of(hashInput.toString()), 4, Naming.MAX_NAME_LENGTH);
    }

    /**
     * Template for entry {@code index} of a custom model's {@code customTemplates}: parts [modelName, {@code custom},
     * name?, profile.precision?, hardware.gpu.model?] (only non-empty ones), hash (8) of modelName, index (a JSON
     * number), then, for a non-null entry: name; precision and metric when a profile is set; gpu.requests (a JSON
     * number) and gpu.model when a GPU requirement is set. A {@code null} entry hashes only modelName and index.
     */
    public static String customTemplate(String modelName, int index, AIMModelSpec.CustomTemplate t) {
        List<String> parts = new ArrayList<>(List.of(nz(modelName), "custom"));
        List<Object> hashInputs = new ArrayList<>(List.of(nz(modelName), index));
        if (t != null) {
            AIMGpuRequirements gpu = t.hardware == null ? null : t.hardware.gpu;
            addIfNotEmpty(parts, t.name);
            if (t.profile != null) {
                addIfNotEmpty(parts, t.profile.precision);
            }
            if (gpu != null) {
                addIfNotEmpty(parts, gpu.model);
            }
            hashInputs.add(nz(t.name));
            if (t.profile != null) {
                hashInputs.add(nz(t.profile.precision));
                hashInputs.add(nz(t.profile.metric));
            }
            if (gpu != null) {
                hashInputs.add(gpu.requestsOrZero());
                hashInputs.add(nz(gpu.model));
            }
        }
        return Naming.derivedName(parts, hashInputs);
    }

    /**
     * The single template of a custom model without {@code customTemplates}: parts [modelName, {@code custom}],
     * hash (8) of modelName and 0.
     */
    public static String autoCustomTemplate(String modelName) {
        return customTemplate(modelName, 0, null);
    }

    /**
     * Derived ("override") template of an AIMService with {@code spec.overrides}: parts [baseTemplate, {@code ovr},
     * gpu model (lowercased)?, {@code {n}gpu}?, precision?, metric?], hash (4) of the pairs
     * {@code "gpu", model, "count", n, "precision", p, "metric", m} (n a JSON number, the model as given), each
     * only when present: a non-empty GPU model, a GPU count &gt; 0, a set (even empty) precision or metric.
     *
     * @return the base template name itself when the overrides contribute no part (no derived template)
     */
    public static String derivedTemplate(String baseTemplate, AIMRuntimeParameters overrides) {
        if (overrides == null) {
            return baseTemplate;
        }
        List<String> parts = new ArrayList<>();
        List<Object> hashInputs = new ArrayList<>();
        AIMGpuRequirements gpu = overrides.hardware == null ? null : overrides.hardware.gpu;
        if (gpu != null && gpu.model != null && !gpu.model.isEmpty()) {
            parts.add(gpu.model); // lowercased by Naming.rfc1123, like every part
            hashInputs.addAll(List.of("gpu", gpu.model));
        }
        if (gpu != null && gpu.requestsOrZero() > 0) {
            parts.add(gpu.requestsOrZero() + "gpu");
            hashInputs.addAll(List.of("count", gpu.requestsOrZero()));
        }
        if (overrides.precision != null) {
            parts.add(overrides.precision);
            hashInputs.addAll(List.of("precision", overrides.precision));
        }
        if (overrides.metric != null) {
            parts.add(overrides.metric);
            hashInputs.addAll(List.of("metric", overrides.metric));
        }
        if (parts.isEmpty()) {
            return baseTemplate;
        }
        List<String> allParts = new ArrayList<>(List.of(nz(baseTemplate), "ovr"));
        allParts.addAll(parts);
        return Naming.derivedName(allParts, hashInputs, 4, Naming.MAX_NAME_LENGTH);
    }

    /**
     * AIMArtifact created by a template cache for one model source: parts [sourceUri with every {@code .} replaced
     * by {@code -}], hash (10) of sourceUri, the merged env (cache env overlaid by source env; encoded as a JSON
     * list of EnvVars, or {@code null} when empty), the cache's storageClassName, and for Dedicated caches also
     * {@code "dedicated"} and the cache name.
     */
    public static String artifact(String sourceUri, List<EnvVar> mergedEnv, String storageClassName,
            boolean dedicated, String cacheName) {
        String uri = nz(sourceUri);
        List<Object> hashInputs = new ArrayList<>();
        hashInputs.add(uri);
        hashInputs.add(mergedEnv == null || mergedEnv.isEmpty() ? null : mergedEnv);
        hashInputs.add(nz(storageClassName));
        if (dedicated) {
            hashInputs.add("dedicated");
            hashInputs.add(nz(cacheName));
        }
        return Naming.derivedName(List.of(uri.replace('.', '-')), hashInputs, 10, Naming.MAX_NAME_LENGTH);
    }

    /** PVC of an artifact: parts [artifactName, {@code cache}], hash of the artifact UID (8). */
    public static String artifactPvc(String artifactName, String artifactUid) {
        return Naming.derivedName(List.of(nz(artifactName), "cache"), List.of(nz(artifactUid)));
    }

    /** Download Job of an artifact: parts [artifactName, {@code download}], hash of the artifact UID (8). */
    public static String downloadJob(String artifactName, String artifactUid) {
        return Naming.derivedName(List.of(nz(artifactName), "download"), List.of(nz(artifactUid)));
    }

    /** Check-size Job of an artifact: parts [artifactName, {@code check-size}], hash of the artifact UID (8). */
    public static String checkSizeJob(String artifactName, String artifactUid) {
        return Naming.derivedName(List.of(nz(artifactName), "check-size"), List.of(nz(artifactUid)));
    }

    /**
     * Discovery Job of a template: {@code discover-<templateName cut to 45 characters>-<8 hex>} (at most 63 characters), where the hex is
     * the first 4 bytes of the SHA-256 over the plain concatenation of the template's modelName, the image, the
     * service account, each env entry's name and literal value, each pull secret name, the metric and precision
     * (when set), the GPU model and request count (when a GPU requirement is set) and the profileId. The template
     * name is not otherwise sanitized.
     *
     * @param spec the template spec (modelName, metric, precision, hardware.gpu, profileId are read)
     * @param image the model's image
     * @param serviceAccount the model's service account name
     * @param env the namespaced template's {@code spec.env}; {@code null} for cluster templates
     * @param imagePullSecrets the model's image pull secrets
     */
    public static String discoveryJob(String templateName, AIMServiceTemplateSpecCommon spec, String image,
            String serviceAccount, List<EnvVar> env, List<LocalObjectReference> imagePullSecrets) {
        StringBuilder in = new StringBuilder(nz(spec.modelName)).append(nz(image)).append(nz(serviceAccount));
        if (env != null) {
            for (EnvVar e : env) {
                in.append(nz(e.getName())).append(nz(e.getValue()));
            }
        }
        if (imagePullSecrets != null) {
            for (LocalObjectReference s : imagePullSecrets) {
                in.append(nz(s.getName()));
            }
        }
        appendProfileInputs(in, spec);
        String hex = Naming.hex(Naming.sha256(in.toString()), 4);
        String template = nz(templateName);
        template = template.length() > DISCOVERY_JOB_MAX_TEMPLATE_LENGTH
                ? template.substring(0, DISCOVERY_JOB_MAX_TEMPLATE_LENGTH) : template;
        return DISCOVERY_JOB_PREFIX + template + "-" + hex;
    }

    /**
     * The discovery circuit breaker's {@code status.discovery.specHash}: the first 8 bytes (16 hex characters) of
     * the SHA-256 over the plain concatenation of the template's modelName, the model image, the metric and
     * precision (when set), the GPU model and request count (when a GPU requirement is set) and the profileId.
     */
    public static String discoverySpecHash(AIMServiceTemplateSpecCommon spec, String image) {
        StringBuilder in = new StringBuilder(nz(spec.modelName)).append(nz(image));
        appendProfileInputs(in, spec);
        return Naming.hex(Naming.sha256(in.toString()), 8);
    }

    private static void appendProfileInputs(StringBuilder in, AIMServiceTemplateSpecCommon spec) {
        if (spec.metric != null) {
            in.append(spec.metric);
        }
        if (spec.precision != null) {
            in.append(spec.precision);
        }
        AIMGpuRequirements gpu = spec.hardware == null ? null : spec.hardware.gpu;
        if (gpu != null) {
            in.append(nz(gpu.model)).append(gpu.requestsOrZero());
        }
        in.append(nz(spec.profileId));
    }

    private static String metricShorthand(String metric) {
        return switch (metric) {
            case "latency" -> "lat";
            case "throughput" -> "thr";
            default -> metric;
        };
    }

    /** The literal value of the first env entry called {@code name}; "" when missing or set via valueFrom. */
    private static String literalEnvValue(List<EnvVar> env, String name) {
        if (env != null) {
            for (EnvVar e : env) {
                if (name.equals(e.getName())) {
                    return nz(e.getValue());
                }
            }
        }
        return "";
    }

    private static void addIfNotEmpty(List<String> parts, String value) {
        if (value != null && !value.isEmpty()) {
            parts.add(value);
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
