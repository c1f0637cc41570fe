package dev.aimengine.operator.common.reconcile;

import dev.aimengine.operator.common.status.AIMStatus;
import dev.aimengine.operator.common.status.Component;
import dev.aimengine.operator.common.status.ConditionTypes;
import dev.aimengine.operator.common.status.Conditions;
import dev.aimengine.operator.common.status.StatusEngine;
import dev.aimengine.operator.common.status.StatusOutcome;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aimengine.operator.api.v1alpha1.AIMConditionedStatus;
import dev.aimengine.operator.api.v1alpha1.AIMRuntimeConfigCommon;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The common end of every reconcile (spec §0.3 steps 6-10): run the status engine, apply the plan when allowed
 * (label propagation, controller labels, owner references, server-side apply), write conditions, status and
 * observedGeneration, record Events for condition transitions, and decide when to come back.
 */
public final class ReconcileTail {
    private static final Logger LOG = Logger.getLogger(ReconcileTail.class);
    static final Duration MIN_RETRY = Duration.ofSeconds(2);
    static final Duration MAX_RETRY = Duration.ofMinutes(5);
    private static final String CONFLICT = "conflict";
    private static final String TERMINATING = "terminating";

    private final String controller;
    private final ResourceApplier applier;
    private final EventRecorder events;
    private final KubernetesSerialization serialization;
    private final Clock clock;

    public ReconcileTail(String controller, KubernetesClient client, Clock clock, Duration eventReminder) {
        this.controller = controller;
        this.applier = new ResourceApplier(client, controller);
        this.events = new EventRecorder(client, controller, clock, eventReminder);
        this.serialization = client.getKubernetesSerialization();
        this.clock = clock;
    }

    public String controller() {
        return controller;
    }

    public EventRecorder events() {
        return events;
    }

    public ResourceApplier applier() {
        return applier;
    }

    /** The status as JSON, taken before the reconcile changes it, to write status only when it changed. */
    public JsonNode snapshot(CustomResource<?, ?> primary) {
        return primary.getStatus() == null ? null : serialization.convertValue(primary.getStatus(), JsonNode.class);
    }

    /**
     * Everything one reconcile produced. {@code apply}, when set, replaces the default application of the plan (e.g.
     * a QOSDK workflow); it runs only when the engine decides to apply and throws to report a failure.
     */
    public record Result(List<Component> components, Consumer<Conditions> decorator, Plan plan,
            AIMRuntimeConfigCommon.LabelPropagation labelPropagation, Function<AIMStatus, String> statusValue,
            Runnable apply) {

        public static Result of(List<Component> components, Plan plan,
                AIMRuntimeConfigCommon.LabelPropagation labelPropagation) {
            return new Result(components, c -> {
            }, plan, labelPropagation, AIMStatus::name, null);
        }

        public Result decorate(Consumer<Conditions> decorator) {
            return new Result(components, decorator, plan, labelPropagation, statusValue, apply);
        }

        public Result mapStatus(Function<AIMStatus, String> mapping) {
            return new Result(components, decorator, plan, labelPropagation, mapping, apply);
        }

        public Result applyWith(Runnable apply) {
            return new Result(components, decorator, plan, labelPropagation, statusValue, apply);
        }
    }

    public <S extends AIMConditionedStatus, P extends CustomResource<?, S>> UpdateControl<P> finish(P primary,
            JsonNode statusBefore, Result result) {
        S status = primary.getStatus();
        Instant now = clock.instant();
        StatusOutcome outcome = StatusEngine.evaluate(status.conditions, result.components(), result.decorator(),
                primary.getMetadata().getGeneration(), now);
        List<Condition> conditions = new ArrayList<>(outcome.conditions());
        Duration retry = null;
        if (outcome.decision() == StatusOutcome.Decision.RETRY) {
            LOG.infof("%s %s: retrying later: %s", primary.getKind(), name(primary), outcome.retryReason());
            retry = backoff(outcome, now);
        } else if (outcome.shouldApply()) {
            Optional<String> failure = apply(primary, result);
            if (failure.isPresent() && failure.get().equals(TERMINATING)) {
                // nothing to do: the namespace deletion removes this object too
            } else if (failure.isPresent() && failure.get().equals(CONFLICT)) {
                // another writer got there first (e.g. two services creating the same Shared cache): try again soon
                retry = MIN_RETRY;
            } else if (failure.isPresent()) {
                Conditions c = new Conditions(conditions, now, primary.getMetadata().getGeneration());
                c.set(ConditionTypes.DEPENDENCIES_REACHABLE, false, ConditionTypes.REASON_INFRASTRUCTURE_ERROR,
                        failure.get());
                conditions = c.list();
                events.warning(primary, ConditionTypes.REASON_INFRASTRUCTURE_ERROR, failure.get());
                retry = MIN_RETRY;
            }
        }
        status.conditions = conditions;
        status.statusValue(result.statusValue().apply(outcome.status()));
        status.observedGeneration = primary.getMetadata().getGeneration();
        List<String> transitioned = new ArrayList<>();
        for (StatusOutcome.Transition t : outcome.transitions()) {
            Condition c = t.condition();
            events.transition(primary, c, t.warning(), eventMessage(c));
            transitioned.add(c.getType());
        }
        for (String type : outcome.failing()) {
            Condition c = outcome.condition(type);
            if (c != null && !transitioned.contains(type)) {
                events.remind(primary, c, eventMessage(c));
            }
        }
        events.forgetOthers(primary, outcome.failing());
        Duration remindAt = outcome.failing().isEmpty() ? null : events.reminderInterval();

        boolean changed = !serialization.convertValue(status, JsonNode.class).equals(statusBefore);
        UpdateControl<P> control = changed ? UpdateControl.patchStatus(primary) : UpdateControl.noUpdate();
        Duration requeue = min(min(retry, result.plan().requeueFor(outcome.status())), remindAt);
        return requeue == null ? control : control.rescheduleAfter(requeue);
    }

