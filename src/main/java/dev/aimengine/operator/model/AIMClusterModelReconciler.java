package dev.aimengine.operator.model;

import dev.aimengine.operator.api.v1alpha1.AIMClusterModel;
import dev.aimengine.operator.api.v1alpha1.AIMClusterServiceTemplate;
import dev.aimengine.operator.common.reconcile.OperatorNamespace;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;

import java.util.concurrent.TimeUnit;

/** AIMClusterModel: creates AIMClusterServiceTemplates. */
@RBACRule(apiGroups = "", resources = "events", verbs = { "create", "patch" })
@RBACRule(apiGroups = "", resources = "secrets", verbs = "get")
@RBACRule(apiGroups = "aim.eai.amd.com", resources = "aimclusterruntimeconfigs", verbs = { "get", "list", "watch" })
@RBACRule(apiGroups = "aim.eai.amd.com", resources = "aimclusterservicetemplates", verbs = { "get", "list", "watch", "create", "update", "patch", "delete" })
@ControllerConfiguration(name = AIMClusterModelReconciler.NAME, fieldManager = "aim-" + AIMClusterModelReconciler.NAME
        + "-controller", generationAwareEventProcessing = false,
        maxReconciliationInterval = @MaxReconciliationInterval(interval = 10, timeUnit = TimeUnit.MINUTES))
public class AIMClusterModelReconciler extends ModelReconciler<AIMClusterModel, AIMClusterServiceTemplate> {
    public static final String NAME = "cluster-model";

    @Override
    protected String controllerName() {
        return NAME;
    }

    @Override
    protected Class<AIMClusterServiceTemplate> templateType() {
        return AIMClusterServiceTemplate.class;
    }

    @Override
    protected String secretNamespace(AIMClusterModel model) {
        return OperatorNamespace.get();
    }
}
