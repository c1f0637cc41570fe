package dev.aimengine.operator.common.labels;

/** Label keys, values and annotations the operator reads and writes. */
public final class Labels {
    public static final String PREFIX = "aim.eai.amd.com/";

    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String COMPONENT = "app.kubernetes.io/component";
    public static final String NAME = "app.kubernetes.io/name";

    public static final String SERVICE = PREFIX + "service";
    public static final String MODEL = PREFIX + "model";
    public static final String TEMPLATE = PREFIX + "template";
    public static final String METRIC = PREFIX + "metric";
    public static final String PRECISION = PREFIX + "precision";
    public static final String ORIGIN = PREFIX + "origin";
    public static final String CUSTOM_MODEL = PREFIX + "custom-model";
    public static final String TEMPLATE_ALIAS = PREFIX + "template.alias";
    public static final String MODEL_SOURCE = PREFIX + "model-source";
    public static final String TEMPLATE_NAME = PREFIX + "template.name";
    public static final String TEMPLATE_SCOPE = PREFIX + "template.scope";
    public static final String TEMPLATE_INDEX = PREFIX + "template.index";
    public static final String TEMPLATE_CACHE_NAME = PREFIX + "template-cache.name";
    public static final String TEMPLATE_CREATED = "template-created";
    public static final String CACHE_NAME = PREFIX + "cache.name";
    public static final String CACHE_TYPE = PREFIX + "cache.type";
    public static final String AIM_COMPONENT = PREFIX + "component";
    public static final String SOURCE_MODEL = PREFIX + "source-model";

    public static final String ORIGIN_AUTO_GENERATED = "auto-generated";
    public static final String ORIGIN_DERIVED = "derived";
    public static final String MANAGED_BY_ENGINE = "aim-engine";

    /** Freeze a resource: the operator neither writes its status nor creates anything for it. */
    public static final String PAUSED_ANNOTATION = PREFIX + "reconciliation-paused";

    public static final String SOURCE_REGISTRY_ANNOTATION = PREFIX + "source-registry";
    public static final String SOURCE_REPOSITORY_ANNOTATION = PREFIX + "source-repository";
    public static final String SOURCE_TAG_ANNOTATION = PREFIX + "source-tag";

    /** The controller label {@code aim.eai.amd.com/<controller>.name}, e.g. {@code service.name}. */
    public static String controllerLabel(String controller) {
        return PREFIX + controller + ".name";
    }

    /** {@code aim-<controller>-controller}: value of app.kubernetes.io/managed-by and the SSA field manager. */
    public static String controllerManager(String controller) {
        return "aim-" + controller + "-controller";
    }

    public static boolean isPaused(io.fabric8.kubernetes.api.model.HasMetadata resource) {
        var annotations = resource.getMetadata().getAnnotations();
        return annotations != null && "true".equals(annotations.get(PAUSED_ANNOTATION));
    }

    private Labels() {
    }
}
