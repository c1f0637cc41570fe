package dev.aimengine.operator.model;

import dev.aimengine.operator.api.v1alpha1.AIMModel;
import dev.aimengine.operator.api.v1alpha1.AIMRuntimeConfig;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplate;
import dev.aimengine.operator.common.reconcile.Caches;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** AIMModel: creates AIMServiceTemplates in its namespace. */
@RBACRule(apiGroups = "", resources = "events", verbs = { "create", "patch" })
@RBACRule(apiGroups = "", resources = "secrets", verbs = "get")
@RBACRule(apiGroups = "aim.eai.amd.com", resources = { "aimruntimeconfigs", "aimclusterruntimeconfigs" }, verbs = { "get", "list", "watch" })
@RBACRule(apiGroups = "aim.eai.amd.com", resources = "aimservicetemplates", verbs = { "get", "list", "watch", "create", "update", "patch", "delete" })
@ControllerConfiguration(name = AIMModelReconciler.NAME, fieldManager = "aim-" + AIMModelReconciler.NAME + "-controller",
        generationAwareEventProcessing = false,
        maxReconciliationInterval = @MaxReconciliationInterval(interval = 10, timeUnit = TimeUnit.MINUTES))
public class AIMModelReconciler extends ModelReconciler<AIMModel, AIMServiceTemplate> {
    public static final String NAME = "model";

    @Override
    protected String controllerName() {
        return NAME;
    }

    @Override
    protected Class<AIMServiceTemplate> templateType() {
        return AIMServiceTemplate.class;
    }

    @Override
    protected String secretNamespace(AIMModel model) {
        return model.getMetadata().getNamespace();
    }
}
