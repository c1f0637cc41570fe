package dev.aimengine.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Quantity;

import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class AIMArtifactSpec {
    public static final String DEFAULT_DOWNLOAD_IMAGE = "ghcr.io/silogen/aim-artifact-downloader:0.2.0";

    /** hf://org/model or s3://bucket/path. */
    @Required
    @Size(min = 1)
    @Pattern(AIMModelSource.SOURCE_URI_PATTERN)
    @ValidationRule(value = "self == oldSelf", message = "sourceUri is immutable")
    public String sourceUri;

    @Pattern(AIMModelSource.MODEL_ID_PATTERN)
    public String modelId;

    public String storageClassName;

    /** Expected model size; when absent a check-size job discovers it. */
    public Quantity size;

    /** Highest-priority downloader environment. */
    public List<EnvVar> env;

    @Default(DEFAULT_DOWNLOAD_IMAGE)
    public String modelDownloadImage;

    public List<LocalObjectReference> imagePullSecrets;

    public String runtimeConfigName;
}
