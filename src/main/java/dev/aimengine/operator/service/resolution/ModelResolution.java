package dev.aimengine.operator.service.resolution;

import dev.aimengine.operator.api.v1alpha1.AIMClusterModel;
import dev.aimengine.operator.api.v1alpha1.AIMModel;
import dev.aimengine.operator.api.v1alpha1.AIMModelSource;
import dev.aimengine.operator.api.v1alpha1.AIMModelSpec;
import dev.aimengine.operator.api.v1alpha1.AIMResolvedReference;
import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.api.v1alpha1.AIMServiceSpec;
import dev.aimengine.operator.common.status.AIMStatus;
import dev.aimengine.operator.common.naming.AimNames;
import dev.aimengine.operator.common.status.Component;
import dev.aimengine.operator.common.status.ComponentError;
import dev.aimengine.operator.common.kube.EnvVars;
import dev.aimengine.operator.common.labels.Labels;
import dev.aimengine.operator.template.TemplateModel;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How an AIMService finds its model: by name (namespace, then cluster), by image (reuse a model with that
 * exact image or create one) or custom (reuse a model with the same base image and sources or create one). Pure.
 *
 * @param model     the model found, or null
 * @param toCreate  a model to create (unowned), or null
 * @param component the {@code Model} component
 */
public record ModelResolution(TemplateModel model, AIMModel toCreate, Component component) {
    static final String COMPONENT = "Model";

    public boolean isReady() {
        return component.effectiveState() == AIMStatus.Ready;
    }

    public static ModelResolution resolve(AIMService service, List<AIMModel> namespaceModels,
            List<AIMClusterModel> clusterModels) {
        AIMServiceSpec.ModelSelection sel = service.getSpec().model;
        if (sel == null) {
            return failed(ComponentError.invalidSpec("InvalidSpec", "spec.model is required"));
        }
        if (notBlank(sel.name)) {
            return byName(service, sel.name.trim(), namespaceModels, clusterModels);
        }
        if (notBlank(sel.image)) {
            return byImage(service, sel.image.trim(), namespaceModels, clusterModels);
        }
        if (sel.custom != null) {
            return custom(service, sel.custom, namespaceModels);
        }
        return failed(ComponentError.invalidSpec("InvalidSpec", "exactly one of name, image, or custom must be specified"));
    }

    private static ModelResolution byName(AIMService service, String name, List<AIMModel> ns, List<AIMClusterModel> cl) {
        for (AIMModel m : ns) {
            if (m.getMetadata().getName().equals(name)) {
                return found(TemplateModel.of(m));
            }
        }
        for (AIMClusterModel m : cl) {
            if (m.getMetadata().getName().equals(name)) {
                return found(TemplateModel.of(m));
            }
        }
        return failed(ComponentError.missingUpstream("ModelNotFound", "model \"" + name + "\" not found in namespace "
                + service.getMetadata().getNamespace() + " or cluster scope"));
    }

