package dev.aimengine.operator.common.reconcile;

import dev.aimengine.operator.common.status.AIMStatus;
import dev.aimengine.operator.common.status.ConditionTypes;
import dev.aimengine.operator.common.status.Conditions;
import dev.aimengine.operator.common.status.StatusEngine;
import dev.aimengine.operator.common.status.StatusOutcome;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aimengine.operator.api.v1alpha1.AIMConditionedStatus;
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
import java.util.function.Function;

/**
 * The apply stage shared by every controller: run the status engine over a {@link Decision}, apply its objects when
 * the engine allows (owner references, controller and inherited labels, then server-side apply or the controller's
 * own way), write conditions, status and observedGeneration, record Events for condition transitions, and decide
 * when to come back.
 */
public final class ReconcileTail {
    private static final Logger LOG = Logger.getLogger(ReconcileTail.class);
    static final Duration MIN_RETRY = Duration.ofSeconds(2);
    static final Duration MAX_RETRY = Duration.ofMinutes(5);

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
     * The apply stage of every reconcile: the status engine turns the decision's components into conditions and
     * decides whether objects may be applied; if so, owner references and labels are set here (the one place) and
     * {@code apply} writes the objects; then conditions, status and {@code observedGeneration} are written, condition
     * transitions (and failures that last) become Events, and the next look is scheduled.
     *
     * @param statusWord the word {@code status.status} shows for an engine status (the service's Starting/Running)
     * @param apply      writes the decision's objects (they already carry owner references and labels); throws on
     *                   failure
     */
    public <S extends AIMConditionedStatus, P extends CustomResource<?, S>> UpdateControl<P> finish(P primary,
            JsonNode statusBefore, Decision<S> decision, Function<AIMStatus, String> statusWord, Runnable apply) {
        S status = primary.getStatus();
        Instant now = clock.instant();
        StatusOutcome outcome = StatusEngine.evaluate(status.conditions, decision.components(), decision.conditions(),
                primary.getMetadata().getGeneration(), now);
        List<Condition> conditions = new ArrayList<>(outcome.conditions());
        Duration retry = null;
        if (outcome.decision() == StatusOutcome.Decision.RETRY) {
            LOG.infof("%s %s: retrying later: %s", primary.getKind(), name(primary), outcome.retryReason());
            retry = backoff(outcome, now);
        } else if (outcome.shouldApply()) {
            prepare(primary, decision);
            Applied applied = apply(primary, apply);
            switch (applied.outcome()) {
                case APPLIED, NAMESPACE_TERMINATING -> {
                    // a namespace being deleted takes this object with it: nothing to retry
                }
                case CONFLICT -> retry = MIN_RETRY; // another writer got there first: look again soon
                case FAILED -> {
                    Condition before = status.conditions == null ? null : status.conditions.stream()
                            .filter(c -> ConditionTypes.DEPENDENCIES_REACHABLE.equals(c.getType())).findFirst()
                            .orElse(null);
                    boolean again = before != null && "False".equals(before.getStatus())
                            && ConditionTypes.REASON_INFRASTRUCTURE_ERROR.equals(before.getReason())
                            && applied.message().equals(before.getMessage());
                    Conditions c = new Conditions(conditions, now, primary.getMetadata().getGeneration());
                    c.set(ConditionTypes.DEPENDENCIES_REACHABLE, false, ConditionTypes.REASON_INFRASTRUCTURE_ERROR,
                            applied.message());
                    conditions = c.list();
                    Duration failingFor = Duration.ZERO;
                    if (again) {
                        // the same failure as last time: keep when it started, back off, say it once
                        conditions.stream().filter(x -> ConditionTypes.DEPENDENCIES_REACHABLE.equals(x.getType()))
                                .forEach(x -> x.setLastTransitionTime(before.getLastTransitionTime()));
                        failingFor = Conditions.lastTransition(before).map(t -> Duration.between(t, now))
                                .orElse(Duration.ZERO);
                        LOG.debugf("%s %s: apply failed again: %s", primary.getKind(), name(primary),
                                applied.message());
                    } else {
                        LOG.warnf(applied.cause(), "%s %s: apply failed", primary.getKind(), name(primary));
                        events.warning(primary, ConditionTypes.REASON_INFRASTRUCTURE_ERROR, applied.message());
                    }
                    retry = clamp(failingFor);
                }
            }
        }
        status.conditions = conditions;
        status.statusValue(statusWord.apply(outcome.status()));
        status.observedGeneration = primary.getMetadata().getGeneration();
        List<String> transitioned = new ArrayList<>();
        List<Condition> progress = new ArrayList<>();
        for (StatusOutcome.Transition t : outcome.transitions()) {
            Condition c = t.condition();
            if (t.warning()) {
                events.transition(primary, c, true, eventMessage(c));
            } else {
                progress.add(c);
            }
            transitioned.add(c.getType());
        }
        recordProgress(primary, progress);
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
        Duration requeue = min(min(retry, decision.requeueFor(outcome.status())), remindAt);
        return requeue == null ? control : control.rescheduleAfter(requeue);
    }

    /** The default way to write a decision's objects: server-side apply, owned first, then deletions. */
    public void applyObjects(Decision<?> decision) {
        applier.applyAll(decision.owned());
        applier.applyAll(decision.unowned());
        decision.removals().forEach(applier::delete);
    }

    /**
     * The one place children get their owner reference (objects the decision owns) and their labels: the controller
     * label, {@code app.kubernetes.io/managed-by} and the labels they inherit from the reconciled object.
     */
    void prepare(HasMetadata primary, Decision<?> decision) {
        decision.owned().forEach(o -> Children.ownedBy(o, primary));
        decision.objects().forEach(o -> Children.label(o, primary, controller, decision.labelPropagation()));
    }

    enum Outcome { APPLIED, CONFLICT, NAMESPACE_TERMINATING, FAILED }

    record Applied(Outcome outcome, String message, RuntimeException cause) {
        Applied(Outcome outcome) {
            this(outcome, null, null);
        }
    }

    private Applied apply(HasMetadata primary, Runnable apply) {
        try {
            apply.run();
            return new Applied(Outcome.APPLIED);
        } catch (RuntimeException e) {
            if (isNamespaceTerminating(e)) {
                LOG.debugf("%s %s: namespace is terminating, nothing applied", primary.getKind(), name(primary));
                return new Applied(Outcome.NAMESPACE_TERMINATING);
            }
            if (isStopping(e)) {
                LOG.debugf("%s %s: apply interrupted, the operator is stopping", primary.getKind(), name(primary));
                return new Applied(Outcome.CONFLICT);
            }
            if (isConflict(e)) {
                LOG.debugf("%s %s: apply met a concurrent change, retrying: %s", primary.getKind(), name(primary),
                        e.getMessage());
                return new Applied(Outcome.CONFLICT);
            }
            return new Applied(Outcome.FAILED, "Failed to apply resources: " + e.getMessage(), e);
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

    /**
     * The operator is shutting down: its executors refuse work and interrupt what runs, and its closed client refuses
     * every request (only the stop closes it).
     */
    static boolean isStopping(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.util.concurrent.RejectedExecutionException || t instanceof InterruptedException
                    || (t instanceof java.io.InterruptedIOException && !(t instanceof java.net.SocketTimeoutException))
                    || (t instanceof IllegalStateException && "Client is closed".equals(t.getMessage()))) {
                return true;
            }
            // a workflow's failures are collected by dependent, not chained as causes
            if (t instanceof io.javaoperatorsdk.operator.AggregatedOperatorException a
                    && a.getAggregatedExceptions().values().stream().anyMatch(ReconcileTail::isStopping)) {
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
        return clamp(since);
    }

    /** Wait about as long as the trouble has lasted, at least {@link #MIN_RETRY}, at most {@link #MAX_RETRY}. */
    public static Duration clamp(Duration since) {
        return since.compareTo(MIN_RETRY) < 0 ? MIN_RETRY : since.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : since;
    }

    /**
     * Conditions that became healthy in one reconcile make one Normal Event, not one each: a service that starts
     * flips five or six conditions at once, and an Event per condition was most of the operator's writes in a burst
     * of services. The reason is the {@code Ready} condition's when it is among them (what a reader filters on),
     * else the only or first one's; the message names each condition. Failures keep one Warning per condition.
     */
    private void recordProgress(HasMetadata primary, List<Condition> progress) {
        if (progress.isEmpty()) {
            return;
        }
        if (progress.size() == 1) {
            events.transition(primary, progress.get(0), false, eventMessage(progress.get(0)));
            return;
        }
        Condition headline = progress.stream().filter(c -> ConditionTypes.READY.equals(c.getType())).findFirst()
                .orElse(progress.get(0));
        StringBuilder message = new StringBuilder(eventMessage(headline));
        for (Condition c : progress) {
            if (c != headline) {
                message.append("; ").append(c.getType()).append(' ').append(c.getStatus()).append(" (")
                        .append(c.getReason()).append(')');
            }
        }
        events.transition(primary, headline, false, message.toString());
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
