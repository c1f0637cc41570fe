package dev.aimengine.operator.cache;

import dev.aimengine.operator.api.v1alpha1.AIMArtifact;
import dev.aimengine.operator.api.v1alpha1.AIMArtifactSpec;
import dev.aimengine.operator.api.v1alpha1.AIMCacheMode;
import dev.aimengine.operator.api.v1alpha1.AIMModelSource;
import dev.aimengine.operator.api.v1alpha1.AIMTemplateCache;
import dev.aimengine.operator.api.v1alpha1.AIMTemplateCacheSpec;
import dev.aimengine.operator.api.v1alpha1.AIMTemplateCacheStatus;
import dev.aimengine.operator.common.status.AIMStatus;
import dev.aimengine.operator.common.naming.AimNames;
import dev.aimengine.operator.common.status.Component;
import dev.aimengine.operator.common.status.ComponentError;
import dev.aimengine.operator.common.status.ConditionTypes;
import dev.aimengine.operator.common.status.DependencyType;
import dev.aimengine.operator.common.kube.EnvVars;
import dev.aimengine.operator.common.labels.Labels;
import dev.aimengine.operator.common.naming.Naming;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Quantity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an AIMTemplateCache does with its template's model sources: match each source to
 * the best existing AIMArtifact, plan artifacts for the sources without one, report the matched artifacts in
 * {@code status.artifacts}, and the {@code ArtifactsReady} and {@code ServiceTemplateReady} components.
 */
public final class CacheArtifacts {

    /** Component reported as condition {@code ArtifactsReady}. */
    public static final String ARTIFACTS_COMPONENT = "Artifacts";
    /** Component reported as condition {@code ServiceTemplateReady}. */
    public static final String SERVICE_TEMPLATE_COMPONENT = "ServiceTemplate";

    public static final String REASON_ALL_CACHES_READY = "AllCachesReady";
    public static final String REASON_CREATING_CACHES = "CreatingCaches";
    public static final String REASON_CACHES_NOT_READY = "CachesNotReady";
    public static final String REASON_NO_CACHES = "NoCaches";
    public static final String REASON_RESOURCE_FOUND = "ResourceFound";

    public static final String MESSAGE_ALL_CACHES_READY = "All caches are ready";
    public static final String MESSAGE_CREATING_CACHES = "Waiting for the AIM artifacts to be created";
    public static final String MESSAGE_CACHES_NOT_READY = "One or more caches are not ready";
    public static final String MESSAGE_NO_CACHES = "No artifacts to track";
    public static final String MESSAGE_NO_READY_CONDITION = "Resource found but no Ready condition present";
    public static final String MESSAGE_TEMPLATE_NOT_FOUND = "Upstream dependency not found";

    private CacheArtifacts() {
    }

    /**
     * The outcome of matching the template's sources against the namespace's artifacts.
     *
     * @param matched the best artifact per source, keyed by the source's {@code modelId}, in source order (a later
     *                source with the same modelId replaces the earlier one's artifact)
     * @param missing the sources without any candidate artifact, in source order: to be created
     */
    public record Match(Map<String, AIMArtifact> matched, List<AIMModelSource> missing) {
        public Match {
            matched = Collections.unmodifiableMap(new LinkedHashMap<>(matched));
            missing = List.copyOf(missing);
        }

        /** The matched artifacts, in source order. */
        public List<AIMArtifact> artifacts() {
            return List.copyOf(matched.values());
        }
    }

    /**
     * An artifact to apply for a missing source.
     *
     * @param artifact     the AIMArtifact, without owner references
     * @param ownedByCache {@code true} for Dedicated caches: the caller sets the cache as controlling owner;
     *                     Shared caches apply it unowned
     */
    public record PlannedArtifact(AIMArtifact artifact, boolean ownedByCache) {
    }

    /**
     * Whether the cache is in {@code Dedicated} mode. Anything else, including an unset mode (the CRD defaults it),
     * is {@code Shared}.
     */
    public static boolean isDedicated(AIMTemplateCache cache) {
        return AIMCacheMode.Dedicated.name().equals(spec(cache).mode);
    }

