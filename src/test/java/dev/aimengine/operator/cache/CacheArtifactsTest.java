package dev.aimengine.operator.cache;

import dev.aimengine.operator.api.v1alpha1.AIMArtifact;
import dev.aimengine.operator.api.v1alpha1.AIMArtifactSpec;
import dev.aimengine.operator.api.v1alpha1.AIMArtifactStatus;
import dev.aimengine.operator.api.v1alpha1.AIMModelSource;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplate;
import dev.aimengine.operator.api.v1alpha1.AIMTemplateCache;
import dev.aimengine.operator.api.v1alpha1.AIMTemplateCacheSpec;
import dev.aimengine.operator.api.v1alpha1.AIMTemplateCacheStatus;
import dev.aimengine.operator.common.status.AIMStatus;
import dev.aimengine.operator.common.naming.AimNames;
import dev.aimengine.operator.common.status.Component;
import dev.aimengine.operator.common.status.DependencyType;
import dev.aimengine.operator.common.kube.EnvVars;
import dev.aimengine.operator.common.status.StatusEngine;
import dev.aimengine.operator.common.status.StatusOutcome;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CacheArtifactsTest {
    static final String QWEN = "hf://Qwen/Qwen3-0.6B";
    static final String LLAMA = "hf://meta-llama/Llama-3.1-8B";

    static AIMTemplateCache cache(String name, String mode, String storageClass, List<EnvVar> env) {
        AIMTemplateCache c = new AIMTemplateCache();
        c.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("ns").withUid("uid-" + name).build());
        AIMTemplateCacheSpec spec = new AIMTemplateCacheSpec();
        spec.templateName = "qwen-template";
        spec.templateScope = "Namespace";
        spec.mode = mode;
        spec.storageClassName = storageClass;
        spec.env = env;
        spec.runtimeConfigName = "rc";
        c.setSpec(spec);
        return c;
    }

    static AIMTemplateCache shared() {
        return cache("shared-cache", "Shared", null, null);
    }

    static AIMArtifact artifact(String name, String sourceUri, String status, String storageClass, String ownerUid) {
        AIMArtifact a = new AIMArtifact();
        a.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("ns").withUid("uid-" + name).build());
        if (ownerUid != null) {
            a.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder()
                    .withApiVersion("aim.eai.amd.com/v1alpha1").withKind("AIMTemplateCache").withName("owner")
                    .withUid(ownerUid).withController(true).build()));
        }
        a.setSpec(new AIMArtifactSpec());
        a.getSpec().sourceUri = sourceUri;
        a.getSpec().storageClassName = storageClass;
        a.setStatus(new AIMArtifactStatus());
        a.getStatus().status = status;
        a.getStatus().persistentVolumeClaim = name + "-cache-1234";
        return a;
    }

    static AIMArtifact withReady(AIMArtifact a, String status, String reason, String message) {
        a.getStatus().conditions = List.of(new ConditionBuilder().withType("Ready").withStatus(status)
                .withReason(reason).withMessage(message).build());
        return a;
    }

    static AIMModelSource source(String modelId, String sourceUri) {
        return new AIMModelSource(modelId, sourceUri, null);
    }

    static final AIMModelSource QWEN_SOURCE = source("Qwen/Qwen3-0.6B", QWEN);
    static final AIMModelSource LLAMA_SOURCE = source("meta-llama/Llama-3.1-8B", LLAMA);

    // ---- match ----

    @Test
    void sharedCacheIgnoresOwnedArtifacts() {
        AIMArtifact owned = artifact("owned", QWEN, "Ready", null, "uid-shared-cache");
        CacheArtifacts.Match m = CacheArtifacts.match(shared(), List.of(QWEN_SOURCE), List.of(owned));
        assertTrue(m.matched().isEmpty());
        assertEquals(List.of(QWEN_SOURCE), m.missing());

        AIMArtifact unowned = artifact("unowned", QWEN, "Pending", null, null);
        m = CacheArtifacts.match(shared(), List.of(QWEN_SOURCE), List.of(owned, unowned));
        assertSame(unowned, m.matched().get("Qwen/Qwen3-0.6B"));
        assertTrue(m.missing().isEmpty());
    }

    @Test
    void dedicatedCacheUsesOnlyItsOwnArtifacts() {
        AIMTemplateCache dedicated = cache("mine", "Dedicated", null, null);
        AIMArtifact unowned = artifact("unowned", QWEN, "Ready", null, null);
        AIMArtifact other = artifact("other", QWEN, "Ready", null, "uid-someone-else");
        AIMArtifact own = artifact("own", QWEN, "Failed", null, "uid-mine");

        CacheArtifacts.Match m = CacheArtifacts.match(dedicated, List.of(QWEN_SOURCE), List.of(unowned, other));
        assertEquals(List.of(QWEN_SOURCE), m.missing());

        m = CacheArtifacts.match(dedicated, List.of(QWEN_SOURCE), List.of(unowned, other, own));
        assertEquals(List.of(own), m.artifacts());
    }

    @Test
    void storageClassOfTheCacheFiltersArtifacts() {
        AIMArtifact slow = artifact("slow", QWEN, "Ready", "slow", null);
        AIMArtifact none = artifact("none", QWEN, "Ready", null, null);
        AIMArtifact fast = artifact("fast", QWEN, "Pending", "fast", null);

        AIMTemplateCache fastCache = cache("c", "Shared", "fast", null);
        assertEquals(List.of(fast), CacheArtifacts.match(fastCache, List.of(QWEN_SOURCE), List.of(slow, none, fast))
                .artifacts());
        assertEquals(1, CacheArtifacts.match(fastCache, List.of(QWEN_SOURCE), List.of(slow, none)).missing().size());

        // No storage class on the cache: any artifact of the source will do.
        AIMTemplateCache anyCache = cache("c", "Shared", "", null);
        assertEquals(List.of(slow), CacheArtifacts.match(anyCache, List.of(QWEN_SOURCE), List.of(slow, none, fast))
                .artifacts());
    }

    @Test
    void artifactsWithoutStatusAndOtherSourcesAreIgnored() {
        AIMArtifact fresh = artifact("fresh", QWEN, null, null, null);
        AIMArtifact empty = artifact("empty", QWEN, "", null, null);
        AIMArtifact llama = artifact("llama", LLAMA, "Ready", null, null);
        CacheArtifacts.Match m = CacheArtifacts.match(shared(), List.of(QWEN_SOURCE), List.of(fresh, empty, llama));
        assertEquals(List.of(QWEN_SOURCE), m.missing());
    }

    @Test
    void bestStatusWinsAndTheFirstOnTies() {
        AIMArtifact failed = artifact("a-failed", QWEN, "Failed", null, null);
        AIMArtifact pending = artifact("b-pending", QWEN, "Pending", null, null);
        AIMArtifact ready1 = artifact("c-ready", QWEN, "Ready", null, null);
        AIMArtifact progressing = artifact("d-progressing", QWEN, "Progressing", null, null);
        AIMArtifact ready2 = artifact("e-ready", QWEN, "Ready", null, null);
        assertSame(ready1, CacheArtifacts.match(shared(), List.of(QWEN_SOURCE),
                List.of(failed, pending, ready1, progressing, ready2)).artifacts().get(0));
        assertSame(progressing, CacheArtifacts.match(shared(), List.of(QWEN_SOURCE),
                List.of(failed, pending, progressing)).artifacts().get(0));
        assertSame(pending, CacheArtifacts.match(shared(), List.of(QWEN_SOURCE),
                List.of(failed, artifact("degraded", QWEN, "Degraded", null, null), pending)).artifacts().get(0));
        AIMArtifact failedToo = artifact("z-failed", QWEN, "Failed", null, null);
        assertSame(failed, CacheArtifacts.match(shared(), List.of(QWEN_SOURCE), List.of(failed, failedToo))
                .artifacts().get(0));
    }

    @Test
    void matchedAreKeyedByModelIdInSourceOrderAndMissingKeepsOrder() {
        AIMModelSource third = source("org/third", "s3://bucket/third");
        AIMArtifact llama = artifact("llama", LLAMA, "Ready", null, null);
        AIMArtifact thirdArtifact = artifact("third", "s3://bucket/third", "Progressing", null, null);
        CacheArtifacts.Match m = CacheArtifacts.match(shared(), List.of(third, QWEN_SOURCE, LLAMA_SOURCE,
                source("org/fourth", "hf://org/fourth")), List.of(llama, thirdArtifact));
        assertEquals(List.of("org/third", "meta-llama/Llama-3.1-8B"), new ArrayList<>(m.matched().keySet()));
        assertEquals(List.of("Qwen/Qwen3-0.6B", "org/fourth"), m.missing().stream().map(s -> s.modelId).toList());
    }

    @Test
    void noSourcesMatchNothing() {
        CacheArtifacts.Match m = CacheArtifacts.match(shared(), null, List.of(artifact("a", QWEN, "Ready", null, null)));
        assertTrue(m.matched().isEmpty());
        assertTrue(m.missing().isEmpty());
        assertTrue(CacheArtifacts.match(shared(), List.of(QWEN_SOURCE), null).matched().isEmpty());
    }

    // ---- plan ----

    @Test
    void indexIsTheSourcePositionInTheTemplateEvenWhenEarlierSourcesAreAlreadyCached() {
        AIMTemplateCache c = cache("c", "Shared", null, null);
        List<CacheArtifacts.PlannedArtifact> planned = CacheArtifacts.plan(c, "Namespace", List.of(QWEN_SOURCE),
                List.of(LLAMA_SOURCE, QWEN_SOURCE));
        assertEquals("1", planned.get(0).artifact().getMetadata().getLabels().get("aim.eai.amd.com/template.index"));
        assertEquals("0", CacheArtifacts.plan(c, "Namespace", List.of(LLAMA_SOURCE, QWEN_SOURCE)).get(0).artifact()
                .getMetadata().getLabels().get("aim.eai.amd.com/template.index"));
    }

    @Test
    void plannedArtifactHasNameLabelsAndSpec() {
        AIMTemplateCache c = cache("My.Cache", "Shared", "fast", List.of(EnvVars.of("HF_TOKEN", "cache"),
                EnvVars.of("BASE", "b")));
        AIMModelSource src = new AIMModelSource("Qwen/Qwen3-0.6B", QWEN, new Quantity("2Gi"));
        src.env = List.of(EnvVars.of("HF_TOKEN", "source"), EnvVars.of("EXTRA", "e"));

        List<CacheArtifacts.PlannedArtifact> planned = CacheArtifacts.plan(c, "Namespace",
                List.of(LLAMA_SOURCE, src));
        assertEquals(2, planned.size());
        CacheArtifacts.PlannedArtifact p = planned.get(1);
        assertFalse(p.ownedByCache());
        AIMArtifact a = p.artifact();

        List<EnvVar> merged = List.of(EnvVars.of("HF_TOKEN", "source"), EnvVars.of("BASE", "b"),
                EnvVars.of("EXTRA", "e"));
        assertEquals(AimNames.artifact(QWEN, merged, "fast", false, "My.Cache"), a.getMetadata().getName());
        assertEquals("ns", a.getMetadata().getNamespace());
        assertEquals(Map.of(
                "template-created", "true",
                "aim.eai.amd.com/template.name", "qwen-template",
                "aim.eai.amd.com/template.scope", "Namespace",
                "aim.eai.amd.com/template.index", "1",
                "aim.eai.amd.com/template-cache.name", "my.cache"), a.getMetadata().getLabels());
        assertEquals("0", planned.get(0).artifact().getMetadata().getLabels().get("aim.eai.amd.com/template.index"));
        assertTrue(a.getMetadata().getOwnerReferences() == null || a.getMetadata().getOwnerReferences().isEmpty());

        assertEquals("aim.eai.amd.com/v1alpha1", a.getApiVersion());
        assertEquals("AIMArtifact", a.getKind());
        assertEquals("fast", a.getSpec().storageClassName);
        assertEquals(QWEN, a.getSpec().sourceUri);
        assertEquals("Qwen/Qwen3-0.6B", a.getSpec().modelId);
        assertEquals("2Gi", a.getSpec().size.toString());
        assertEquals(merged, a.getSpec().env, "source env wins, cache-only names kept, new names appended");
        assertEquals("rc", a.getSpec().runtimeConfigName);
        assertNull(a.getSpec().modelDownloadImage);
        assertNull(a.getStatus());

        AIMArtifact llama = planned.get(0).artifact();
        assertNull(llama.getSpec().size, "no source size: the artifact discovers it");
        assertEquals(List.of(EnvVars.of("HF_TOKEN", "cache"), EnvVars.of("BASE", "b")), llama.getSpec().env);
    }

    @Test
    void plannedArtifactNameMatchesTheOriginalAlgorithm() {
        AIMArtifact a = CacheArtifacts.plan(cache("c", "Shared", null, null), "Cluster", List.of(QWEN_SOURCE)).get(0)
                .artifact();
        assertEquals("hf---qwen-qwen3-0-6b-5d3d1ab9a7", a.getMetadata().getName());
        assertNull(a.getSpec().env);
        assertNull(a.getSpec().storageClassName);
        assertEquals("Cluster", a.getMetadata().getLabels().get("aim.eai.amd.com/template.scope"));
    }

    @Test
    void twoSharedCachesWithTheSameSourceShareOneArtifact() {
        String first = CacheArtifacts.plan(cache("first", "Shared", null, null), "Namespace", List.of(QWEN_SOURCE))
                .get(0).artifact().getMetadata().getName();
        String second = CacheArtifacts.plan(cache("second", "Shared", null, null), "Namespace", List.of(QWEN_SOURCE))
                .get(0).artifact().getMetadata().getName();
        assertEquals(first, second);

        // A different env or storage class is a different artifact.
        assertNotEquals(first, CacheArtifacts.plan(cache("third", "Shared", "fast", null), "Namespace",
                List.of(QWEN_SOURCE)).get(0).artifact().getMetadata().getName());
        assertNotEquals(first, CacheArtifacts.plan(cache("fourth", "Shared", null, List.of(EnvVars.of("A", "1"))),
                "Namespace", List.of(QWEN_SOURCE)).get(0).artifact().getMetadata().getName());
    }

    @Test
    void dedicatedCachesPlanOwnedArtifactsWithTheirOwnName() {
        CacheArtifacts.PlannedArtifact p1 = CacheArtifacts.plan(cache("d1", "Dedicated", null, null), "Namespace",
                List.of(QWEN_SOURCE)).get(0);
        CacheArtifacts.PlannedArtifact p2 = CacheArtifacts.plan(cache("d2", "Dedicated", null, null), "Namespace",
                List.of(QWEN_SOURCE)).get(0);
        assertTrue(p1.ownedByCache());
        assertEquals(AimNames.artifact(QWEN, null, null, true, "d1"), p1.artifact().getMetadata().getName());
        assertNotEquals(p1.artifact().getMetadata().getName(), p2.artifact().getMetadata().getName());
        assertNotEquals(p1.artifact().getMetadata().getName(), CacheArtifacts.plan(shared(), "Namespace",
                List.of(QWEN_SOURCE)).get(0).artifact().getMetadata().getName());
    }

    @Test
    void unsetModeIsShared() {
        AIMTemplateCache c = cache("c", null, null, null);
        assertFalse(CacheArtifacts.isDedicated(c));
        assertFalse(CacheArtifacts.plan(c, "Namespace", List.of(QWEN_SOURCE)).get(0).ownedByCache());
        assertTrue(CacheArtifacts.match(c, List.of(QWEN_SOURCE),
                List.of(artifact("owned", QWEN, "Ready", null, "uid-c"))).matched().isEmpty());
    }

    @Test
    void planningDoesNotModifyTheInputs() {
        AIMTemplateCache c = cache("c", "Shared", null, new ArrayList<>(List.of(EnvVars.of("A", "1"))));
        AIMModelSource src = source("org/m", "hf://org/m");
        src.env = new ArrayList<>(List.of(EnvVars.of("A", "2")));
        AIMArtifact a = CacheArtifacts.plan(c, "Namespace", List.of(src)).get(0).artifact();
        a.getSpec().env.get(0).setValue("changed");
        assertEquals("1", c.getSpec().env.get(0).getValue());
        assertEquals("2", src.env.get(0).getValue());
    }

    // ---- status.artifacts ----

    @Test
    void statusArtifactsAreKeyedByArtifactName() {
        AIMArtifact qwen = artifact("qwen-art", QWEN, "Ready", null, null);
        AIMArtifact llama = artifact("llama-art", LLAMA, "Progressing", null, null);
        llama.getStatus().persistentVolumeClaim = null;
        Map<String, AIMTemplateCacheStatus.ArtifactRef> refs = CacheArtifacts.statusArtifacts(
                CacheArtifacts.match(shared(), List.of(QWEN_SOURCE, LLAMA_SOURCE), List.of(llama, qwen)).matched());
        assertEquals(List.of("qwen-art", "llama-art"), new ArrayList<>(refs.keySet()));
        AIMTemplateCacheStatus.ArtifactRef ref = refs.get("qwen-art");
        assertEquals("uid-qwen-art", ref.uid);
        assertEquals("qwen-art", ref.name);
        assertEquals("Qwen/Qwen3-0.6B", ref.model);
        assertEquals("Ready", ref.status);
        assertEquals("qwen-art-cache-1234", ref.persistentVolumeClaim);
        assertNull(ref.mountPoint);
        assertEquals("meta-llama/Llama-3.1-8B", refs.get("llama-art").model);
        assertEquals("Progressing", refs.get("llama-art").status);
        assertNull(refs.get("llama-art").persistentVolumeClaim);

        assertNull(CacheArtifacts.statusArtifacts(Map.of()));
        assertNull(CacheArtifacts.statusArtifacts(null));
    }

    // ---- ArtifactsReady ----

    static String describe(Component c) {
        return c.effectiveState() + "/" + c.effectiveReason() + "/" + c.effectiveMessage();
    }

    @Test
    void allReadyArtifacts() {
        Component c = CacheArtifacts.artifactsComponent(0, List.of(artifact("a", QWEN, "Ready", null, null),
                artifact("b", LLAMA, "Ready", null, null)));
        assertEquals("Artifacts", c.name());
        assertEquals("ArtifactsReady", c.conditionType());
        assertEquals(DependencyType.DOWNSTREAM, c.dependency());
        assertEquals("Ready/AllCachesReady/All caches are ready", describe(c));
    }

    @Test
    void missingSourcesMeanCreatingCaches() {
        assertEquals("Progressing/CreatingCaches/Waiting for the AIM artifacts to be created",
                describe(CacheArtifacts.artifactsComponent(2, List.of())));
        assertEquals("Progressing/CreatingCaches/Waiting for the AIM artifacts to be created",
                describe(CacheArtifacts.artifactsComponent(1, List.of(artifact("a", QWEN, "Ready", null, null)))));
        // a Pending artifact is download progress from the cache's point of view (as AIM Engine reports it)
        assertEquals("Progressing/CreatingCaches/Waiting for the AIM artifacts to be created",
                describe(CacheArtifacts.artifactsComponent(1, List.of(artifact("a", QWEN, "Pending", null, null)))));
        assertEquals("Failed/CreatingCaches/Waiting for the AIM artifacts to be created",
                describe(CacheArtifacts.artifactsComponent(1, List.of(artifact("a", QWEN, "Failed", null, null)))));
    }

    @Test
    void worstArtifactReadyConditionIsPropagated() {
        AIMArtifact ready = artifact("a", QWEN, "Ready", null, null);
        AIMArtifact progressing = withReady(artifact("b", LLAMA, "Progressing", null, null), "False", "Progressing",
                "Waiting for components to become ready");
        AIMArtifact failed1 = withReady(artifact("c", "hf://x/y", "Failed", null, null), "False", "AuthError",
                "Authentication or authorization failure");
        AIMArtifact failed2 = withReady(artifact("d", "hf://x/z", "Failed", null, null), "False", "InvalidSpec",
                "Configuration validation failed");
        assertEquals("Failed/AuthError/One or more caches are not ready: Authentication or authorization failure",
                describe(CacheArtifacts.artifactsComponent(0, List.of(ready, progressing, failed1, failed2))));
        assertEquals("Progressing/Progressing/One or more caches are not ready: Waiting for components to become ready",
                describe(CacheArtifacts.artifactsComponent(0, List.of(ready, progressing))));
    }

    @Test
    void worstArtifactWithoutReadyConditionGivesCachesNotReady() {
        assertEquals("Progressing/CachesNotReady/One or more caches are not ready",
                describe(CacheArtifacts.artifactsComponent(0, List.of(artifact("a", QWEN, "Ready", null, null),
                        artifact("b", LLAMA, "Pending", null, null)))));
    }

    @Test
    void noSourcesAtAllMeansNoCaches() {
        assertEquals("Progressing/NoCaches/No artifacts to track",
                describe(CacheArtifacts.artifactsComponent(0, List.of())));
        assertEquals("Progressing/NoCaches/No artifacts to track",
                describe(CacheArtifacts.artifactsComponent(0, null)));
    }

    // ---- ServiceTemplateReady ----

    static Condition ready(String status, String reason, String message) {
        return new ConditionBuilder().withType("Ready").withStatus(status).withReason(reason).withMessage(message)
                .build();
    }

    static final AIMServiceTemplate TEMPLATE = new AIMServiceTemplate();

    @Test
    void missingTemplateIsAMissingUpstreamReference() {
        Component c = CacheArtifacts.serviceTemplateComponent(null, null, null);
        assertEquals("ServiceTemplateReady", c.conditionType());
        assertEquals(DependencyType.UPSTREAM, c.dependency());
        assertEquals("Degraded/ReferenceNotFound/Upstream dependency not found", describe(c));
        assertEquals(dev.aimengine.operator.common.status.ErrorCategory.MISSING_UPSTREAM_DEPENDENCY,
                c.errors().get(0).category());
    }

    @Test
    void templateReadyConditionDecides() {
        assertEquals("Ready/AllComponentsReady/All components are ready", describe(
                CacheArtifacts.serviceTemplateComponent(TEMPLATE, "Ready",
                        ready("True", "AllComponentsReady", "All components are ready"))));
        assertEquals("NotAvailable/GPUNotAvailable/no GPU", describe(CacheArtifacts.serviceTemplateComponent(
                TEMPLATE, "NotAvailable", ready("False", "GPUNotAvailable", "no GPU"))));
        assertEquals("Progressing/Progressing/waiting", describe(CacheArtifacts.serviceTemplateComponent(
                TEMPLATE, "Progressing", ready("False", "Progressing", "waiting"))));
        assertEquals("Failed/X/y", describe(CacheArtifacts.serviceTemplateComponent(TEMPLATE, "",
                ready("False", "X", "y"))));
        assertEquals("Progressing/X/y", describe(CacheArtifacts.serviceTemplateComponent(TEMPLATE, "Failed",
                ready("Unknown", "X", "y"))));
    }

    @Test
    void templateWithoutReadyConditionUsesItsStatus() {
        assertEquals("Failed/ResourceFound/Resource found but no Ready condition present",
                describe(CacheArtifacts.serviceTemplateComponent(TEMPLATE, "Failed", null)));
        assertEquals("Ready/ResourceFound/Resource found but no Ready condition present",
                describe(CacheArtifacts.serviceTemplateComponent(TEMPLATE, null, null)));
    }

    // ---- resulting cache status, through the status engine ----

    static StatusOutcome outcome(Component... components) {
        return StatusEngine.evaluate(List.of(), List.of(components), 1L, Instant.EPOCH);
    }

    static Component readyTemplate() {
        return CacheArtifacts.serviceTemplateComponent(TEMPLATE, "Ready", ready("True", "AllComponentsReady", "ok"));
    }

    @Test
    void resultingCacheStatuses() {
        StatusOutcome missingTemplate = outcome(CacheArtifacts.serviceTemplateComponent(null, null, null),
                CacheArtifacts.artifactsComponent(0, List.of()));
        assertEquals(AIMStatus.Failed, missingTemplate.status());
        assertEquals("ReferenceNotFound", missingTemplate.condition("Ready").getReason());

        assertEquals(AIMStatus.Failed, outcome(CacheArtifacts.serviceTemplateComponent(TEMPLATE, "Failed",
                ready("False", "DiscoveryFailed", "x")), CacheArtifacts.artifactsComponent(1, List.of())).status());
        assertEquals(AIMStatus.NotAvailable, outcome(CacheArtifacts.serviceTemplateComponent(TEMPLATE,
                "NotAvailable", ready("False", "GPUNotAvailable", "x"))).status());
        assertEquals(AIMStatus.Pending, outcome(CacheArtifacts.serviceTemplateComponent(TEMPLATE, "Progressing",
                ready("False", "Progressing", "x")), CacheArtifacts.artifactsComponent(1, List.of())).status());

        StatusOutcome creating = outcome(readyTemplate(), CacheArtifacts.artifactsComponent(1, List.of()));
        assertEquals(AIMStatus.Progressing, creating.status());
        assertEquals("CreatingCaches", creating.condition("ArtifactsReady").getReason());

        assertEquals(AIMStatus.Ready, outcome(readyTemplate(), CacheArtifacts.artifactsComponent(0,
                List.of(artifact("a", QWEN, "Ready", null, null)))).status());

        StatusOutcome failed = outcome(readyTemplate(), CacheArtifacts.artifactsComponent(0, List.of(
                artifact("a", QWEN, "Ready", null, null),
                withReady(artifact("b", LLAMA, "Failed", null, null), "False", "SourceNotFound", "404"))));
        assertEquals(AIMStatus.Failed, failed.status());
        assertEquals("False", failed.condition("ArtifactsReady").getStatus());
        assertEquals("SourceNotFound", failed.condition("Ready").getReason());
    }
}
