package dev.aimengine.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;

import java.util.List;

/** One set of model weights to download; {@code modelId} decides the mount path /workspace/cache/{modelId}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AIMModelSource {
    public static final String MODEL_ID_PATTERN = "^[a-zA-Z0-9_-]+/[a-zA-Z0-9._-]+$";
    public static final String SOURCE_URI_PATTERN = "^(hf|s3)://[^ \\t\\r\\n]+$";

    @Required
    @Pattern(MODEL_ID_PATTERN)
    public String modelId;

    @Required
    @Pattern(SOURCE_URI_PATTERN)
    public String sourceUri;

    /** Expected size; discovered by a check-size job when absent. */
    public Quantity size;

    /** Per-source download environment (credentials). */
    public List<EnvVar> env;

    public AIMModelSource() {
    }

    public AIMModelSource(String modelId, String sourceUri, Quantity size) {
        this.modelId = modelId;
        this.sourceUri = sourceUri;
        this.size = size;
    }
}
