package dev.aimengine.operator.service;

import dev.aimengine.operator.service.inference.InferenceService;
import dev.aimengine.operator.service.selection.Selection;
import dev.aimengine.operator.api.v1alpha1.AIMService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * Service domain metrics: {@code aim_template_selections_total{outcome}} (selected, ambiguous, none,
 * insufficient_capacity — counted when a service's selection outcome changes) and
 * {@code aim_service_time_to_inference_service_seconds} (from AIMService creation to its InferenceService being
 * created). Services by status are counted by {@code aim_resources{kind="AIMService"}}.
 */
@ApplicationScoped
public class ServiceMetrics {
    private final MeterRegistry registry;
    private final Timer timeToInferenceService;

    @Inject
    public ServiceMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.timeToInferenceService = Timer.builder("aim.service.time.to.inference.service")
                .description("Time from AIMService creation to its InferenceService being created")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofSeconds(1))
                .maximumExpectedValue(Duration.ofHours(2))
                .register(registry);
    }

    /** Counts a selection whose outcome differs from the one recorded before. */
    public void selection(Selection selection, String previousOutcome) {
        if (selection == null || selection.report() == null || selection.report().outcome == null
                || selection.report().outcome.equals(previousOutcome)) {
            return;
        }
        String outcome = switch (selection.outcome()) {
            case SELECTED, MODEL_DEFAULT -> selection.capacity() != null && !selection.capacity().sufficient()
                    ? "insufficient_capacity" : "selected";
            case AMBIGUOUS -> "ambiguous";
            default -> "none";
        };
        Counter.builder("aim.template.selections").description("Template selections by outcome")
                .tag("outcome", outcome).register(registry).increment();
    }

    public void inferenceServiceCreated(AIMService service, Instant now) {
        String created = service.getMetadata().getCreationTimestamp();
        if (created == null) {
            return;
        }
        Duration d = Duration.between(OffsetDateTime.parse(created).toInstant(), now);
        if (!d.isNegative()) {
            timeToInferenceService.record(d);
        }
    }
}