    private Optional<String> apply(HasMetadata primary, Result result) {
        try {
            if (result.apply() != null) {
                result.apply().run();
                return Optional.empty();
            }
            List<HasMetadata> all = new ArrayList<>();
            for (HasMetadata o : result.plan().owned()) {
                Children.ownedBy(o, primary);
                all.add(o);
            }
            all.addAll(result.plan().unowned());
            for (HasMetadata o : all) {
                Children.label(o, primary, controller, result.labelPropagation());
            }
            // owned first, then unowned (spec §0.3 step 7), each in a deterministic order
            applier.applyAll(result.plan().owned());
            applier.applyAll(result.plan().unowned());
            return Optional.empty();
        } catch (RuntimeException e) {
            if (isNamespaceTerminating(e)) {
                // the namespace is being deleted and takes this object with it: nothing to create any more
                LOG.debugf("%s %s: namespace is terminating, nothing applied", primary.getKind(), name(primary));
                return Optional.of(TERMINATING);
            }
            if (isStopping(e)) {
                LOG.debugf("%s %s: apply interrupted, the operator is stopping", primary.getKind(), name(primary));
                return Optional.of(CONFLICT);
            }
            if (isConflict(e)) {
                LOG.debugf("%s %s: apply met a concurrent change, retrying: %s", primary.getKind(), name(primary),
                        e.getMessage());
                return Optional.of(CONFLICT);
            }
            LOG.warnf(e, "%s %s: apply failed", primary.getKind(), name(primary));
            return Optional.of("Failed to apply resources: " + e.getMessage());
        }
    }

    /**
     * Whether a failed apply only met a concurrent writer (HTTP 409), possibly several times inside one workflow
     * run: nothing is wrong, the next reconcile sees the other writer's object.
     */
    static boolean isConflict(Throwable e) {
        if (e instanceof io.javaoperatorsdk.operator.AggregatedOperatorException aggregated) {
            return !aggregated.getAggregatedExceptions().isEmpty()
                    && aggregated.getAggregatedExceptions().values().stream().allMatch(ReconcileTail::isConflict);
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.fabric8.kubernetes.client.KubernetesClientException k && k.getCode() == 409) {
                return true;
            }
        }
        return false;
    }

    /** The API server refuses new objects in a namespace that is being deleted (403, cause NamespaceTerminating). */
    static boolean isNamespaceTerminating(Throwable e) {
        if (e instanceof io.javaoperatorsdk.operator.AggregatedOperatorException aggregated) {
            return !aggregated.getAggregatedExceptions().isEmpty() && aggregated.getAggregatedExceptions().values()
                    .stream().allMatch(ReconcileTail::isNamespaceTerminating);
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.fabric8.kubernetes.client.KubernetesClientException k && k.getCode() == 403
                    && k.getStatus() != null && k.getStatus().getDetails() != null
                    && k.getStatus().getDetails().getCauses() != null && k.getStatus().getDetails().getCauses().stream()
                            .anyMatch(c -> "NamespaceTerminating".equals(c.getReason()))) {
                return true;
            }
        }
        return false;
    }

    /** The operator is shutting down: its executors refuse work and interrupt what runs. */
    static boolean isStopping(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.util.concurrent.RejectedExecutionException || t instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    /** Roughly doubling: as long as the failure has lasted, between 2 s and 5 min. */
    static Duration backoff(StatusOutcome outcome, Instant now) {
        Condition reachable = outcome.condition(ConditionTypes.DEPENDENCIES_REACHABLE);
        Duration since = reachable == null ? Duration.ZERO
                : Conditions.lastTransition(reachable).map(t -> Duration.between(t, now)).orElse(Duration.ZERO);
        return since.compareTo(MIN_RETRY) < 0 ? MIN_RETRY : since.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : since;
    }

    private static String eventMessage(Condition c) {
        if (c.getMessage() != null && !c.getMessage().isEmpty()) {
            return c.getMessage();
        }
        String name = c.getType().endsWith("Ready") ? c.getType().substring(0, c.getType().length() - 5) : c.getType();
        return Conditions.TRUE.equals(c.getStatus()) ? name + " is ready" : name + " is not ready: " + c.getReason();
    }

    private static Duration min(Duration a, Duration b) {
        return a == null ? b : b == null ? a : a.compareTo(b) <= 0 ? a : b;
    }

    private static String name(HasMetadata o) {
        String ns = o.getMetadata().getNamespace();
        return ns == null ? o.getMetadata().getName() : ns + "/" + o.getMetadata().getName();
    }
}
