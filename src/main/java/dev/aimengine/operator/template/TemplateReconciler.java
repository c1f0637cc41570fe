package dev.aimengine.operator.template;

import dev.aimengine.operator.api.v1alpha1.AIMClusterModel;
import dev.aimengine.operator.api.v1alpha1.AIMModel;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplateSpecCommon;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplateStatus;
import dev.aimengine.operator.common.health.LogReader;
import dev.aimengine.operator.common.labels.Labels;
import dev.aimengine.operator.common.reconcile.Caches;
import dev.aimengine.operator.common.reconcile.OperatorNamespace;
import dev.aimengine.operator.discovery.DiscoveryJobs;
import dev.aimengine.operator.discovery.DiscoverySlots;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import dev.aimengine.operator.common.reconcile.ControllerSupport;
import dev.aimengine.operator.common.reconcile.Decision;
import dev.aimengine.operator.gpu.GpuAvailability;
import dev.aimengine.operator.gpu.GpuEventSource;
import dev.aimengine.operator.gpu.GpuInventory;
import dev.aimengine.operator.gpu.GpuSnapshot;
import dev.aimengine.operator.runtimeconfig.RuntimeConfigResolution;
import dev.aimengine.operator.runtimeconfig.RuntimeConfigWatch;
import dev.aimengine.operator.runtimeconfig.RuntimeConfigs;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One implementation for both template kinds: resolve runtime config and model, check GPU availability, derive the
 * status from inline model sources (or recorded discovery results), create the template-owned cache.
 */
