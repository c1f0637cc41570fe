package dev.aimengine.operator.common;

import dev.aimengine.operator.api.v1alpha1.AIMConditionedStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Arrays;

/**
 * The gauge {@code aim_resources{kind, status}}: how many objects of each reconciled kind are in each
 * {@code status.status}, counted from the controllers' own caches at scrape time (objects without a status yet are
 * counted as {@code Unknown}).
 */
@ApplicationScoped
public class ResourceStatusMetrics {
    public static final String METRIC = "aim.resources";

    private final MeterRegistry registry;

    @Inject
    public ResourceStatusMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Registers the gauges of one kind over the primary cache of its controller. */
    public <P extends HasMetadata> void track(String kind, IndexerResourceCache<P> primaries) {
        String[] values = Arrays.stream(AIMStatus.values()).map(Enum::name).toArray(String[]::new);
        for (String status : values) {
            Gauge.builder(METRIC, primaries, c -> c.list(p -> status.equals(statusOf(p))).count())
                    .description("AIM objects by kind and status.status")
                    .tags("kind", kind, "status", status)
                    .register(registry);
        }
        Gauge.builder(METRIC, primaries, c -> c.list(p -> statusOf(p) == null).count())
                .description("AIM objects by kind and status.status")
                .tags("kind", kind, "status", "Unknown")
                .register(registry);
    }

    static String statusOf(HasMetadata resource) {
        if (resource instanceof CustomResource<?, ?> cr && cr.getStatus() instanceof AIMConditionedStatus s) {
            String v = s.statusValue();
            return v == null || v.isEmpty() ? null : v;
        }
        return null;
    }
}
