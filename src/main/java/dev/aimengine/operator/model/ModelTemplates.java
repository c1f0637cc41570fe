package dev.aimengine.operator.model;

import dev.aimengine.operator.api.v1alpha1.AIMClusterServiceTemplate;
import dev.aimengine.operator.api.v1alpha1.AIMCpuRequirements;
import dev.aimengine.operator.api.v1alpha1.AIMGpuRequirements;
import dev.aimengine.operator.api.v1alpha1.AIMHardwareRequirements;
import dev.aimengine.operator.api.v1alpha1.AIMModelSpec;
import dev.aimengine.operator.api.v1alpha1.AIMProfileType;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplate;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplateSpec;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplateSpecCommon;
import dev.aimengine.operator.api.v1alpha1.ImageMetadata;
import dev.aimengine.operator.common.naming.AimNames;
import dev.aimengine.operator.common.kube.EnvVars;
import dev.aimengine.operator.common.labels.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the templates a model creates: one per recommended deployment of an image model, one per
 * custom template, or the single auto custom template of a custom model without custom templates. Namespaced
 * models create AIMServiceTemplates in their namespace, cluster models AIMClusterServiceTemplates.
 */
final class ModelTemplates {

    /** A model's identity as far as its templates care. */
    record Owner(String name, String namespace, AIMModelSpec spec) {
        boolean cluster() {
            return namespace == null;
        }
    }

    static HasMetadata fromRecommendedDeployment(Owner model, ImageMetadata.RecommendedDeployment d) {
        AIMServiceTemplateSpecCommon spec = base(model);
        spec.metric = blankToNull(d.metric);
        spec.precision = blankToNull(d.precision);
        spec.profileId = blankToNull(d.profileId);
        if (d.gpuModel != null && !d.gpuModel.isEmpty() && d.gpuCount != null && d.gpuCount > 0) {
            spec.hardware = new AIMHardwareRequirements(new AIMGpuRequirements(d.gpuCount, d.gpuModel), null);
        }
        return template(model, AimNames.templateFromRecommendedDeployment(model.name(), model.spec().image, d), spec,
                null);
    }

    static HasMetadata fromCustomTemplate(Owner model, int index, AIMModelSpec.CustomTemplate t) {
        AIMServiceTemplateSpecCommon spec = base(model);
        spec.modelSources = model.spec().modelSources;
        spec.type = effectiveType(model.spec(), t.type);
        if (!model.cluster()) {
            spec.env = emptyToNull(EnvVars.mergeReplacing(model.spec().env, t.env));
        }
        hardware(spec, mergeHardware(defaultHardware(model.spec()), t.hardware));
        if (t.profile != null) {
            spec.metric = blankToNull(t.profile.metric);
            spec.precision = blankToNull(t.profile.precision);
        }
        return template(model, AimNames.customTemplate(model.name(), index, t), spec, blankToNull(t.name));
    }

    static HasMetadata autoCustomTemplate(Owner model) {
        AIMServiceTemplateSpecCommon spec = base(model);
        spec.modelSources = model.spec().modelSources;
        spec.type = effectiveType(model.spec(), null);
        if (!model.cluster()) {
            spec.env = emptyToNull(model.spec().env);
        }
        hardware(spec, defaultHardware(model.spec()));
        return template(model, AimNames.autoCustomTemplate(model.name()), spec, null);
    }

    private static AIMServiceTemplateSpecCommon base(Owner model) {
        AIMServiceTemplateSpecCommon spec = model.cluster() ? new AIMServiceTemplateSpecCommon()
                : new AIMServiceTemplateSpec();
        spec.modelName = model.name();
        spec.imagePullSecrets = model.spec().imagePullSecrets;
        spec.serviceAccountName = model.spec().serviceAccountName;
        return spec;
    }

    private static HasMetadata template(Owner model, String name, AIMServiceTemplateSpecCommon spec, String alias) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.MODEL, model.name());
        labels.put(Labels.ORIGIN, Labels.ORIGIN_AUTO_GENERATED);
        if (alias != null) {
            labels.put(Labels.TEMPLATE_ALIAS, alias);
        }
        var meta = new ObjectMetaBuilder().withName(name).withNamespace(model.namespace()).withLabels(labels).build();
        if (model.cluster()) {
            AIMClusterServiceTemplate t = new AIMClusterServiceTemplate();
            t.setMetadata(meta);
            t.setSpec(spec);
            return t;
        }
        AIMServiceTemplate t = new AIMServiceTemplate();
        t.setMetadata(meta);
        t.setSpec((AIMServiceTemplateSpec) spec);
        return t;
    }

    /** CPU templates also request the CPU on the container (requests.cpu, limits.cpu). */
    private static void hardware(AIMServiceTemplateSpecCommon spec, AIMHardwareRequirements hw) {
        spec.hardware = hw;
        if (hw != null && hw.cpu != null && hw.cpu.requests != null) {
            ResourceRequirements r = new ResourceRequirements();
            r.setRequests(new LinkedHashMap<>(Map.of("cpu", hw.cpu.requests)));
            if (hw.cpu.limits != null) {
                r.setLimits(new LinkedHashMap<>(Map.of("cpu", hw.cpu.limits)));
            }
            spec.resources = r;
        }
    }

    private static AIMHardwareRequirements defaultHardware(AIMModelSpec spec) {
        return spec.custom == null ? null : spec.custom.hardware;
    }

    /** The template's non-zero GPU fields and set CPU fields override the model's custom.hardware. */
    static AIMHardwareRequirements mergeHardware(AIMHardwareRequirements defaults, AIMHardwareRequirements override) {
        if (defaults == null) {
            return override;
        }
        if (override == null) {
            return defaults;
        }
        AIMGpuRequirements gpu = defaults.gpu;
        if (override.gpu != null) {
            if (gpu == null) {
                gpu = override.gpu;
            } else {
                AIMGpuRequirements g = new AIMGpuRequirements(gpu.requests, gpu.model);
                g.minVram = gpu.minVram;
                g.resourceName = gpu.resourceName;
                if (override.gpu.requestsOrZero() != 0) {
                    g.requests = override.gpu.requests;
                }
                if (override.gpu.model != null && !override.gpu.model.isEmpty()) {
                    g.model = override.gpu.model;
                }
                if (override.gpu.resourceName != null && !override.gpu.resourceName.isEmpty()) {
                    g.resourceName = override.gpu.resourceName;
                }
                gpu = g;
            }
        }
        AIMCpuRequirements cpu = defaults.cpu;
        if (override.cpu != null) {
            cpu = cpu == null ? override.cpu
                    : new AIMCpuRequirements(nonZero(override.cpu.requests, cpu.requests),
                            nonZero(override.cpu.limits, cpu.limits));
        }
        return new AIMHardwareRequirements(gpu, cpu);
    }

    private static Quantity nonZero(Quantity preferred, Quantity fallback) {
        return preferred != null && preferred.getNumericalAmount().signum() != 0 ? preferred : fallback;
    }

    /** Template type, else the model's custom.type, else unoptimized. */
    private static String effectiveType(AIMModelSpec spec, String templateType) {
        if (templateType != null && !templateType.isEmpty()) {
            return templateType;
        }
        if (spec.custom != null && spec.custom.type != null && !spec.custom.type.isEmpty()) {
            return spec.custom.type;
        }
        return AIMProfileType.unoptimized.name();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static <T> List<T> emptyToNull(List<T> list) {
        return list == null || list.isEmpty() ? null : new ArrayList<>(list);
    }

    private ModelTemplates() {
    }
}
