package dev.aimengine.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;

/** Storage defaults for artifact PVCs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AIMStorageConfig {
    public static final int DEFAULT_HEADROOM_PERCENT = 10;

    /** Storage class of artifact PVCs; empty means the cluster default. */
    public String defaultStorageClassName;

    /** Extra PVC capacity over the model size, in percent. */
    @Default("10")
    @Min(0)
    public Integer pvcHeadroomPercent;
}
