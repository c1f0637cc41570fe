package dev.aimengine.operator.common.reconcile;

import dev.aimengine.operator.common.labels.Labels;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aimengine.operator.api.v1alpha1.AIMConditionedStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What every AIM reconciler shares: the injected client, clock and metrics, its {@link ReconcileTail}, and the way it
 * watches dependencies (an informer whose events map to the primaries that depend on them).
 */
public abstract class ControllerSupport<P extends HasMetadata> implements Reconciler<P> {
    @Inject
    protected KubernetesClient client;
    @Inject
    protected Clock clock;
    @Inject
    protected ResourceStatusMetrics metrics;
    /** How often a failure that persists is recorded again as an Event (Kubernetes drops Events after an hour). */
    public static final Duration DEFAULT_EVENT_REMINDER = Duration.ofMinutes(10);
    private volatile ReconcileTail tail;

    /** The controller name, e.g. {@code service}: field manager {@code aim-service-controller}, label values. */
    protected abstract String controllerName();

    protected ReconcileTail tail() {
        if (tail == null) {
            tail = new ReconcileTail(controllerName(), client, clock, org.eclipse.microprofile.config.ConfigProvider
                    .getConfig().getOptionalValue("aim.events.reminder-interval", Duration.class)
                    .orElse(DEFAULT_EVENT_REMINDER));
        }
        return tail;
    }

    /**
     * Starts a reconcile. A paused object ({@link Labels#isPaused}) is left alone: {@code null}. Otherwise the object
     * gets an empty status if it has none, and the result is the snapshot its status is compared with at the end.
     */
    protected <S> JsonNode begin(CustomResource<?, S> primary, Supplier<S> emptyStatus) {
        if (Labels.isPaused(primary)) {
            return null;
        }
        if (primary.getStatus() == null) {
            primary.setStatus(emptyStatus.get());
        }
        return tail().snapshot(primary);
    }

    /**
     * Takes the status a pure planner computed, keeping what the status engine owns (conditions, {@code status},
     * {@code observedGeneration}) from the current one.
     */
    protected static <S extends AIMConditionedStatus> void adoptPlannedStatus(CustomResource<?, S> primary, S planned) {
        S current = primary.getStatus();
        planned.observedGeneration = current.observedGeneration;
        planned.conditions = current.conditions;
        planned.statusValue(current.statusValue());
        primary.setStatus(planned);
    }

    /**
     * A status write that finds the object gone (deleted while it was being reconciled) is normal: its deletion event
     * follows, so it is neither retried nor logged as an error. Everything else takes JOSDK's retry path.
     */
    @Override
    public ErrorStatusUpdateControl<P> updateErrorStatus(P resource, Context<P> context, Exception e) {
        if (e instanceof KubernetesClientException k && k.getCode() == 404) {
            return ErrorStatusUpdateControl.<P>noStatusUpdate().withNoRetry();
        }
        return ErrorStatusUpdateControl.defaultErrorProcessing();
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
