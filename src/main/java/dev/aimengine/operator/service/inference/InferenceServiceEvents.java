package dev.aimengine.operator.service.inference;

import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.common.reconcile.Caches;
import dev.aimengine.operator.common.reconcile.PruningStore;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The Events about InferenceServices (KServe reports Serverless mode rejected and internal errors this way), watched
 * instead of listed at every reconcile: the API server selects them ({@code involvedObject.kind=InferenceService}),
 * the cache keeps only what the health check reads, and a new Event re-triggers the service whose InferenceService
 * it is about.
 */
public class InferenceServiceEvents extends AbstractEventSource<Event, AIMService> {
    private final KubernetesClient client;
    private final Function<String, Set<ResourceID>> servicesOf;
    private volatile SharedIndexInformer<Event> informer;

    /** @param servicesOf the services of an InferenceService, by its {@code namespace/name} key */
    public InferenceServiceEvents(KubernetesClient client, Function<String, Set<ResourceID>> servicesOf) {
        super(Event.class, "inference-service-events");
        this.client = client;
        this.servicesOf = servicesOf;
    }

    /** This controller's instance, from a reconcile's context. */
    public static InferenceServiceEvents of(Context<AIMService> context) {
        return (InferenceServiceEvents) context.eventSourceRetriever().getEventSourceFor(Event.class,
                "inference-service-events");
    }

    /** The Events about one InferenceService. */
    public List<Event> about(String namespace, String name) {
        SharedIndexInformer<Event> i = informer;
        if (i == null) {
            return List.of();
        }
        return i.getStore().list().stream().filter(e -> namespace.equals(e.getInvolvedObject().getNamespace())
                && name.equals(e.getInvolvedObject().getName())).toList();
    }

    @Override
    public void start() {
        SharedIndexInformer<Event> i = client.v1().events().inAnyNamespace()
                .withField("involvedObject.kind", KServe.KIND).runnableInformer(0).itemStore(new PruningStore<>(InferenceServiceEvents::prune));
        i.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Event e) {
                trigger(e);
            }

            @Override
            public void onUpdate(Event before, Event e) {
                trigger(e);
            }

            @Override
            public void onDelete(Event e, boolean unknownFinalState) {
                // an expired Event changes nothing
            }
        });
        i.start().toCompletableFuture().join();
        informer = i;
        super.start();
    }

    private void trigger(Event e) {
        if (isRunning() && e.getInvolvedObject() != null) {
            servicesOf.apply(Caches.key(e.getInvolvedObject().getNamespace(), e.getInvolvedObject().getName()))
                    .forEach(id -> getEventHandler().handleEvent(new io.javaoperatorsdk.operator.processing.event.Event(id)));
        }
    }

    @Override
    public void stop() {
        SharedIndexInformer<Event> i = informer;
        if (i != null) {
            i.close();
        }
        super.stop();
    }

    @Override
    public Set<Event> getSecondaryResources(AIMService primary) {
        return Set.of();
    }

    /** Keeps the involved object, type, reason, message and times: what the InferenceService health check reads. */
    static Event prune(Event e) {
        return new EventBuilder().withNewMetadata().withName(e.getMetadata().getName())
                .withNamespace(e.getMetadata().getNamespace())
                .withResourceVersion(e.getMetadata().getResourceVersion())
                .withCreationTimestamp(e.getMetadata().getCreationTimestamp()).endMetadata()
                .withInvolvedObject(e.getInvolvedObject()).withType(e.getType()).withReason(e.getReason())
                .withMessage(e.getMessage()).withFirstTimestamp(e.getFirstTimestamp())
                .withLastTimestamp(e.getLastTimestamp()).withEventTime(e.getEventTime())
                .withCount(e.getCount()).build();
    }
}
