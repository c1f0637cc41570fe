package dev.aimengine.operator.service;

import dev.aimengine.operator.service.inference.InferenceService;
import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.common.reconcile.ApiPresence;
import dev.aimengine.operator.common.reconcile.Children;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;

import java.util.Optional;
import java.util.Set;

/**
 * A serving object of an AIMService (InferenceService, HTTPRoute) that the workflow creates and updates but
 * <b>never deletes</b>. JOSDK deletes a deleter dependent whenever its reconcile precondition is false, so a
 * reconcile in which the planner produced no object (a template being edited, a model re-resolving) would take a
 * running endpoint down. These dependents are not deleters: the objects carry the service as controlling owner (set
 * in the apply stage) and leave with it through garbage collection; any deliberate removal happens in the
 * reconciler.
 *
 * <p>The object to apply is the one the planner put into the context ({@link ServiceObjects}); when there is none
 * the dependent is not reconciled at all ({@link Planned}).
 */
public abstract class ServiceChildDependent<R extends HasMetadata> extends KubernetesDependentResource<R, AIMService>
        implements Creator<R, AIMService>, Updater<R, AIMService> {

    /** Guards the first start of an optional API's informer (see {@link ApiInstalled}). */
    private static final Object INFORMER_START = new Object();
    private volatile boolean informerStarted;

    protected ServiceChildDependent(Class<R> type) {
        super(type);
    }

    /** The planned object of this kind, or null when none is planned. */
    protected abstract R planned(AIMService primary, Context<AIMService> context);

    @Override
    protected R desired(AIMService primary, Context<AIMService> context) {
        R planned = planned(primary, context);
        return planned == null ? null : Children.complete(planned);
    }

    /** The owner reference is set with the other children's, in the reconciler's apply stage. */
    @Override
    protected boolean addOwnerReference() {
        return false;
    }

    @Override
    protected void addReferenceHandlingMetadata(R desired, AIMService primary) {
        // the object already carries the service as controlling owner; no tracking annotations
    }

    @Override
    protected Optional<SecondaryToPrimaryMapper<R>> getSecondaryToPrimaryMapper(EventSourceContext<AIMService> context) {
        return Optional.of(Mappers.fromOwnerReferences(AIMService.class, false));
    }

    /**
     * A service's object is found by its name, which the service fixes: with this mapper JOSDK keeps no index from
     * services to objects (one more map to update on every event, and rebuilt over every cached object at each start
     * of the event source, see {@link #createEventSource}).
     */
    @Override
    protected InformerEventSourceConfiguration.Builder<R> informerConfigurationBuilder(
            EventSourceContext<AIMService> context) {
        return super.informerConfigurationBuilder(context).withPrimaryToSecondaryMapper(
                (AIMService primary) -> Set.of(new ResourceID(name(primary), primary.getMetadata().getNamespace())));
    }

    /**
     * JOSDK registers an activated dependent's event source again at every reconcile, and each start of an
     * InformerEventSource walks every object it has cached: a thousand services meant a thousand InferenceServices
     * copied per reconcile. Once running, starting it again does nothing.
     */
    @Override
    protected InformerEventSource<R, AIMService> createEventSource(EventSourceContext<AIMService> context) {
        InformerEventSource<R, AIMService> standard = super.createEventSource(context);
        InformerEventSource<R, AIMService> startsOnce = new InformerEventSource<>(standard.configuration(), context) {
            @Override
            public synchronized void start() {
                if (!isRunning()) {
                    super.start();
                }
            }
        };
        setEventSource(startsOnce);
        return startsOnce;
    }

    /** Reconciled only in the reconciles whose planner produced the object. */
    public static class Planned implements Condition<HasMetadata, AIMService> {
        @Override
        public boolean isMet(DependentResource<HasMetadata, AIMService> dependent, AIMService primary,
                Context<AIMService> context) {
            return ((ServiceChildDependent<?>) dependent).planned(primary, context) != null;
        }
    }

    /**
     * Active once the object's API (a CRD of KServe or the Gateway API) exists in the cluster. On the first reconcile
     * that sees the API, one thread registers and starts the dependent's informer while any other reconcile waits;
     * JOSDK's own registration then finds it running. The answer never turns back to false (see
     * {@link ApiPresence}), so the informer is never stopped and restarted under a burst of reconciles.
     */
    public abstract static class ApiInstalled implements Condition<HasMetadata, AIMService> {
        private final String crd;

        protected ApiInstalled(String crd) {
            this.crd = crd;
        }

        @Override
        public boolean isMet(DependentResource<HasMetadata, AIMService> dependent, AIMService primary,
                Context<AIMService> context) {
            if (!ApiPresence.isInstalled(context.getClient(), crd)) {
                return false;
            }
            ((ServiceChildDependent<?>) dependent).startInformerOnce(context);
            return true;
        }
    }

    private void startInformerOnce(Context<AIMService> context) {
        if (informerStarted) {
            return;
        }
        synchronized (INFORMER_START) {
            if (!informerStarted) {
                var retriever = context.eventSourceRetriever();
                retriever.dynamicallyRegisterEventSource(
                        eventSource(retriever.eventSourceContextForDynamicRegistration()).orElseThrow());
                informerStarted = true;
            }
        }
    }

    /** The object's id without computing the desired object (the name is fixed per service). */
    @Override
    protected ResourceID targetSecondaryResourceID(AIMService primary, Context<AIMService> context) {
        return new ResourceID(name(primary), primary.getMetadata().getNamespace());
    }

    /** The object's name for a service. */
    protected abstract String name(AIMService primary);
}
