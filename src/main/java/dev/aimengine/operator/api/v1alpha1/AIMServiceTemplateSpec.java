package dev.aimengine.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.kubernetes.api.model.EnvVar;

import java.util.List;

/** AIMServiceTemplate spec: the shared template spec plus template-owned caching. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AIMServiceTemplateSpec extends AIMServiceTemplateSpecCommon {
    public Caching caching;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Caching {
        /** The template creates and owns an AIMTemplateCache named like itself. */
        @Default("false")
        public Boolean enabled;
        /** Download environment of that cache; also merged into service-created caches. */
        public List<EnvVar> env;
    }
}
