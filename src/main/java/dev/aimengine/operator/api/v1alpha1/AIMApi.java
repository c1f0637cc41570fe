package dev.aimengine.operator.api.v1alpha1;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.List;

/** Group, version and the list of every kind of the aim.eai.amd.com/v1alpha1 API. */
public final class AIMApi {
    public static final String GROUP = "aim.eai.amd.com";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;

    /** The ten kinds, in the order of the spec's CRD catalogue. */
    public static final List<Class<? extends HasMetadata>> KINDS = List.of(
            AIMService.class, AIMModel.class, AIMClusterModel.class, AIMServiceTemplate.class,
            AIMClusterServiceTemplate.class, AIMRuntimeConfig.class, AIMClusterRuntimeConfig.class,
            AIMClusterModelSource.class, AIMTemplateCache.class, AIMArtifact.class);

    private AIMApi() {
    }
}
