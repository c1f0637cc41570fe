package dev.aimengine.operator.common;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Kubernetes Events for an AIM object (core/v1, so {@code kubectl describe} and {@code kubectl get events} show
 * them). Failing to record an event is logged and never fails a reconcile.
 */
public final class EventRecorder {
    private static final Logger LOG = Logger.getLogger(EventRecorder.class);
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final String INSTANCE = System.getenv().getOrDefault("POD_NAME",
            System.getenv().getOrDefault("HOSTNAME", "aim-engine"));

    private final KubernetesClient client;
    private final String component;

    public EventRecorder(KubernetesClient client, String controller) {
        this.client = client;
        this.component = Labels.controllerManager(controller);
    }

    public void normal(HasMetadata object, String reason, String message) {
        record(object, "Normal", reason, message);
    }

    public void warning(HasMetadata object, String reason, String message) {
        record(object, "Warning", reason, message);
    }

    public void record(HasMetadata object, String type, String reason, String message) {
        String ns = object.getMetadata().getNamespace();
        String eventNamespace = ns == null || ns.isEmpty() ? "default" : ns;
        String now = Conditions.timestamp(Instant.now());
        String name = object.getMetadata().getName() + "." + Long.toHexString(System.currentTimeMillis())
                + Long.toHexString(SEQUENCE.incrementAndGet()).toLowerCase(Locale.ROOT);
        try {
            client.v1().events().inNamespace(eventNamespace).resource(new EventBuilder()
                    .withNewMetadata().withName(name).withNamespace(eventNamespace).endMetadata()
                    .withInvolvedObject(new ObjectReferenceBuilder()
                            .withApiVersion(object.getApiVersion())
                            .withKind(object.getKind())
                            .withName(object.getMetadata().getName())
                            .withNamespace(ns)
                            .withUid(object.getMetadata().getUid())
                            .build())
                    .withType(type)
                    .withReason(reason)
                    .withMessage(message == null ? "" : truncate(message))
                    .withNewSource().withComponent(component).endSource()
                    .withReportingComponent(component)
                    .withReportingInstance(INSTANCE)
                    .withFirstTimestamp(now)
                    .withLastTimestamp(now)
                    .withCount(1)
                    .build()).create();
        } catch (RuntimeException e) {
            LOG.debugf(e, "could not record event %s for %s/%s", reason, ns, object.getMetadata().getName());
        }
    }

    private static String truncate(String message) {
        return message.length() <= 1024 ? message : message.substring(0, 1021) + "...";
    }
}
