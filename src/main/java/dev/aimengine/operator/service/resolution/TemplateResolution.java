package dev.aimengine.operator.service.resolution;

import dev.aimengine.operator.service.selection.Selection;
import dev.aimengine.operator.service.selection.SelectionRequest;
import dev.aimengine.operator.service.selection.TemplateCandidate;
import dev.aimengine.operator.service.selection.TemplateSelector;
import dev.aimengine.operator.api.v1alpha1.AIMClusterServiceTemplate;
import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.api.v1alpha1.AIMServiceStatus;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplate;
import dev.aimengine.operator.common.status.AIMStatus;
import dev.aimengine.operator.common.naming.AimNames;
import dev.aimengine.operator.common.status.Component;
import dev.aimengine.operator.common.status.ComponentError;
import dev.aimengine.operator.gpu.GpuSnapshot;
import dev.aimengine.operator.template.TemplateModel;

import java.util.List;
import java.util.Optional;

/**
 * How an AIMService arrives at its template: an explicit {@code spec.template.name} (derived
 * override template, then the namespaced base, then the cluster base — upstream never looked at the namespaced base),
 * the template recorded in status while it stays Ready, or auto-selection by the {@link TemplateSelector}.
 *
 * @param chosen    the template to use, or null
 * @param component the {@code Template} component
 * @param selection the selector's result when auto-selection ran (report, capacity), else null
 */
public record TemplateResolution(TemplateCandidate chosen, Component component, Selection selection) {
    static final String COMPONENT = "Template";

    public boolean isReady() {
        return chosen != null && component.effectiveState() == AIMStatus.Ready;
    }

    /** The templates a service may use: those of its namespace and cluster-wide ones. */
    public record Catalogue(List<AIMServiceTemplate> namespaced, List<AIMClusterServiceTemplate> cluster) {
        Optional<AIMServiceTemplate> namespaced(String name) {
            return namespaced.stream().filter(t -> t.getMetadata().getName().equals(name)).findFirst();
        }

        Optional<AIMClusterServiceTemplate> cluster(String name) {
            return cluster.stream().filter(t -> t.getMetadata().getName().equals(name)).findFirst();
        }
    }

    public static TemplateResolution resolve(AIMService service, TemplateModel model, Catalogue catalogue,
            TemplateSelector selector, GpuSnapshot gpus) {
        var sel = service.getSpec().template;
        if (sel != null && sel.name != null && !sel.name.isBlank()) {
            return explicit(service, sel.name.trim(), catalogue);
        }
        if (model == null) {
            return new TemplateResolution(null, Component.of(COMPONENT, AIMStatus.Pending, "TemplateNotFound",
                    "Waiting for the model to be resolved").upstream(), null);
        }
        Optional<TemplateCandidate> recorded = recorded(service, catalogue);
        if (recorded.isPresent()) {
            // a template recorded in status is kept while it exists and stays Ready (the resolved-reference rule);
            // the selection report written when it was chosen stays in status
            return new TemplateResolution(recorded.get(), health(recorded.get()), null);
        }
        String modelName = model.name();
        List<TemplateCandidate> namespaced = catalogue.namespaced().stream()
                .filter(t -> modelName.equals(t.getSpec().modelName)).map(TemplateCandidate::of).toList();
        List<TemplateCandidate> cluster = catalogue.cluster().stream()
                .filter(t -> modelName.equals(t.getSpec().modelName)).map(TemplateCandidate::of).toList();
        boolean allowUnoptimized = sel != null && Boolean.TRUE.equals(sel.allowUnoptimized);
        String modelDefault = model.spec() == null ? null : model.spec().defaultServiceTemplate;
        Selection selection = selector.select(new SelectionRequest(namespaced, cluster, allowUnoptimized,
                service.getSpec().overrides, modelDefault, replicas(service)), gpus);
        if (!selection.outcome().chosen()) {
            AIMStatus state = selection.outcome() == Selection.Outcome.NONE_READY ? AIMStatus.Progressing
                    : AIMStatus.Pending;
            return new TemplateResolution(null, Component.of(COMPONENT, state, selection.reason(),
                    selection.message()).upstream(), selection);
        }
        return new TemplateResolution(selection.chosen(), health(selection.chosen()), selection);
    }

    private static TemplateResolution explicit(AIMService service, String name, Catalogue catalogue) {
        String derived = service.getSpec().overrides == null ? name
                : AimNames.derivedTemplate(name, service.getSpec().overrides);
        Optional<TemplateCandidate> found = catalogue.namespaced(derived).map(TemplateCandidate::of)
                .or(() -> catalogue.namespaced(name).map(TemplateCandidate::of))
                .or(() -> catalogue.cluster(name).map(TemplateCandidate::of));
        if (found.isEmpty()) {
            return new TemplateResolution(null, Component.failing(COMPONENT, ComponentError.missingUpstream(
                    "TemplateNotFound", "template \"" + name + "\" not found")).upstream(), null);
        }
        return new TemplateResolution(found.get(), health(found.get()), null);
    }

    private static Optional<TemplateCandidate> recorded(AIMService service, Catalogue catalogue) {
        AIMServiceStatus status = service.getStatus();
        if (status == null || status.resolvedTemplate == null || status.resolvedTemplate.name == null) {
            return Optional.empty();
        }
        String name = status.resolvedTemplate.name;
        Optional<TemplateCandidate> t = "Cluster".equals(status.resolvedTemplate.scope)
                ? catalogue.cluster(name).map(TemplateCandidate::of)
                : catalogue.namespaced(name).map(TemplateCandidate::of);
        return t.filter(c -> AIMStatus.parse(c.statusValue()) == AIMStatus.Ready);
    }

    /** Template health as the service sees it. */
    static Component health(TemplateCandidate t) {
        AIMStatus status = AIMStatus.parse(t.statusValue());
        String what = t.describe();
        Component c = switch (status) {
            case Ready -> Component.ready(COMPONENT, "Resolved", what + " is ready");
            case Pending, Progressing -> Component.of(COMPONENT, AIMStatus.Progressing, "TemplateNotReady",
                    what + " is not ready yet");
            case NotAvailable -> Component.of(COMPONENT, AIMStatus.NotAvailable, "TemplateNotReady",
                    what + " is not available (no matching GPUs)");
            case Failed, Degraded -> Component.of(COMPONENT, AIMStatus.Failed, "TemplateNotReady",
                    what + " is in failed state");
            default -> Component.of(COMPONENT, AIMStatus.Progressing, "TemplateNotReady",
                    what + " status: " + t.statusValue());
        };
        return c.upstream();
    }

    /** Replicas the template's GPUs are needed for: the autoscaling minimum, else the fixed count. */
    static int replicas(AIMService service) {
        var spec = service.getSpec();
        if (spec.minReplicas != null) {
            return spec.minReplicas;
        }
        return spec.replicas == null ? 1 : Math.max(1, spec.replicas);
    }
}
