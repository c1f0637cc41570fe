package dev.aimengine.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import java.util.List;

/** Spec shared by AIMModel and AIMClusterModel. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.modelSources) || size(self.modelSources) == 0 || (has(self.custom) && has(self.custom.hardware))"
        + " || !has(self.customTemplates) || size(self.customTemplates) == 0"
        + " || self.customTemplates.all(t, has(t.hardware) || (has(self.custom) && has(self.custom.hardware)))",
        message = "when using modelSources, hardware must be specified: set custom.hardware (inherited by all templates) or set hardware on each template individually")
public class AIMModelSpec {
    /** Container image serving the model. */
    @Required
    @Size(min = 1)
    public String image;

    public Discovery discovery;

    /** Template preferred by services that name this model and no template. */
    public String defaultServiceTemplate;

    public CustomDefaults custom;

    @Size(max = 16)
    public List<CustomTemplate> customTemplates;

    /** Custom weights; their presence makes this a custom model. */
    @Size(max = 1)
    public List<AIMModelSource> modelSources;

    public String runtimeConfigName;

    public List<LocalObjectReference> imagePullSecrets;

    public List<EnvVar> env;

    public String serviceAccountName;

    public ResourceRequirements resources;

    /** Metadata provided by the user (air-gapped clusters); no registry inspection then. */
    public ImageMetadata imageMetadata;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Discovery {
        @Default("true")
        public Boolean extractMetadata;
        @Default("true")
        public Boolean createServiceTemplates;
    }

    /** Defaults inherited by the custom templates of this model. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class CustomDefaults {
        public AIMHardwareRequirements hardware;
        @SchemaFrom(type = AIMProfileType.class)
        public String type;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class CustomTemplate {
        /** Alias; recorded in label aim.eai.amd.com/template.alias. */
        @Size(max = 63)
        public String name;
        @SchemaFrom(type = AIMProfileType.class)
        @Default("unoptimized")
        public String type;
        @Size(max = 64)
        public List<EnvVar> env;
        public AIMHardwareRequirements hardware;
        public Profile profile;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Profile {
        @SchemaFrom(type = AIMMetric.class)
        public String metric;
        @SchemaFrom(type = AIMPrecision.class)
        public String precision;
    }
}
