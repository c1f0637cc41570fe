package dev.aimengine.operator.service.inference;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

import java.util.Map;

/**
 * KServe's {@code serving.kserve.io/v1beta1} InferenceService, typed only by its identity (spec and status stay
 * free-form maps): the workflow's informer can then be created without API discovery, even before KServe is
 * installed. Not a CRD of this operator (excluded from CRD generation).
 */
@Group("serving.kserve.io")
@Version("v1beta1")
@Kind("InferenceService")
@Plural("inferenceservices")
public class InferenceService extends CustomResource<Map<String, Object>, Map<String, Object>> implements Namespaced {

    public static InferenceService from(GenericKubernetesResource generic, KubernetesSerialization serialization) {
        return generic == null ? null : serialization.convertValue(generic, InferenceService.class);
    }

    public GenericKubernetesResource toGeneric(KubernetesSerialization serialization) {
        return serialization.convertValue(this, GenericKubernetesResource.class);
    }
}
