package dev.aimengine.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;

import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class AIMTemplateCacheSpec {
    @Required
    @Size(min = 1)
    public String templateName;

    /** Namespace: AIMServiceTemplate only; Cluster: AIMClusterServiceTemplate only; Unknown: namespace first. */
    @Required
    @SchemaFrom(type = AIMTemplateScope.class)
    public String templateScope;

    /** Base download environment of the artifacts this cache creates. */
    public List<EnvVar> env;

    /** Accepted for compatibility; not used. */
    public List<LocalObjectReference> imagePullSecrets;

    /** Storage class of created artifacts; also restricts which artifacts are reused. */
    public String storageClassName;

    /** Accepted for compatibility; artifacts use their own download image. */
    public String downloadImage;

    /** Accepted for compatibility; sources come from the template's status. */
    public List<AIMModelSource> modelSources;

    public String runtimeConfigName;

    @SchemaFrom(type = AIMCacheMode.class)
    @Default("Shared")
    public String mode;
}
