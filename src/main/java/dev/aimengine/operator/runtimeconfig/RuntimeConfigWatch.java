package dev.aimengine.operator.runtimeconfig;

import dev.aimengine.operator.api.v1alpha1.AIMClusterRuntimeConfig;
import dev.aimengine.operator.api.v1alpha1.AIMRuntimeConfig;
import dev.aimengine.operator.common.reconcile.Caches;
import dev.aimengine.operator.common.reconcile.ControllerSupport;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How any controller watches the runtime configs its objects name (or {@code default}): a change to an
 * AIMRuntimeConfig re-triggers the objects of its namespace that use its name, a change to an AIMClusterRuntimeConfig
 * every object using its name. Cluster-scoped kinds read only cluster configs, so they watch only those.
 */
public final class RuntimeConfigWatch {
    static final String BY_CONFIG = "byRuntimeConfig";
    static final String BY_CONFIG_NAME = "byRuntimeConfigName";

    /**
     * Indexes the controller's objects by runtime config name and returns the informers that map config changes to
     * them. Call from {@code prepareEventSources}.
     *
     * @param requestedName the object's {@code spec.runtimeConfigName} (null or empty means {@code default})
     */
    public static <P extends HasMetadata> List<EventSource<?, P>> eventSources(EventSourceContext<P> context,
            Function<P, String> requestedName) {
        IndexerResourceCache<P> primaries = context.getPrimaryCache();
        Function<P, String> name = p -> RuntimeConfigMerger.effectiveName(requestedName.apply(p));
        primaries.addIndexers(Map.of(
                BY_CONFIG, p -> List.of(Caches.key(p.getMetadata().getNamespace(), name.apply(p))),
                BY_CONFIG_NAME, p -> List.of(name.apply(p))));
        List<EventSource<?, P>> sources = new ArrayList<>();
        sources.add(ControllerSupport.informer(context, AIMClusterRuntimeConfig.class,
                c -> ControllerSupport.ids(primaries.byIndex(BY_CONFIG_NAME, c.getMetadata().getName()))));
        if (Namespaced.class.isAssignableFrom(context.getPrimaryResourceClass())) {
            sources.add(ControllerSupport.informer(context, AIMRuntimeConfig.class, c -> ControllerSupport.ids(
                    primaries.byIndex(BY_CONFIG, Caches.key(c.getMetadata().getNamespace(), c.getMetadata().getName())))));
        }
        return sources;
    }

    private RuntimeConfigWatch() {
    }
}