public abstract class TemplateReconciler<T extends CustomResource<? extends AIMServiceTemplateSpecCommon, AIMServiceTemplateStatus>>
        extends ControllerSupport<T, AIMServiceTemplateStatus, TemplateReconciler.Observation, TemplateReconciler.Resolution> {

    static final String BY_MODEL = "byModel";
    static final String BY_MODEL_NAME = "byModelName";

    /**
     * The runtime configs, the AIMModel (namespaced templates) and AIMClusterModel of the model name, the GPUs, and
     * the template's discovery Jobs with their pods, Events and logs.
     */
    public record Observation(RuntimeConfigs runtimeConfigs, AIMModel namespacedModel, AIMClusterModel clusterModel,
            GpuSnapshot gpus, TemplatePlanner.Discovery discovery) {
    }

    /** The merged runtime config and the model the template uses (null when there is none). */
    public record Resolution(RuntimeConfigResolution runtimeConfig, TemplateModel model) {
    }

    @Inject
    protected GpuInventory gpus;
    @Inject
    DiscoverySlots discoverySlots;

    /** Event sources beyond the ones both kinds share. */
    protected abstract List<EventSource<?, T>> additionalEventSources(EventSourceContext<T> context);

    @Override
    protected AIMServiceTemplateStatus emptyStatus() {
        return new AIMServiceTemplateStatus();
    }

    @Override
    protected Observation observe(T template, Context<T> context) {
        Caches caches = Caches.of(context);
        String name = template.getSpec().modelName;
        String ns = template.getMetadata().getNamespace();
        return new Observation(RuntimeConfigs.observe(caches, template.getSpec().runtimeConfigName, ns),
                ns == null ? null : caches.get(AIMModel.class, name, ns).orElse(null),
                caches.get(AIMClusterModel.class, name).orElse(null), gpus.snapshot(), discovery(template, caches));
    }

    /** The template's discovery Jobs (owned by it) in the Job namespace, their pods and the Events of pending ones. */
    private TemplatePlanner.Discovery discovery(T template, Caches caches) {
        String jobNamespace = jobNamespace(template);
        String name = template.getMetadata().getName();
        String uid = template.getMetadata().getUid();
        List<Job> jobs = caches.list(Job.class, jobNamespace, j -> name.equals(labels(j).get(Labels.TEMPLATE))
                && j.getMetadata().getOwnerReferences() != null
                && j.getMetadata().getOwnerReferences().stream().anyMatch(o -> o.getUid().equals(uid)));
        Set<String> jobNames = jobs.stream().map(j -> j.getMetadata().getName()).collect(Collectors.toSet());
        List<Pod> pods = caches.list(Pod.class, jobNamespace, p -> jobNames.contains(labels(p).get("job-name")));
        List<Event> events = new ArrayList<>();
        for (Pod p : pods) {
            if (p.getStatus() == null || "Pending".equals(p.getStatus().getPhase())) {
                try {
                    events.addAll(client.v1().events().inNamespace(jobNamespace)
                            .withField("involvedObject.name", p.getMetadata().getName()).list().getItems());
                } catch (KubernetesClientException e) {
                    // pod events only refine the message
                }
            }
        }
        LogReader logs = (pod, container, lines) -> {
            var log = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .inContainer(container);
            return lines == Integer.MAX_VALUE ? log.getLog() : log.tailingLines(lines).getLog();
        };
        return new TemplatePlanner.Discovery(jobNamespace, jobs, pods, events, logs, clock.instant());
    }

    /** Namespaced templates discover in their namespace, cluster templates in the operator's. */
    static String jobNamespace(CustomResource<?, ?> template) {
        String ns = template.getMetadata().getNamespace();
        return ns == null ? OperatorNamespace.get() : ns;
    }

    /** The discovery Job goes through the cluster-wide limit; everything else is applied as usual. */
    @Override
    protected void apply(T template, Context<T> context, Observation observation,
            Decision<AIMServiceTemplateStatus> decision) {
        var applier = tail().applier();
        for (HasMetadata o : decision.objects()) {
            if (o instanceof Job job) {
                discoverySlots.create(job, applier);
            } else {
                applier.apply(o);
            }
        }
    }

    private static Map<String, String> labels(HasMetadata o) {
        return o.getMetadata().getLabels() == null ? Map.of() : o.getMetadata().getLabels();
    }

    /** Namespaced templates use the AIMModel of their namespace, else the AIMClusterModel; cluster templates the latter. */
    @Override
    protected Resolution resolve(T template, Observation o) {
        TemplateModel model = o.namespacedModel() != null ? TemplateModel.of(o.namespacedModel())
                : o.clusterModel() != null ? TemplateModel.of(o.clusterModel()) : null;
        return new Resolution(o.runtimeConfigs().resolve(), model);
    }

    @Override
    protected Decision<AIMServiceTemplateStatus> plan(T template, Observation o, Resolution r) {
        return TemplatePlanner.plan(new TemplatePlanner.Input(template, template.getSpec(), template.getStatus(),
                r.model(), r.runtimeConfig(), o.gpus(), o.discovery()));
    }

    @Override
    public List<EventSource<?, T>> prepareEventSources(EventSourceContext<T> context) {
        IndexerResourceCache<T> primaries = context.getPrimaryCache();
        metrics.track(context.getPrimaryResourceClass().getSimpleName(), primaries);
        primaries.addIndexers(Map.of(
                BY_MODEL, t -> List.of(Caches.key(t.getMetadata().getNamespace(), t.getSpec().modelName)),
                BY_MODEL_NAME, t -> List.of(String.valueOf(t.getSpec().modelName))));

        List<EventSource<?, T>> sources = new ArrayList<>();
        sources.add(informer(context, AIMClusterModel.class,
                m -> ids(primaries.byIndex(BY_MODEL_NAME, m.getMetadata().getName()))));
        sources.addAll(RuntimeConfigWatch.eventSources(context, t -> t.getSpec().runtimeConfigName));
        sources.add(new GpuEventSource<>(gpus, primaries, t -> GpuAvailability.requiresGpu(t.getSpec().hardware),
                GpuEventSource.MODELS_CHANGED));
        // discovery Jobs and their pods: in the template's namespace, or the operator's for cluster templates
        boolean cluster = !io.fabric8.kubernetes.api.model.Namespaced.class.isAssignableFrom(
                context.getPrimaryResourceClass());
        Function<HasMetadata, Set<ResourceID>> toTemplate = o -> {
            String template = labels(o).get(Labels.TEMPLATE);
            if (template == null || (cluster && !OperatorNamespace.get().equals(o.getMetadata().getNamespace()))) {
                return Set.of();
            }
            return Set.of(new ResourceID(template, cluster ? null : o.getMetadata().getNamespace()));
        };
        sources.add(informer(context, Job.class, DiscoveryJobs.SELECTOR, toTemplate::apply));
        sources.add(informer(context, Pod.class, Labels.TEMPLATE, toTemplate::apply));
        sources.addAll(additionalEventSources(context));
        return sources;
    }

    /** The namespaced kind also watches the AIMModels of its namespace. */
    protected EventSource<?, T> namespacedModels(EventSourceContext<T> context) {
        IndexerResourceCache<T> primaries = context.getPrimaryCache();
        return informer(context, AIMModel.class, m -> ids(primaries.byIndex(BY_MODEL,
                Caches.key(m.getMetadata().getNamespace(), m.getMetadata().getName()))));
    }
}
