package dev.aimengine.operator.modelsource;

import dev.aimengine.operator.api.v1alpha1.AIMClusterModel;
import dev.aimengine.operator.api.v1alpha1.AIMClusterModelSource;
import dev.aimengine.operator.api.v1alpha1.AIMClusterModelSourceStatus;
import dev.aimengine.operator.api.v1alpha1.AIMModelSpec;
import dev.aimengine.operator.common.labels.Labels;
import dev.aimengine.operator.common.naming.AimNames;
import dev.aimengine.operator.common.reconcile.Decision;
import dev.aimengine.operator.common.status.AIMStatus;
import dev.aimengine.operator.common.status.Component;
import dev.aimengine.operator.common.status.Conditions;
import dev.aimengine.operator.service.routing.GoDuration;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides one sync of an AIMClusterModelSource (pure): a model for each image found that no model of this source has
 * yet, in filter order, while the source holds fewer than {@code maxModels}; existing models are never changed or
 * deleted. An image found by two filters makes one model. Conditions: {@code ExistingModelsReady},
 * {@code FiltersReady} (all, some or no filters succeeded: Ready, Degraded, Failed) and {@code MaxModelsLimitReached}
 * (which, ending in "Reached", does not count towards the status).
 */
public final class ModelSourcePlanner {
    static final int DEFAULT_MAX_MODELS = 100;
    static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofHours(1);
    static final Duration MIN_SYNC_INTERVAL = Duration.ofMinutes(1);

    private ModelSourcePlanner() {
    }

    public static Decision<AIMClusterModelSourceStatus> plan(AIMClusterModelSource source,
            List<AIMClusterModel> existing, List<FilterResult> results, Instant now) {
        var spec = source.getSpec();
        int max = spec.maxModels == null ? DEFAULT_MAX_MODELS : spec.maxModels;
        Set<String> known = existing.stream().map(m -> m.getSpec() == null ? null : m.getSpec().image)
                .collect(Collectors.toSet());
        Map<String, SourceImage> available = new LinkedHashMap<>();
        results.forEach(r -> r.images().forEach(i -> available.putIfAbsent(i.uri(), i)));
        List<AIMClusterModel> created = new ArrayList<>();
        for (SourceImage image : available.values()) {
            if (existing.size() + created.size() >= max) {
                break;
            }
            if (!known.contains(image.uri())) {
                created.add(model(source, image));
            }
        }
        int discovered = existing.size() + created.size();
        int availableCount = (int) available.keySet().stream().filter(u -> !known.contains(u)).count()
                + existing.size();

        AIMClusterModelSourceStatus status = new AIMClusterModelSourceStatus();
        status.lastSyncTime = Conditions.timestamp(now);
        status.discoveredModels = discovered;
        status.availableModels = availableCount;
        status.modelsLimitReached = availableCount > discovered;

        Decision<AIMClusterModelSourceStatus> decision = Decision.of(status)
                .component(Component.ready("ExistingModels", "Listed", "Found " + existing.size() + " existing models"))
                .component(filters(results));
        created.forEach(decision::own);
        boolean limited = status.modelsLimitReached;
        decision.conditions(c -> c.set("MaxModelsLimitReached", limited, limited ? "LimitReached" : "WithinLimit",
                limited ? "Limit reached: " + discovered + " created, " + availableCount + " available"
                        : "Created " + discovered + " models, within limit"));
        decision.requeueAfter(syncInterval(spec.syncInterval));
        return decision;
    }

    static Component filters(List<FilterResult> results) {
        List<FilterResult> failed = results.stream().filter(r -> r.error() != null).toList();
        if (results.isEmpty()) {
            return Component.ready("Filters", "NoFilters", "No filters are configured");
        }
        if (failed.isEmpty()) {
            return Component.ready("Filters", "AllFiltersSucceeded", "All " + results.size() + " filters succeeded");
        }
        String errors = failed.stream().map(r -> r.filter() + ": " + r.error()).collect(Collectors.joining("; "));
        return failed.size() == results.size()
                ? Component.of("Filters", AIMStatus.Failed, "AllFiltersFailed", "All filters failed: " + errors)
                : Component.of("Filters", AIMStatus.Degraded, "SomeFiltersFailed",
                        failed.size() + " of " + results.size() + " filters failed: " + errors);
    }

    static AIMClusterModel model(AIMClusterModelSource source, SourceImage image) {
        AIMClusterModel model = new AIMClusterModel();
        model.getMetadata().setName(AimNames.clusterModelFromSource(image.registry(), image.repository(),
                image.tag()));
        model.getMetadata().setLabels(new LinkedHashMap<>(Map.of(
                Labels.MODEL_SOURCE, source.getMetadata().getName(),
                Labels.ORIGIN, Labels.ORIGIN_AUTO_GENERATED)));
        model.getMetadata().setAnnotations(new LinkedHashMap<>(Map.of(
                Labels.SOURCE_REGISTRY_ANNOTATION, image.registry(),
                Labels.SOURCE_REPOSITORY_ANNOTATION, image.repository(),
                Labels.SOURCE_TAG_ANNOTATION, image.tag())));
        AIMModelSpec spec = new AIMModelSpec();
        spec.image = image.uri();
        if (source.getSpec().imagePullSecrets != null && !source.getSpec().imagePullSecrets.isEmpty()) {
            spec.imagePullSecrets = List.copyOf(source.getSpec().imagePullSecrets);
        }
        model.setSpec(spec);
        return model;
    }

    /** {@code spec.syncInterval} as a Go duration; 1 h when unset or unreadable, at least a minute. */
    static Duration syncInterval(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_SYNC_INTERVAL;
        }
        try {
            Duration d = Duration.ofNanos(GoDuration.parse(text.trim()).nanos());
            return d.compareTo(MIN_SYNC_INTERVAL) < 0 ? MIN_SYNC_INTERVAL : d;
        } catch (RuntimeException e) {
            return DEFAULT_SYNC_INTERVAL;
        }
    }
}
