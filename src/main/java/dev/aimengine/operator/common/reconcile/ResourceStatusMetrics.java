package dev.aimengine.operator.common.reconcile;

import dev.aimengine.operator.common.status.AIMStatus;
import dev.aimengine.operator.api.v1alpha1.AIMConditionedStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The gauge {@code aim_resources{kind, status}}: how many objects of each reconciled kind are in each
 * {@code status.status}, counted from the controllers' own caches at scrape time (objects without a status yet are
 * counted as {@code Unknown}). A controller registered again (operator restart) replaces its cache.
 */
@ApplicationScoped
public class ResourceStatusMetrics {
    public static final String METRIC = "aim.resources";
    static final String UNKNOWN = "Unknown";

    private final MeterRegistry registry;
    private final Map<String, IndexerResourceCache<? extends HasMetadata>> caches = new ConcurrentHashMap<>();

    @Inject
    public ResourceStatusMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts one kind from the primary cache of its controller. */
    public <P extends HasMetadata> void track(String kind, IndexerResourceCache<P> primaries) {
        boolean first = caches.put(kind, primaries) == null;
        if (!first) {
            return;
        }
        for (AIMStatus status : AIMStatus.values()) {
            register(kind, status.name(), p -> status.name().equals(statusOf(p)));
        }
        register(kind, UNKNOWN, p -> statusOf(p) == null);
    }

    private void register(String kind, String status, Predicate<HasMetadata> matches) {
        // a gauge left by an earlier instance (e.g. an application restart sharing the registry) would keep counting
        // that instance's caches
        registry.find(METRIC).tags("kind", kind, "status", status).meters().forEach(registry::remove);
        Gauge.builder(METRIC, this, m -> m.count(kind, matches))
                .description("AIM objects by kind and status.status")
                .tags("kind", kind, "status", status)
                .strongReference(true)
                .register(registry);
    }

    @SuppressWarnings("unchecked")
    private double count(String kind, Predicate<HasMetadata> matches) {
        var cache = (IndexerResourceCache<HasMetadata>) caches.get(kind);
        return cache == null ? 0 : cache.list(Objects::nonNull).filter(matches).count();
    }

    static String statusOf(HasMetadata resource) {
        if (resource instanceof CustomResource<?, ?> cr && cr.getStatus() instanceof AIMConditionedStatus s) {
            String v = s.statusValue();
            return v == null || v.isEmpty() ? null : v;
        }
        return null;
    }
}
