package dev.aimengine.operator.model;

import dev.aimengine.operator.common.status.AIMStatus;
import dev.aimengine.operator.common.status.Component;

import java.util.List;

/** The ServiceTemplates / ClusterServiceTemplates component of a model: its templates' statuses. */
record TemplateAggregation(AIMStatus state, String reason, String message) {

    static TemplateAggregation of(Boolean expects, List<String> statuses) {
        int ready = 0, progressing = 0, failed = 0, notAvailable = 0;
        for (String s : statuses) {
            switch (s == null ? "" : s) {
                case "Ready" -> ready++;
                case "Progressing", "Pending" -> progressing++;
                case "Degraded", "Failed" -> failed++;
                case "NotAvailable" -> notAvailable++;
                default -> {
                }
            }
        }
        int total = statuses.size();
        if (total == 0) {
            if (expects == null) {
                return new TemplateAggregation(AIMStatus.Progressing, "AwaitingMetadata",
                        "Waiting for the model to fetch metadata");
            }
            return expects ? new TemplateAggregation(AIMStatus.Progressing, "CreatingTemplates",
                    "Creating templates for the model")
                    : new TemplateAggregation(AIMStatus.Ready, "NoTemplatesExpected",
                            "The model does not have any recommended templates");
        }
        if (ready == total) {
            return new TemplateAggregation(AIMStatus.Ready, "AllTemplatesReady", "All templates are ready");
        }
        if (failed == total) {
            return new TemplateAggregation(AIMStatus.Failed, "AllTemplatesFailed", "All templates are degraded or failed");
        }
        if (notAvailable == total) {
            return new TemplateAggregation(AIMStatus.NotAvailable, "NoTemplatesAvailable",
                    "None of the model's templates are available (no matching GPUs in the cluster)");
        }
        if (failed > 0) {
            return new TemplateAggregation(AIMStatus.Degraded, "SomeTemplatesDegraded", "Some templates are degraded or failed");
        }
        if (progressing > 0) {
            return new TemplateAggregation(AIMStatus.Progressing, "TemplatesProgressing", "Templates are progressing");
        }
        if (ready > 0 && notAvailable > 0) {
            return new TemplateAggregation(AIMStatus.Ready, "SomeTemplatesReady",
                    "All templates have finished processing (some are not available)");
        }
        return new TemplateAggregation(AIMStatus.Progressing, "TemplatesProgressing", "Unknown status");
    }

    Component component(String name) {
        return Component.of(name, state, reason, message);
    }
}
