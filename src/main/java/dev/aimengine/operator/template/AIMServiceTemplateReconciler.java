package dev.aimengine.operator.template;

import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplate;
import dev.aimengine.operator.api.v1alpha1.AIMTemplateCache;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** AIMServiceTemplate: namespaced template; may own an AIMTemplateCache. */
@RBACRule(apiGroups = "", resources = { "nodes", "pods" }, verbs = { "get", "list", "watch" })
@RBACRule(apiGroups = "", resources = "events", verbs = { "get", "list", "watch", "create", "patch" })
@RBACRule(apiGroups = "", resources = "pods/log", verbs = "get")
@RBACRule(apiGroups = "batch", resources = "jobs", verbs = { "get", "list", "watch", "create", "update", "patch", "delete" })
@RBACRule(apiGroups = "aim.eai.amd.com", resources = { "aimmodels", "aimclustermodels", "aimruntimeconfigs", "aimclusterruntimeconfigs" }, verbs = { "get", "list", "watch" })
@RBACRule(apiGroups = "aim.eai.amd.com", resources = "aimtemplatecaches", verbs = { "get", "list", "watch", "create", "update", "patch", "delete" })
@ControllerConfiguration(name = AIMServiceTemplateReconciler.NAME, fieldManager = "aim-" + AIMServiceTemplateReconciler.NAME
        + "-controller", generationAwareEventProcessing = false,
        maxReconciliationInterval = @MaxReconciliationInterval(interval = 10, timeUnit = TimeUnit.MINUTES))
public class AIMServiceTemplateReconciler extends TemplateReconciler<AIMServiceTemplate> {
    public static final String NAME = "service-template";

    @Override
    protected String controllerName() {
        return NAME;
    }

    @Override
    protected List<EventSource<?, AIMServiceTemplate>> additionalEventSources(
            EventSourceContext<AIMServiceTemplate> context) {
        List<EventSource<?, AIMServiceTemplate>> sources = new ArrayList<>(List.of(namespacedModels(context)));
        sources.add(new InformerEventSource<>(InformerEventSourceConfiguration
                .from(AIMTemplateCache.class, AIMServiceTemplate.class)
                .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(AIMServiceTemplate.class, false))
                .build(), context));
        return sources;
    }
}
