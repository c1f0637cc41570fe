package dev.aimengine.operator.template;

import dev.aimengine.operator.common.health.LogReader;
import dev.aimengine.operator.common.reconcile.Decision;
import dev.aimengine.operator.discovery.DiscoveryOutput;
import dev.aimengine.operator.discovery.DiscoveryPlanner;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;

import dev.aimengine.operator.api.v1alpha1.AIMCpuRequirements;
import dev.aimengine.operator.api.v1alpha1.AIMGpuRequirements;
import dev.aimengine.operator.api.v1alpha1.AIMHardwareRequirements;
import dev.aimengine.operator.api.v1alpha1.AIMModelSource;
import dev.aimengine.operator.api.v1alpha1.AIMResolvedReference;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplateSpec;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplateSpecCommon;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplateStatus;
import dev.aimengine.operator.api.v1alpha1.AIMTemplateCache;
import dev.aimengine.operator.api.v1alpha1.AIMTemplateCacheSpec;
import dev.aimengine.operator.api.v1alpha1.AIMTemplateScope;
import dev.aimengine.operator.common.status.AIMStatus;
import dev.aimengine.operator.common.status.Component;
import dev.aimengine.operator.common.status.ComponentError;
import dev.aimengine.operator.common.status.ConditionTypes;
import dev.aimengine.operator.common.status.Conditions;
import dev.aimengine.operator.gpu.GpuAvailability;
import dev.aimengine.operator.gpu.GpuCheck;
import dev.aimengine.operator.gpu.GpuSnapshot;
import dev.aimengine.operator.runtimeconfig.RuntimeConfigResolution;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Decides everything about one AIMServiceTemplate or AIMClusterServiceTemplate from observed state: components
 * (runtime config, model, GPU, discovery), the {@code Discovered} condition, the status fields derived from the spec
 * or from discovery, the discovery Job to create ({@link DiscoveryPlanner}) and the template-owned cache. Pure: no API
 * calls.
 */
public final class TemplatePlanner {
    static final String DISCOVERED = "Discovered";

    /**
     * Everything the planner reads. {@code model} is null when neither an AIMModel nor AIMClusterModel exists;
     * {@code discovery} holds the template's discovery Jobs and pods (empty lists when there are none).
     */
    public record Input(HasMetadata template, AIMServiceTemplateSpecCommon spec, AIMServiceTemplateStatus previous,
            TemplateModel model, RuntimeConfigResolution runtimeConfig, GpuSnapshot gpus, Discovery discovery) {

        /** Without discovery state (templates with inline sources, tests). */
        public Input(HasMetadata template, AIMServiceTemplateSpecCommon spec, AIMServiceTemplateStatus previous,
                TemplateModel model, RuntimeConfigResolution runtimeConfig, GpuSnapshot gpus) {
            this(template, spec, previous, model, runtimeConfig, gpus, Discovery.NONE);
        }
    }

    /** What was observed of the template's discovery: where its Jobs run, the Jobs, their pods, Events and logs. */
    public record Discovery(String jobNamespace, List<Job> jobs, List<Pod> pods, List<Event> podEvents, LogReader logs,
            Instant now) {
        static final Discovery NONE = new Discovery(null, List.of(), List.of(), List.of(), LogReader.NONE, Instant.EPOCH);
    }

    /** Components, the Discovered condition, status fields and the template-owned cache (when caching is on). */
    public static Decision<AIMServiceTemplateStatus> plan(Input in) {
        boolean cluster = in.template().getMetadata().getNamespace() == null;
        List<Component> components = new ArrayList<>();
        components.add(in.runtimeConfig().component().upstream());
        components.add(modelComponent(in, cluster));

        AIMHardwareRequirements hw = in.spec().hardware;
        boolean gpuAvailable = true;
        if (GpuAvailability.requiresGpu(hw)) {
            GpuCheck check = GpuAvailability.check(hw.gpu, in.gpus());
            gpuAvailable = check.available();
            components.add(check.available() ? Component.ready("GPU", check.reason(), check.message())
                    : Component.of("GPU", AIMStatus.NotAvailable, check.reason(), check.message()));
        }

        AIMServiceTemplateStatus status = statusFields(in);
        boolean inline = hasInlineSources(in.spec());
        boolean discovered = !inline && in.previous() != null && in.previous().modelSources != null
                && !in.previous().modelSources.isEmpty();
        Consumer<Conditions> decorator;
        Decision<AIMServiceTemplateStatus> decision = Decision.of(status)
                .labelPropagation(in.runtimeConfig().labelPropagation());
        boolean modelUsable = in.model() != null && in.model().spec() != null && in.model().spec().image != null
                && !in.model().spec().image.isBlank();
        if (inline) {
            decorator = c -> c.set(DISCOVERED, true, "InlineModelSources", "Model sources provided in-line in spec");
        } else if (discovered) {
            decorator = c -> c.set(DISCOVERED, true, "DiscoveryComplete", "Discovery results are recorded in status");
        } else if (!modelUsable || !gpuAvailable) {
            decorator = c -> c.set(DISCOVERED, false, "AwaitingDiscovery",
                    !modelUsable ? "Waiting for the model before discovery" : "Waiting for the GPU before discovery");
        } else {
            DiscoveryPlanner.Outcome d = DiscoveryPlanner.plan(new DiscoveryPlanner.Input(
                    in.template().getMetadata().getName(), in.discovery().jobNamespace(), in.spec(),
                    cluster ? null : in.spec().env, in.model().spec(), in.previous(), in.discovery().jobs(),
                    in.discovery().pods(), in.discovery().podEvents(), in.discovery().logs(), in.discovery().now()));
            components.addAll(d.components());
            status.discovery = d.state();
            if (d.latestJob() != null) {
                status.discoveryJob = d.latestJob();
            }
            if (d.output() != null) {
                recordDiscovery(status, d.output(), in);
            }
            decision.own(d.job()).requeueAfter(d.requeue());
            decorator = c -> c.set(DISCOVERED, d.discovered(), d.reason(), d.message());
        }
        decision.conditions(decorator);
        components.forEach(decision::component);
        if (gpuAvailable) {
            decision.own(ownedCache(in, inline));
        }
        return decision;
    }

