package dev.aimengine.operator.service.selection;

import dev.aimengine.operator.api.v1alpha1.AIMRuntimeParameters;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything template auto-selection needs to know about one AIMService.
 *
 * @param namespaced           AIMServiceTemplates of the service's namespace for the resolved model, in list order
 * @param cluster              AIMClusterServiceTemplates for the resolved model, in list order
 * @param allowUnoptimized     {@code spec.template.allowUnoptimized}
 * @param overrides            {@code spec.overrides}; {@code null} when not set
 * @param modelDefaultTemplate the model's {@code spec.defaultServiceTemplate}; {@code null} or blank when not set
 * @param replicas             replicas the service will run; the GPUs it needs are the template's GPU count times
 *                             this (values below 1 count as 1)
 */
public record SelectionRequest(List<TemplateCandidate> namespaced, List<TemplateCandidate> cluster,
                               boolean allowUnoptimized, AIMRuntimeParameters overrides,
                               String modelDefaultTemplate, int replicas) {

    public SelectionRequest {
        namespaced = namespaced == null ? List.of() : List.copyOf(namespaced);
        cluster = cluster == null ? List.of() : List.copyOf(cluster);
        modelDefaultTemplate = modelDefaultTemplate == null || modelDefaultTemplate.isBlank()
                ? null : modelDefaultTemplate.strip();
        replicas = Math.max(1, replicas);
    }

    /** The namespaced candidates followed by the cluster ones. */
    public List<TemplateCandidate> all() {
        List<TemplateCandidate> all = new ArrayList<>(namespaced.size() + cluster.size());
        all.addAll(namespaced);
        all.addAll(cluster);
        return all;
    }
}
