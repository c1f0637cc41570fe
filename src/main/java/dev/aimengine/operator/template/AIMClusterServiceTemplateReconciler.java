package dev.aimengine.operator.template;

import dev.aimengine.operator.api.v1alpha1.AIMClusterServiceTemplate;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** AIMClusterServiceTemplate: cluster-wide template of an AIMClusterModel. */
@RBACRule(apiGroups = "", resources = { "nodes", "pods" }, verbs = { "get", "list", "watch" })
@RBACRule(apiGroups = "", resources = "events", verbs = { "get", "list", "watch", "create", "patch" })
@RBACRule(apiGroups = "", resources = "pods/log", verbs = "get")
@RBACRule(apiGroups = "batch", resources = "jobs", verbs = { "get", "list", "watch", "create", "update", "patch", "delete" })
@RBACRule(apiGroups = "aim.eai.amd.com", resources = { "aimclustermodels", "aimclusterruntimeconfigs" }, verbs = { "get", "list", "watch" })
@ControllerConfiguration(name = AIMClusterServiceTemplateReconciler.NAME, fieldManager = "aim-"
        + AIMClusterServiceTemplateReconciler.NAME + "-controller", generationAwareEventProcessing = false,
        maxReconciliationInterval = @MaxReconciliationInterval(interval = 10, timeUnit = TimeUnit.MINUTES))
public class AIMClusterServiceTemplateReconciler extends TemplateReconciler<AIMClusterServiceTemplate> {
    public static final String NAME = "cluster-service-template";

    @Override
    protected String controllerName() {
        return NAME;
    }

    @Override
    protected List<EventSource<?, AIMClusterServiceTemplate>> additionalEventSources(
            EventSourceContext<AIMClusterServiceTemplate> context) {
        return List.of();
    }
}