    /**
     * Chooses, for each template source, the best matching artifact of the namespace. An artifact is a candidate
     * when
     * <ul>
     * <li>its {@code status.status} is not empty (the artifact controller has seen it);</li>
     * <li>it fits the cache mode: a Shared cache only uses artifacts without owner references, a Dedicated cache only
     * artifacts with an owner reference to this cache's UID;</li>
     * <li>its {@code spec.sourceUri} equals the source's, and the cache has no {@code storageClassName} or the same
     * one as the artifact.</li>
     * </ul>
     * The best candidate has the highest status priority (Ready &gt; Progressing &gt; Pending &gt; Degraded &gt;
     * NotAvailable &gt; Failed; unknown values rank as Failed); among equals the first in list order wins.
     *
     * @param templateSources the template's {@code status.modelSources} ({@code null} counts as none)
     */
    public static Match match(AIMTemplateCache cache, List<AIMModelSource> templateSources,
            List<AIMArtifact> artifactsInNamespace) {
        Map<String, AIMArtifact> matched = new LinkedHashMap<>();
        List<AIMModelSource> missing = new ArrayList<>();
        for (AIMModelSource source : orEmpty(templateSources)) {
            AIMArtifact best = null;
            for (AIMArtifact candidate : orEmpty(artifactsInNamespace)) {
                if (isCandidate(cache, source, candidate) && (best == null
                        || priority(candidate) > priority(best))) {
                    best = candidate;
                }
            }
            if (best == null) {
                missing.add(source);
            } else {
                matched.put(source.modelId, best);
            }
        }
        return new Match(matched, missing);
    }

    /**
     * The AIMArtifacts to create for the missing sources; entry {@code i} is for {@code missing.get(i)}.
     * <ul>
     * <li>name: {@link AimNames#artifact} of the sourceUri, the merged env, the cache's storageClassName and, for a
     * Dedicated cache, its name; so Shared caches of a namespace that need the same source with the same env and
     * storage class share one artifact;</li>
     * <li>namespace: the cache's;</li>
     * <li>labels: {@code template-created: "true"}, {@code aim.eai.amd.com/template.name: <spec.templateName>},
     * {@code aim.eai.amd.com/template.scope: <templateScope>}, {@code aim.eai.amd.com/template.index: "<i>"},
     * {@code aim.eai.amd.com/template-cache.name: <sanitized cache name>};</li>
     * <li>spec: the cache's {@code storageClassName} and {@code runtimeConfigName}, the source's {@code sourceUri},
     * {@code modelId} and {@code size} (absent when the source has none: the artifact discovers it), and {@code env}
     * = the cache env overlaid by the source env, by name (absent when empty).</li>
     * </ul>
     *
     * @param templateScope value of the {@code template.scope} label; the original writes the cache's
     *                      {@code spec.templateScope} ({@code Namespace}, {@code Cluster} or {@code Unknown})
     */
    public static List<PlannedArtifact> plan(AIMTemplateCache cache, String templateScope,
            List<AIMModelSource> missing) {
        return plan(cache, templateScope, missing, missing);
    }

    /**
     * As {@link #plan(AIMTemplateCache, String, List)}, with {@code template.index} the source's position among all
     * the template's sources. On the first plan every source is missing and both numberings agree; afterwards a
     * reconcile that sees only some artifacts in its cache (one was created a moment ago) re-plans the rest, and a
     * position among the missing ones would relabel an existing artifact from "1" to "0".
     */
    public static List<PlannedArtifact> plan(AIMTemplateCache cache, String templateScope,
            List<AIMModelSource> missing, List<AIMModelSource> allSources) {
        AIMTemplateCacheSpec spec = spec(cache);
        boolean dedicated = isDedicated(cache);
        String cacheName = cache.getMetadata().getName();
        List<PlannedArtifact> planned = new ArrayList<>();
        List<AIMModelSource> sources = orEmpty(missing);
        for (int i = 0; i < sources.size(); i++) {
            AIMModelSource source = sources.get(i);
            List<EnvVar> env = EnvVars.mergeReplacing(spec.env, source.env);

            Map<String, String> labels = new LinkedHashMap<>();
            labels.put(Labels.TEMPLATE_CREATED, "true");
            labels.put(Labels.TEMPLATE_NAME, spec.templateName);
            labels.put(Labels.TEMPLATE_SCOPE, templateScope);
            int position = orEmpty(allSources).indexOf(source);
            labels.put(Labels.TEMPLATE_INDEX, Integer.toString(position < 0 ? i : position));
            labels.put(Labels.TEMPLATE_CACHE_NAME, sanitizedOrEmpty(cacheName));

            AIMArtifactSpec artifactSpec = new AIMArtifactSpec();
            artifactSpec.storageClassName = spec.storageClassName;
            artifactSpec.sourceUri = source.sourceUri;
            artifactSpec.modelId = source.modelId;
            artifactSpec.size = source.size == null ? null
                    : new Quantity(source.size.getAmount(), source.size.getFormat());
            artifactSpec.env = env.isEmpty() ? null : env;
            artifactSpec.runtimeConfigName = spec.runtimeConfigName;

            AIMArtifact artifact = new AIMArtifact();
            artifact.setMetadata(new ObjectMetaBuilder()
                    .withName(AimNames.artifact(source.sourceUri, env, spec.storageClassName, dedicated, cacheName))
                    .withNamespace(cache.getMetadata().getNamespace())
                    .withLabels(labels)
                    .build());
            artifact.setSpec(artifactSpec);
            planned.add(new PlannedArtifact(artifact, dedicated));
        }
        return planned;
    }

