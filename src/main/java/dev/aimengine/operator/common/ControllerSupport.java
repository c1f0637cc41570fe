package dev.aimengine.operator.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.Collection;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What every AIM reconciler shares: the injected client, clock and metrics, its {@link ReconcileTail}, and the way it
 * watches dependencies (an informer whose events map to the primaries that depend on them).
 */
public abstract class ControllerSupport {
    @Inject
    protected KubernetesClient client;
    @Inject
    protected Clock clock;
    @Inject
    protected ResourceStatusMetrics metrics;
    private volatile ReconcileTail tail;

    /** The controller name, e.g. {@code service}: field manager {@code aim-service-controller}, label values. */
    protected abstract String controllerName();

    protected ReconcileTail tail() {
        if (tail == null) {
            tail = new ReconcileTail(controllerName(), client, clock);
        }
        return tail;
    }

    /** An informer on {@code type} whose events re-trigger the primaries the mapper names. */
    protected static <R extends HasMetadata, P extends HasMetadata> InformerEventSource<R, P> informer(
            EventSourceContext<P> context, Class<R> type, Function<R, Set<ResourceID>> toPrimaries) {
        return informer(context, type, null, toPrimaries);
    }

    /** An informer on {@code type} (optionally only objects matching a label selector) re-triggering primaries. */
    protected static <R extends HasMetadata, P extends HasMetadata> InformerEventSource<R, P> informer(
            EventSourceContext<P> context, Class<R> type, String labelSelector, Function<R, Set<ResourceID>> toPrimaries) {
        var config = InformerEventSourceConfiguration.from(type, context.getPrimaryResourceClass())
                .withSecondaryToPrimaryMapper(toPrimaries::apply);
        if (labelSelector != null) {
            config.withLabelSelector(labelSelector);
        }
        return new InformerEventSource<>(config.build(), context);
    }

    protected static Set<ResourceID> ids(Collection<? extends HasMetadata> resources) {
        return resources.stream().map(ResourceID::fromResource).collect(Collectors.toSet());
    }
}
