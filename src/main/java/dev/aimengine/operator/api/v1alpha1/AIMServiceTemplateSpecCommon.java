package dev.aimengine.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import java.util.List;

/** Spec shared by AIMServiceTemplate and AIMClusterServiceTemplate (metric, precision, hardware inlined). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AIMServiceTemplateSpecCommon extends AIMRuntimeParameters {
    /** Name of the AIMModel (namespaced template) or AIMClusterModel (cluster template). */
    @Required
    @Size(min = 1)
    @ValidationRule(value = "self == oldSelf", message = "model name is immutable")
    public String modelName;

    public String runtimeConfigName;

    public List<LocalObjectReference> imagePullSecrets;

    public String serviceAccountName;

    /** Merged into the inference container's resources. */
    public ResourceRequirements resources;

    /** Inline model sources: no discovery job is needed. */
    public List<AIMModelSource> modelSources;

    public String profileId;

    @SchemaFrom(type = AIMProfileType.class)
    public String type;

    public List<EnvVar> env;
}
