package dev.aimengine.operator.common.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aimengine.operator.api.v1alpha1.AIMConditionedStatus;
import dev.aimengine.operator.common.labels.Labels;
import dev.aimengine.operator.common.status.AIMStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The shape every AIM controller shares. One reconcile runs four named stages:
 * <ol>
 * <li><b>observe</b>: read everything this reconcile needs from the cluster (informer caches, the few direct reads)
 * into one observation record;</li>
 * <li><b>resolve</b>: turn the references the object names (runtime config, model, template, cache) into the
 * objects they mean;</li>
 * <li><b>plan</b>: pure: observation and resolution become a {@link Decision} (components, conditions, status,
 * objects);</li>
 * <li><b>apply</b>: the {@link ReconcileTail} runs the status engine, sets owner references and labels, writes the
 * objects ({@link #apply}) and the status, and records Events.</li>
 * </ol>
 * A paused object ({@code aim.eai.amd.com/reconciliation-paused: "true"}) is left alone entirely.
 *
 * @param <P> the reconciled kind
 * @param <S> its status
 * @param <O> the observation record
 * @param <R> the resolution record
 */
public abstract class ControllerSupport<P extends CustomResource<?, S>, S extends AIMConditionedStatus, O, R>
        implements Reconciler<P> {
    /** How often a failure that persists is recorded again as an Event (Kubernetes drops Events after an hour). */
    public static final Duration DEFAULT_EVENT_REMINDER = Duration.ofMinutes(10);

    @Inject
    protected KubernetesClient client;
    @Inject
    protected Clock clock;
    @Inject
    protected ResourceStatusMetrics metrics;
    private volatile ReconcileTail tail;

    /** The controller name, e.g. {@code service}: field manager {@code aim-service-controller}, label values. */
    protected abstract String controllerName();

    protected abstract S emptyStatus();

    /** Everything this reconcile reads from the cluster. */
    protected abstract O observe(P primary, Context<P> context);

    /** The objects the primary's references mean. */
    protected abstract R resolve(P primary, O observation);

    /** Pure: the decision for this reconcile. */
    protected abstract Decision<S> plan(P primary, O observation, R resolution);

    /** Writes the decision's objects (owner references and labels are already set). Default: server-side apply. */
    protected void apply(P primary, Context<P> context, O observation, Decision<S> decision) {
        tail().applyObjects(decision);
    }

    /** The word {@code status.status} shows for an engine status; AIMService has its own words. */
    protected String statusWord(AIMStatus status) {
        return status.name();
    }

    @Override
    public final UpdateControl<P> reconcile(P primary, Context<P> context) {
        if (Labels.isPaused(primary)) {
            return UpdateControl.noUpdate();
        }
        if (primary.getStatus() == null) {
            primary.setStatus(emptyStatus());
        }
        JsonNode before = tail().snapshot(primary);
        O observation = observe(primary, context);
        R resolution = resolve(primary, observation);
        Decision<S> decision = plan(primary, observation, resolution);
        adoptPlannedStatus(primary, decision.status());
        return tail().finish(primary, before, decision, this::statusWord,
                () -> apply(primary, context, observation, decision));
    }

    protected ReconcileTail tail() {
        if (tail == null) {
            tail = new ReconcileTail(controllerName(), client, clock, ConfigProvider.getConfig()
                    .getOptionalValue("aim.events.reminder-interval", Duration.class).orElse(DEFAULT_EVENT_REMINDER));
        }
        return tail;
    }

    /**
     * Takes the status the planner computed, keeping what the status engine owns (conditions, {@code status},
     * {@code observedGeneration}) from the current one.
     */
    static <S extends AIMConditionedStatus> void adoptPlannedStatus(CustomResource<?, S> primary, S planned) {
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

    /** Watches {@code type} through the operator's shared informer; its changes re-trigger the primaries named. */
    public static <T extends HasMetadata, Q extends HasMetadata> SharedInformerEventSource<T, Q> informer(
            EventSourceContext<Q> context, Class<T> type, Function<T, Set<ResourceID>> toPrimaries) {
        return informer(context, type, null, toPrimaries);
    }

    /** As {@link #informer(EventSourceContext, Class, Function)}, only objects matching a label selector. */
    public static <T extends HasMetadata, Q extends HasMetadata> SharedInformerEventSource<T, Q> informer(
            EventSourceContext<Q> context, Class<T> type, String labelSelector, Function<T, Set<ResourceID>> toPrimaries) {
        SharedInformers.prestart(context.getClient(), type, labelSelector);
        return new SharedInformerEventSource<>(context.getClient(), type, labelSelector, toPrimaries);
    }

    public static Set<ResourceID> ids(Collection<? extends HasMetadata> resources) {
        return resources.stream().map(ResourceID::fromResource).collect(Collectors.toSet());
    }
}