    private static ModelResolution byImage(AIMService service, String image, List<AIMModel> ns, List<AIMClusterModel> cl) {
        List<TemplateModel> matches = new ArrayList<>();
        ns.stream().filter(m -> m.getSpec() != null && image.equals(m.getSpec().image)).map(TemplateModel::of)
                .forEach(matches::add);
        cl.stream().filter(m -> m.getSpec() != null && image.equals(m.getSpec().image)).map(TemplateModel::of)
                .forEach(matches::add);
        if (matches.size() == 1) {
            return found(matches.get(0));
        }
        if (matches.size() > 1) {
            // Upstream retries this forever as an untyped error; it cannot fix itself, so say so and wait.
            List<String> names = matches.stream().map(m -> m.isCluster() ? m.name() + " (cluster)"
                    : m.resource().getMetadata().getNamespace() + "/" + m.name() + " (namespace)").toList();
            return failed(ComponentError.invalidSpec("MultipleModelsForImage", "multiple models found with the same image \""
                    + image + "\": " + String.join(", ", names) + "; use spec.model.name to pick one"));
        }
        String name;
        try {
            name = AimNames.modelFromImage(image);
        } catch (IllegalArgumentException e) {
            return failed(ComponentError.invalidSpec("InvalidImageReference", e.getMessage()));
        }
        AIMModel model = new AIMModel();
        model.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(service.getMetadata().getNamespace())
                .withLabels(Map.of(Labels.ORIGIN, Labels.ORIGIN_AUTO_GENERATED)).build());
        AIMModelSpec spec = new AIMModelSpec();
        spec.image = image;
        spec.runtimeConfigName = service.getSpec().runtimeConfigName;
        spec.imagePullSecrets = service.getSpec().imagePullSecrets;
        spec.serviceAccountName = service.getSpec().serviceAccountName;
        model.setSpec(spec);
        return new ModelResolution(null, model, Component.of(COMPONENT, AIMStatus.Pending, "CreatingModel",
                "Model will be created for image " + image).downstream());
    }

    private static ModelResolution custom(AIMService service, AIMServiceSpec.CustomModel custom, List<AIMModel> ns) {
        for (AIMModel m : ns) {
            if (m.getSpec() != null && Objects.equals(custom.baseImage, m.getSpec().image)
                    && sameSources(custom.modelSources, m.getSpec().modelSources)) {
                return found(TemplateModel.of(m));
            }
        }
        AIMModel model = new AIMModel();
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.ORIGIN, Labels.ORIGIN_AUTO_GENERATED);
        labels.put(Labels.CUSTOM_MODEL, "true");
        labels.put(Labels.SERVICE, service.getMetadata().getName());
        model.setMetadata(new ObjectMetaBuilder().withName(AimNames.customModel(custom.baseImage, custom.modelSources))
                .withNamespace(service.getMetadata().getNamespace()).withLabels(labels).build());
        AIMModelSpec spec = new AIMModelSpec();
        spec.image = custom.baseImage;
        spec.modelSources = custom.modelSources;
        spec.custom = new AIMModelSpec.CustomDefaults();
        spec.custom.hardware = custom.hardware;
        spec.runtimeConfigName = service.getSpec().runtimeConfigName;
        spec.imagePullSecrets = service.getSpec().imagePullSecrets;
        spec.serviceAccountName = service.getSpec().serviceAccountName;
        spec.env = service.getSpec().env;
        model.setSpec(spec);
        String id = custom.modelSources == null || custom.modelSources.isEmpty() ? custom.baseImage
                : custom.modelSources.get(0).modelId;
        return new ModelResolution(null, model, Component.of(COMPONENT, AIMStatus.Pending, "CreatingModel",
                "Custom model will be created for " + id).downstream());
    }

    /** Custom models are the same when base image and every source's modelId, sourceUri and AWS_ENDPOINT_URL agree. */
    static boolean sameSources(List<AIMModelSource> a, List<AIMModelSource> b) {
        List<AIMModelSource> x = a == null ? List.of() : a;
        List<AIMModelSource> y = b == null ? List.of() : b;
        if (x.size() != y.size()) {
            return false;
        }
        for (int i = 0; i < x.size(); i++) {
            AIMModelSource s = x.get(i), t = y.get(i);
            if (!Objects.equals(s.modelId, t.modelId) || !Objects.equals(s.sourceUri, t.sourceUri)
                    || !endpoint(s).equals(endpoint(t))) {
                return false;
            }
        }
        return true;
    }

    private static String endpoint(AIMModelSource s) {
        return EnvVars.literalValue(s.env, "AWS_ENDPOINT_URL").orElse("");
    }

    /** Model health as the service sees it: Ready, waiting (upstream, so the service is Pending) or failed. */
    private static ModelResolution found(TemplateModel m) {
        AIMStatus status = m.status() == null ? AIMStatus.Pending : AIMStatus.parse(m.status().status);
        String what = m.kind() + " " + m.name();
        Component c = switch (status) {
            case Ready -> Component.ready(COMPONENT, "ModelResolved", what + " is ready");
            case Pending, Progressing -> Component.of(COMPONENT, AIMStatus.Progressing, "ModelNotReady",
                    what + " is not ready yet");
            case Failed, Degraded -> Component.of(COMPONENT, AIMStatus.Failed, "ModelNotReady",
                    what + " is in " + status + " state");
            default -> Component.of(COMPONENT, AIMStatus.Progressing, "ModelNotReady", what + " status: " + status);
        };
        return new ModelResolution(m, null, c.upstream());
    }

    private static ModelResolution failed(ComponentError error) {
        return new ModelResolution(null, null, Component.failing(COMPONENT, error).upstream());
    }

    /** The status reference to a Ready model: name, scope and uid (plus namespace and kind, additively). */
    public AIMResolvedReference reference() {
        return model == null ? null : AIMResolvedReference.to(model.resource());
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
