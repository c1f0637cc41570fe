package dev.aimengine.operator.template;

import dev.aimengine.operator.api.v1alpha1.AIMClusterModel;
import dev.aimengine.operator.api.v1alpha1.AIMModel;
import dev.aimengine.operator.api.v1alpha1.AIMModelSpec;
import dev.aimengine.operator.api.v1alpha1.AIMModelStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;

/** The model a template points at: an AIMModel or an AIMClusterModel. */
public record TemplateModel(HasMetadata resource, AIMModelSpec spec, AIMModelStatus status) {

    public static TemplateModel of(AIMModel m) {
        return new TemplateModel(m, m.getSpec(), m.getStatus());
    }

    public static TemplateModel of(AIMClusterModel m) {
        return new TemplateModel(m, m.getSpec(), m.getStatus());
    }

    public boolean isCluster() {
        return resource instanceof AIMClusterModel;
    }

    public String name() {
        return resource.getMetadata().getName();
    }

    public String kind() {
        return resource.getKind();
    }
}