    /**
     * {@code status.artifacts}: one entry per matched artifact, keyed by the artifact's name, with its
     * {@code uid}, {@code name}, {@code model} (the modelId of the source it serves), {@code status} and
     * {@code persistentVolumeClaim}. {@code null} (the field is cleared) when nothing matched.
     *
     * @param matched {@link Match#matched()}
     */
    public static Map<String, AIMTemplateCacheStatus.ArtifactRef> statusArtifacts(Map<String, AIMArtifact> matched) {
        if (matched == null || matched.isEmpty()) {
            return null;
        }
        Map<String, AIMTemplateCacheStatus.ArtifactRef> refs = new LinkedHashMap<>();
        matched.forEach((modelId, artifact) -> {
            AIMTemplateCacheStatus.ArtifactRef ref = new AIMTemplateCacheStatus.ArtifactRef();
            ref.uid = artifact.getMetadata().getUid();
            ref.name = artifact.getMetadata().getName();
            ref.model = modelId;
            ref.status = artifact.getStatus() == null ? null : artifact.getStatus().status;
            ref.persistentVolumeClaim = artifact.getStatus() == null ? null
                    : artifact.getStatus().persistentVolumeClaim;
            refs.put(ref.name, ref);
        });
        return refs;
    }

    /**
     * The {@code Artifacts} component (condition {@code ArtifactsReady}, a downstream dependency):
     * <ul>
     * <li>some sources missing → False {@value #REASON_CREATING_CACHES} "{@value #MESSAGE_CREATING_CACHES}",
     * state Progressing, or the worst matched status when that is worse (Degraded, NotAvailable, Failed; a Pending
     * artifact counts as Progressing);</li>
     * <li>all matched artifacts Ready → True {@value #REASON_ALL_CACHES_READY} "{@value #MESSAGE_ALL_CACHES_READY}";</li>
     * <li>otherwise the state is the worst matched status, and the condition False with the {@code Ready} reason of
     * the first artifact in that state and the message "One or more caches are not ready: &lt;its Ready
     * message&gt;" ({@value #REASON_CACHES_NOT_READY} "{@value #MESSAGE_CACHES_NOT_READY}" when it has no
     * {@code Ready} condition with a reason);</li>
     * <li>nothing matched and nothing missing (the template has no sources) → False {@value #REASON_NO_CACHES}
     * "{@value #MESSAGE_NO_CACHES}", state Progressing.</li>
     * </ul>
     *
     * @param missing number of sources without an artifact
     * @param matched {@link Match#artifacts()}
     */
    public static Component artifactsComponent(int missing, List<AIMArtifact> matched) {
        List<AIMArtifact> artifacts = orEmpty(matched);
        AIMArtifact worst = null;
        for (AIMArtifact a : artifacts) {
            if (worst == null || priority(a) < priority(worst)) {
                worst = a;
            }
        }
        // an artifact waiting to start (Pending) is download progress from the cache's point of view
        AIMStatus worstStatus = worst == null ? null
                : statusOf(worst) == AIMStatus.Pending ? AIMStatus.Progressing : statusOf(worst);
        if (missing > 0) {
            AIMStatus state = worstStatus == null ? AIMStatus.Progressing
                    : AIMStatus.worst(AIMStatus.Progressing, worstStatus);
            return artifacts(state, REASON_CREATING_CACHES, MESSAGE_CREATING_CACHES);
        }
        if (worst == null) {
            return artifacts(AIMStatus.Progressing, REASON_NO_CACHES, MESSAGE_NO_CACHES);
        }
        if (worstStatus == AIMStatus.Ready) {
            return artifacts(AIMStatus.Ready, REASON_ALL_CACHES_READY, MESSAGE_ALL_CACHES_READY);
        }
        Condition ready = readyCondition(worst);
        if (ready == null || ready.getReason() == null || ready.getReason().isEmpty()) {
            return artifacts(worstStatus, REASON_CACHES_NOT_READY, MESSAGE_CACHES_NOT_READY);
        }
        return artifacts(worstStatus, ready.getReason(),
                MESSAGE_CACHES_NOT_READY + ": " + Objects.toString(ready.getMessage(), ""));
    }

