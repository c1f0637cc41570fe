package dev.aimengine.operator.service;

import dev.aimengine.operator.api.v1alpha1.AIMArtifact;
import dev.aimengine.operator.api.v1alpha1.AIMClusterModel;
import dev.aimengine.operator.api.v1alpha1.AIMClusterServiceTemplate;
import dev.aimengine.operator.api.v1alpha1.AIMModel;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplate;
import dev.aimengine.operator.api.v1alpha1.AIMTemplateCache;
import dev.aimengine.operator.common.health.LogReader;
import dev.aimengine.operator.gpu.GpuSnapshot;
import dev.aimengine.operator.runtimeconfig.RuntimeConfigs;
import dev.aimengine.operator.service.inference.InferenceService;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;

import java.util.List;

/**
 * Everything one AIMService reconcile reads from the cluster, in one record: the candidates for its references
 * (runtime configs, models, templates, caches and their artifacts in the namespace and cluster-wide), the GPU capacity
 * as the service sees it (its own predictor pods do not count against it), which optional APIs exist, and the live
 * serving objects with the Events, pods and KEDA HPA that explain their health. Lists are never null; objects are null
 * when absent. {@code logs} reads pod logs lazily, only for pods that failed.
 */
public record ServiceObservation(ServiceNames names, RuntimeConfigs runtimeConfigs, List<AIMModel> models,
        List<AIMClusterModel> clusterModels, List<AIMServiceTemplate> templates,
        List<AIMClusterServiceTemplate> clusterTemplates, List<AIMTemplateCache> caches, List<AIMArtifact> artifacts,
        GpuSnapshot capacity, boolean kserveInstalled, boolean gatewayApiInstalled,
        InferenceService inferenceService, List<Event> inferenceServiceEvents, List<Pod> predictorPods,
        List<Event> podEvents, LogReader logs, GenericKubernetesResource hpa, HTTPRoute httpRoute) {
}