    /**
     * The results of a completed discovery: model sources and profile, and the hardware it resolved to (the
     * profile's GPU model and count; resource name, minimum VRAM and CPU from the spec).
     */
    private static void recordDiscovery(AIMServiceTemplateStatus status, DiscoveryOutput.Result output, Input in) {
        status.modelSources = output.modelSources();
        status.profile = output.profile();
        AIMHardwareRequirements spec = in.spec().hardware;
        var meta = output.profile().metadata;
        AIMGpuRequirements gpu = new AIMGpuRequirements(meta.gpuCount == null ? 0 : meta.gpuCount, emptyToNull(meta.gpu));
        gpu.resourceName = spec == null || spec.gpu == null ? null : emptyToNull(spec.gpu.resourceName);
        gpu.minVram = spec == null || spec.gpu == null ? null : spec.gpu.minVram;
        boolean hasGpu = gpu.requestsOrZero() > 0 || gpu.model != null || gpu.resourceName != null;
        AIMCpuRequirements cpu = spec == null || spec.cpu == null ? null
                : new AIMCpuRequirements(spec.cpu.requests, spec.cpu.limits);
        status.resolvedHardware = !hasGpu && cpu == null ? null : new AIMHardwareRequirements(hasGpu ? gpu : null, cpu);
        status.hardwareSummary = status.resolvedHardware == null ? null
                : emptyToNull(GpuAvailability.hardwareSummary(status.resolvedHardware));
        status.resolvedNodeAffinity = status.resolvedHardware == null ? null
                : GpuAvailability.nodeAffinity(status.resolvedHardware, in.gpus());
    }

    static boolean hasInlineSources(AIMServiceTemplateSpecCommon spec) {
        return spec.modelSources != null && !spec.modelSources.isEmpty();
    }

    /** Model health as a template sees it, including the circular-dependency guard. */
    static Component modelComponent(Input in, boolean clusterTemplate) {
        String component = clusterTemplate ? "ClusterModel" : "Model";
        String modelName = in.spec().modelName;
        TemplateModel model = in.model();
        if (model == null) {
            String where = clusterTemplate ? "AIMClusterModel \"" + modelName + "\" not found"
                    : "no AIMModel \"" + modelName + "\" in namespace " + in.template().getMetadata().getNamespace()
                            + " and no AIMClusterModel of that name";
            return Component.failing(component, ComponentError.missingUpstream("ReferenceNotFound", where)).upstream();
        }
        if (model.spec() == null || model.spec().image == null || model.spec().image.isBlank()) {
            return Component.of(component, AIMStatus.Failed, "ImageNotSpecified", "Model does not specify an image")
                    .upstream();
        }
        AIMStatus modelStatus = model.status() == null ? AIMStatus.Pending : AIMStatus.parse(model.status().status);
        if ((modelStatus == AIMStatus.Failed || modelStatus == AIMStatus.Degraded)
                && failsForReasonsOtherThanTemplates(model)) {
            return Component.of(component, modelStatus, clusterTemplate ? "ClusterModelFailed" : "ModelFailed",
                    model.kind() + " " + model.name() + " is in " + modelStatus + " state").upstream();
        }
        String reason = clusterTemplate || model.isCluster() ? "ClusterModelFound" : "ModelFound";
        return Component.ready(component, reason, model.kind() + " " + model.name() + " found").upstream();
    }

    /** A model failing only because of its own templates must not fail those templates in turn. */
    private static boolean failsForReasonsOtherThanTemplates(TemplateModel model) {
        if (model.status() == null || model.status().conditions == null) {
            return false;
        }
        for (Condition c : model.status().conditions) {
            String type = c.getType();
            if (ConditionTypes.isComponent(type) && Conditions.FALSE.equals(c.getStatus())
                    && !type.equals("ServiceTemplatesReady") && !type.equals("ClusterServiceTemplatesReady")) {
                return true;
            }
        }
        return false;
    }

