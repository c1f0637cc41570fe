package dev.aimengine.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.LocalObjectReference;

import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class AIMClusterModelSourceSpec {
    /** Registry of filters that name none. */
    @Default("docker.io")
    public String registry;

    /** Secrets in the operator namespace used for registry access. */
    public List<LocalObjectReference> imagePullSecrets;

    /** OR-combined image filters. */
    @Required
    @Size(min = 1, max = 100)
    public List<Filter> filters;

    @Default("1h")
    public String syncInterval;

    /** Semver constraints applied to filters without their own. */
    public List<String> versions;

    @Default("100")
    @Min(1)
    @Max(10000)
    public Integer maxModels;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Filter {
        /** org/repo*, org/repo:tag, reg.io/org/repo:tag or reg.io/org/*. */
        @Required
        @Size(max = 512)
        public String image;
        /** Repository names to skip (exact). */
        public List<String> exclude;
        public List<String> versions;
    }
}