    /**
     * The {@code ServiceTemplate} component (condition {@code ServiceTemplateReady}, an upstream dependency, so a
     * template that is not ready but merely progressing leaves the cache Pending):
     * <ul>
     * <li>no template → a missing-upstream error {@code ReferenceNotFound}, which fails the cache;</li>
     * <li>the template's {@code Ready} condition is True → Ready; False → the template's {@code status.status}
     * (Failed when empty); Unknown → Progressing; each with the condition's reason and message;</li>
     * <li>no {@code Ready} condition → the template's {@code status.status} (Ready when empty) with reason
     * {@value #REASON_RESOURCE_FOUND}.</li>
     * </ul>
     *
     * @param template the AIMServiceTemplate or AIMClusterServiceTemplate found for the cache's scope, or
     *                 {@code null}
     * @param templateStatus its {@code status.status}
     * @param templateReady its {@code Ready} condition, or {@code null}
     */
    public static Component serviceTemplateComponent(HasMetadata template, String templateStatus,
            Condition templateReady) {
        if (template == null) {
            return Component.failing(SERVICE_TEMPLATE_COMPONENT, ComponentError.missingUpstream(
                    ConditionTypes.REASON_REFERENCE_NOT_FOUND, MESSAGE_TEMPLATE_NOT_FOUND)).upstream();
        }
        boolean hasStatus = templateStatus != null && !templateStatus.isEmpty();
        if (templateReady == null) {
            return new Component(SERVICE_TEMPLATE_COMPONENT, hasStatus ? AIMStatus.parse(templateStatus) : null,
                    REASON_RESOURCE_FOUND, MESSAGE_NO_READY_CONDITION, List.of(), DependencyType.UPSTREAM);
        }
        AIMStatus state = switch (Objects.toString(templateReady.getStatus(), "")) {
            case "True" -> AIMStatus.Ready;
            case "False" -> hasStatus ? AIMStatus.parse(templateStatus) : AIMStatus.Failed;
            default -> AIMStatus.Progressing;
        };
        return new Component(SERVICE_TEMPLATE_COMPONENT, state, templateReady.getReason(), templateReady.getMessage(),
                List.of(), DependencyType.UPSTREAM);
    }

    private static boolean isCandidate(AIMTemplateCache cache, AIMModelSource source, AIMArtifact artifact) {
        String status = artifact.getStatus() == null ? null : artifact.getStatus().status;
        if (status == null || status.isEmpty()) {
            return false;
        }
        List<OwnerReference> owners = artifact.getMetadata().getOwnerReferences();
        boolean owned = owners != null && !owners.isEmpty();
        if (isDedicated(cache)) {
            String uid = Objects.toString(cache.getMetadata().getUid(), "");
            if (!owned || owners.stream().noneMatch(o -> uid.equals(Objects.toString(o.getUid(), "")))) {
                return false;
            }
        } else if (owned) {
            return false;
        }
        AIMArtifactSpec spec = artifact.getSpec() == null ? new AIMArtifactSpec() : artifact.getSpec();
        String cacheClass = Objects.toString(spec(cache).storageClassName, "");
        return Objects.toString(spec.sourceUri, "").equals(Objects.toString(source.sourceUri, ""))
                && (cacheClass.isEmpty() || cacheClass.equals(Objects.toString(spec.storageClassName, "")));
    }

    private static Component artifacts(AIMStatus state, String reason, String message) {
        return new Component(ARTIFACTS_COMPONENT, state, reason, message, List.of(), DependencyType.DOWNSTREAM);
    }

    private static Condition readyCondition(AIMArtifact artifact) {
        if (artifact.getStatus() == null || artifact.getStatus().conditions == null) {
            return null;
        }
        return artifact.getStatus().conditions.stream()
                .filter(c -> ConditionTypes.READY.equals(c.getType()))
                .findFirst().orElse(null);
    }

    private static AIMStatus statusOf(AIMArtifact artifact) {
        return AIMStatus.parse(artifact.getStatus() == null ? null : artifact.getStatus().status);
    }

    private static int priority(AIMArtifact artifact) {
        return statusOf(artifact).priority();
    }

    private static String sanitizedOrEmpty(String value) {
        try {
            return Naming.sanitizeLabelValue(value);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static AIMTemplateCacheSpec spec(AIMTemplateCache cache) {
        return cache.getSpec() == null ? new AIMTemplateCacheSpec() : cache.getSpec();
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