    /** Status fields derived from spec and model; discovery results already present are kept. */
    static AIMServiceTemplateStatus statusFields(Input in) {
        AIMServiceTemplateStatus s = new AIMServiceTemplateStatus();
        AIMServiceTemplateStatus prev = in.previous();
        if (prev != null) {
            s.modelSources = prev.modelSources;
            s.profile = prev.profile;
            s.discovery = prev.discovery;
            s.discoveryJob = prev.discoveryJob;
            s.resolvedHardware = prev.resolvedHardware;
            s.hardwareSummary = prev.hardwareSummary;
            s.resolvedNodeAffinity = prev.resolvedNodeAffinity;
            s.resolvedCache = prev.resolvedCache;
        }
        if (in.model() != null) {
            s.resolvedModel = AIMResolvedReference.to(in.model().resource());
        }
        s.resolvedRuntimeConfig = in.runtimeConfig().reference();
        if (hasInlineSources(in.spec())) {
            AIMServiceTemplateSpecCommon spec = in.spec();
            s.modelSources = spec.modelSources.stream().map(TemplatePlanner::copy).toList();
            s.profile = inlineProfile(spec);
            s.discovery = null;
            s.resolvedHardware = resolvedHardware(spec.hardware);
            s.hardwareSummary = s.resolvedHardware == null ? null
                    : emptyToNull(GpuAvailability.hardwareSummary(s.resolvedHardware));
            s.resolvedNodeAffinity = GpuAvailability.nodeAffinity(spec.hardware, in.gpus());
        } else if (s.resolvedHardware == null && in.spec().hardware != null) {
            s.resolvedHardware = resolvedHardware(in.spec().hardware);
            s.hardwareSummary = s.resolvedHardware == null ? null
                    : emptyToNull(GpuAvailability.hardwareSummary(s.resolvedHardware));
            s.resolvedNodeAffinity = GpuAvailability.nodeAffinity(in.spec().hardware, in.gpus());
        }
        return s;
    }

    private static AIMServiceTemplateStatus.Profile inlineProfile(AIMServiceTemplateSpecCommon spec) {
        AIMServiceTemplateStatus.ProfileMetadata m = new AIMServiceTemplateStatus.ProfileMetadata();
        AIMGpuRequirements gpu = spec.hardware == null ? null : spec.hardware.gpu;
        if (gpu != null) {
            m.gpuCount = gpu.requests;
            m.gpu = emptyToNull(gpu.model);
        }
        m.metric = spec.metric;
        m.precision = spec.precision;
        m.type = spec.type;
        AIMServiceTemplateStatus.Profile p = new AIMServiceTemplateStatus.Profile();
        p.metadata = m;
        return p;
    }

    /** Resolved hardware of templates without a discovered profile: the spec's hardware, GPU block only when meaningful. */
    static AIMHardwareRequirements resolvedHardware(AIMHardwareRequirements hw) {
        if (hw == null) {
            return null;
        }
        AIMGpuRequirements gpu = null;
        if (hw.gpu != null && (hw.gpu.requestsOrZero() > 0 || notEmpty(hw.gpu.model) || notEmpty(hw.gpu.resourceName))) {
            gpu = new AIMGpuRequirements(hw.gpu.requests, emptyToNull(hw.gpu.model));
            gpu.resourceName = emptyToNull(hw.gpu.resourceName);
            gpu.minVram = hw.gpu.minVram;
        }
        AIMCpuRequirements cpu = hw.cpu == null ? null : new AIMCpuRequirements(hw.cpu.requests, hw.cpu.limits);
        return gpu == null && cpu == null ? null : new AIMHardwareRequirements(gpu, cpu);
    }

    /**
     * The AIMTemplateCache a namespaced template with {@code caching.enabled} owns: named like the
     * template, created once the template's sources are known (inline, or discovered and Ready).
     */
    static AIMTemplateCache ownedCache(Input in, boolean inline) {
        if (!(in.spec() instanceof AIMServiceTemplateSpec spec) || spec.caching == null
                || !Boolean.TRUE.equals(spec.caching.enabled)) {
            return null;
        }
        boolean discoveredReady = in.previous() != null && AIMStatus.parse(in.previous().status) == AIMStatus.Ready
                && in.previous().modelSources != null && !in.previous().modelSources.isEmpty();
        if (!inline && !discoveredReady) {
            return null;
        }
        AIMTemplateCache cache = new AIMTemplateCache();
        cache.setMetadata(new ObjectMetaBuilder()
                .withName(in.template().getMetadata().getName())
                .withNamespace(in.template().getMetadata().getNamespace())
                .build());
        AIMTemplateCacheSpec cs = new AIMTemplateCacheSpec();
        cs.templateName = in.template().getMetadata().getName();
        cs.templateScope = AIMTemplateScope.Namespace.name();
        cs.env = spec.caching.env;
        cs.runtimeConfigName = spec.runtimeConfigName;
        cache.setSpec(cs);
        return cache;
    }

    private static AIMModelSource copy(AIMModelSource s) {
        AIMModelSource c = new AIMModelSource(s.modelId, s.sourceUri, s.size);
        c.env = s.env;
        return c;
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private TemplatePlanner() {
    }
}
