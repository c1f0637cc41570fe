package dev.aimengine.operator.common.status;

import dev.aimengine.operator.common.status.StatusOutcome.Decision;
import dev.aimengine.operator.testing.ConditionSchema;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatusEngineTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static StatusOutcome run(List<Condition> existing, Instant now, Component... components) {
        return StatusEngine.evaluate(existing, List.of(components), 3L, now);
    }

    static StatusOutcome run(Component... components) {
        return run(List.of(), T0, components);
    }

    static String cond(StatusOutcome o, String type) {
        Condition c = o.condition(type);
        return c == null ? null : c.getStatus() + "/" + c.getReason();
    }

    @Test
    void allComponentsReady() {
        StatusOutcome o = run(Component.ready("Model", "ModelFound", "found"), Component.ready("GPU", "GPUAvailable", "ok"));
        assertEquals(AIMStatus.Ready, o.status());
        assertEquals(Decision.APPLY, o.decision());
        assertEquals("True/AllComponentsReady", cond(o, "Ready"));
        assertEquals("All components are ready", o.condition("Ready").getMessage());
        assertEquals("True/ModelFound", cond(o, "ModelReady"));
        // lazy parents are only created when needed
        assertNull(o.condition("DependenciesReachable"));
        assertNull(o.condition("AuthValid"));
        assertNull(o.condition("ConfigValid"));
        assertEquals(3L, o.condition("Ready").getObservedGeneration());
    }

    @Test
    void noComponentsIsReady() {
        assertEquals(AIMStatus.Ready, run().status());
    }

    @Test
    void upstreamNotReadyIsPendingAndDownstreamIsProgressing() {
        StatusOutcome up = run(Component.of("Model", AIMStatus.Progressing, "ModelNotReady", "waiting").upstream());
        assertEquals(AIMStatus.Pending, up.status());
        assertEquals("False/Progressing", cond(up, "Ready"));
        assertEquals("Waiting for components to become ready", up.condition("Ready").getMessage());
        StatusOutcome down = run(Component.of("Cache", AIMStatus.Progressing, "CacheNotReady", "downloading").downstream());
        assertEquals(AIMStatus.Progressing, down.status());
        assertEquals(Decision.APPLY, down.decision());
    }

    @Test
    void explicitPendingStateWinsOverDependencyType() {
        StatusOutcome o = run(Component.of("Pods", AIMStatus.Pending, "FailedScheduling", "0/3 nodes").downstream());
        assertEquals(AIMStatus.Pending, o.status());
    }

    @Test
    void missingUpstreamReferenceFailsAndWaits() {
        StatusOutcome o = run(Component.failing("RuntimeConfig",
                ComponentError.missingUpstream("ConfigNotFound", "RuntimeConfig nope not found")));
        assertEquals(AIMStatus.Failed, o.status());
        assertEquals(Decision.WAIT, o.decision());
        assertEquals("False/ConfigNotFound", cond(o, "RuntimeConfigReady"));
        assertEquals("RuntimeConfig nope not found", o.condition("RuntimeConfigReady").getMessage());
        assertEquals("False/ReferenceNotFound", cond(o, "ConfigValid"));
        assertEquals("False/ReferenceNotFound", cond(o, "Ready"));
        assertEquals("Referenced resource not found", o.condition("Ready").getMessage());
    }

    @Test
    void authBeatsInvalidSpecBeatsMissingReference() {
        StatusOutcome o = run(
                Component.failing("A", ComponentError.missingUpstream("X", "x")),
                Component.failing("B", ComponentError.invalidSpec("Y", "y")),
                Component.failing("C", ComponentError.auth("ImagePullAuthFailure", "denied")));
        assertEquals("False/AuthError", cond(o, "Ready"));
        assertEquals("False/AuthError", cond(o, "AuthValid"));
        assertEquals("False/InvalidSpec", cond(o, "ConfigValid"));
        assertEquals(AIMStatus.Failed, o.status());
        assertEquals(Decision.WAIT, o.decision());
    }

    @Test
    void infrastructureErrorWithinGraceKeepsPreviousComponentStatus() {
        StatusOutcome ok = run(Component.ready("GPU", "GPUAvailable", "ok"));
        StatusOutcome o = run(ok.conditions(), T0.plusSeconds(60),
                Component.failing("GPU", ComponentError.infrastructure("ServiceUnavailable", "apiserver down")));
        assertEquals("False/InfrastructureError", cond(o, "DependenciesReachable"));
        assertEquals("True", o.condition("GPUReady").getStatus());
        assertEquals(AIMStatus.Ready, o.status());
        assertEquals(Decision.RETRY, o.decision());
        assertEquals("GPU: apiserver down", o.retryReason());
    }

    @Test
    void infrastructureErrorPastGraceDegrades() {
        StatusOutcome ok = run(Component.ready("GPU", "GPUAvailable", "ok"));
        StatusOutcome first = run(ok.conditions(), T0.plusSeconds(60),
                Component.failing("GPU", ComponentError.infrastructure("ServiceUnavailable", "down")));
        StatusOutcome later = run(first.conditions(), T0.plusSeconds(75),
                Component.failing("GPU", ComponentError.infrastructure("ServiceUnavailable", "down")));
        assertEquals("False/ServiceUnavailable", cond(later, "GPUReady"));
        assertEquals(AIMStatus.Degraded, later.status());
        assertEquals("False/ServiceUnavailable", cond(later, "Ready"));
        assertEquals("Component GPU is not ready: down", later.condition("Ready").getMessage());
        assertEquals(Decision.RETRY, later.decision());
    }

    @Test
    void unknownErrorsRetryAndDegrade() {
        StatusOutcome o = run(Component.failing("ImageMetadata", ComponentError.unknown("registry timeout")));
        assertEquals("False/UnknownError", cond(o, "ImageMetadataReady"));
        assertEquals(AIMStatus.Degraded, o.status());
        assertEquals("False/InfrastructureError", cond(o, "Ready"));
        assertEquals(Decision.RETRY, o.decision());
    }

    @Test
    void recoveryFlipsLazyParentsToTrueAndKeepsThem() {
        StatusOutcome failed = run(Component.failing("RuntimeConfig", ComponentError.missingUpstream("ConfigNotFound", "x")),
                Component.failing("Image", ComponentError.auth("AuthError", "denied")),
                Component.failing("Api", ComponentError.infrastructure("Timeout", "slow")));
        StatusOutcome ok = run(failed.conditions(), T0.plusSeconds(5), Component.ready("RuntimeConfig", "ConfigFound", "ok"));
        assertEquals("True/ConfigurationValid", cond(ok, "ConfigValid"));
        assertEquals("True/AuthenticationValid", cond(ok, "AuthValid"));
        assertEquals("True/Reachable", cond(ok, "DependenciesReachable"));
        assertEquals(AIMStatus.Ready, ok.status());
        StatusOutcome again = run(ok.conditions(), T0.plusSeconds(10), Component.ready("RuntimeConfig", "ConfigFound", "ok"));
        assertEquals("True/ConfigurationValid", cond(again, "ConfigValid"));
    }

    @Test
    void lastTransitionTimeMovesOnlyOnStatusOrReasonChange() {
        StatusOutcome a = run(List.of(), T0, Component.of("Cache", AIMStatus.Progressing, "CacheNotReady", "10%"));
        StatusOutcome b = run(a.conditions(), T0.plusSeconds(30), Component.of("Cache", AIMStatus.Progressing, "CacheNotReady", "50%"));
        assertEquals(a.condition("CacheReady").getLastTransitionTime(), b.condition("CacheReady").getLastTransitionTime());
        assertEquals("50%", b.condition("CacheReady").getMessage());
        StatusOutcome c = run(b.conditions(), T0.plusSeconds(60), Component.of("Cache", AIMStatus.Failed, "CacheFailed", "boom"));
        assertEquals(Conditions.timestamp(T0.plusSeconds(60)), c.condition("CacheReady").getLastTransitionTime());
        assertTrue(b.transitions().isEmpty(), "message-only change is not a transition");
    }

    @Test
    void notAvailableComponentNamesTheReason() {
        StatusOutcome o = run(Component.ready("Model", "ModelFound", "ok"),
                Component.of("GPU", AIMStatus.NotAvailable, "GPUNotAvailable", "Required GPU model 'MI300X' not available"));
        assertEquals(AIMStatus.NotAvailable, o.status());
        assertEquals("False/GPUNotAvailable", cond(o, "Ready"));
        assertEquals("Component GPU is not ready: Required GPU model 'MI300X' not available", o.condition("Ready").getMessage());
        assertEquals(Decision.APPLY, o.decision());
    }

    @Test
    void worstStatusWins() {
        StatusOutcome o = run(Component.of("A", AIMStatus.Progressing, "P", "p").downstream(),
                Component.of("B", AIMStatus.Failed, "F", "f"), Component.of("C", AIMStatus.Degraded, "D", "d"));
        assertEquals(AIMStatus.Failed, o.status());
        assertEquals("False/F", cond(o, "Ready"));
    }

    @Test
    void resourceExhaustionFailsTheComponentButStillApplies() {
        StatusOutcome o = run(Component.failing("DownloadJobPods", ComponentError.resourceExhaustion("StorageFull", "ENOSPC")));
        assertEquals(AIMStatus.Failed, o.status());
        assertEquals(Decision.APPLY, o.decision());
        assertNull(o.condition("ConfigValid"));
    }

    @Test
    void missingDownstreamIsProgressingAndApplies() {
        StatusOutcome o = run(Component.failing("InferenceService", ComponentError.missingDownstream("NotFound", "not yet")));
        assertEquals(AIMStatus.Progressing, o.status());
        assertEquals(Decision.APPLY, o.decision());
        // children not created yet are progress: a Normal event, no reminders
        assertTrue(o.failing().isEmpty(), o.failing().toString());
        assertTrue(o.transitions().stream().noneMatch(StatusOutcome.Transition::warning), o.transitions().toString());
        // next to a real problem the component is a Warning again
        StatusOutcome both = run(new Component("Pods", AIMStatus.Progressing, null, null, List.of(
                ComponentError.missingDownstream("NoPods", "none"), ComponentError.resourceExhaustion("Full", "ENOSPC")),
                DependencyType.UNSPECIFIED));
        assertTrue(both.failing().contains("PodsReady"), both.failing().toString());
    }

    @Test
    void componentsNoLongerReportedAreRemoved() {
        StatusOutcome a = run(Component.of("DiscoveryJob", AIMStatus.Progressing, "JobRunning", "running"));
        StatusOutcome b = run(a.conditions(), T0.plusSeconds(1), Component.ready("Model", "ModelFound", "ok"));
        assertNull(b.condition("DiscoveryJobReady"));
        assertEquals(AIMStatus.Ready, b.status());
    }

    @Test
    void decoratorConditionsTakePart() {
        StatusOutcome o = StatusEngine.evaluate(List.of(), List.of(Component.ready("Model", "ok", "ok")),
                c -> {
                    c.set("Discovered", true, "InlineModelSources", "Model sources provided in-line in spec");
                    c.set("ExtraReady", false, "Waiting", "w");
                }, 1L, T0);
        assertEquals("True/InlineModelSources", cond(o, "Discovered"));
        assertEquals(AIMStatus.Progressing, o.status());
    }

    @Test
    void transitionsMarkFailuresAsWarnings() {
        StatusOutcome a = run(Component.ready("Model", "ModelFound", "ok"));
        assertEquals(List.of("ModelReady", "Ready"), a.transitions().stream().map(t -> t.condition().getType()).toList());
        assertFalse(a.transitions().get(0).warning());
        StatusOutcome b = run(a.conditions(), T0.plusSeconds(1), Component.failing("Model", ComponentError.missingUpstream("ModelNotFound", "gone")));
        assertTrue(b.transitions().stream().allMatch(StatusOutcome.Transition::warning), b.transitions().toString());
        assertNotEquals(0, b.transitions().size());
    }

    @Test
    void httpErrorsAreCategorised() {
        assertEquals(ErrorCategory.MISSING_DOWNSTREAM_DEPENDENCY, ComponentError.ofHttp(404, null, "x").category());
        assertEquals("Forbidden", ComponentError.ofHttp(403, null, "x").reason());
        assertEquals(ErrorCategory.AUTH, ComponentError.ofHttp(401, null, "x").category());
        assertEquals(ErrorCategory.INFRASTRUCTURE, ComponentError.ofHttp(409, "Conflict", "x").category());
        assertEquals("AlreadyExists", ComponentError.ofHttp(409, "AlreadyExists", "x").reason());
        assertEquals(ErrorCategory.INVALID_SPEC, ComponentError.ofHttp(422, null, "x").category());
        assertEquals("RateLimited", ComponentError.ofHttp(429, null, "x").reason());
        assertEquals("ServerError", ComponentError.ofHttp(500, null, "x").reason());
        assertEquals("ClientError", ComponentError.ofHttp(400, null, "x").reason());
        assertEquals("ConnectionRefused", ComponentError.of(new java.net.ConnectException("refused")).reason());
        assertEquals("UnknownError", ComponentError.of(new IllegalStateException("?")).reason());
    }

    // ---- every condition the engine produces passes the CRDs' condition schema ----

    static final ConditionSchema SCHEMA = ConditionSchema.fromCommittedCrd("aimservices.aim.eai.amd.com.yaml");

    static void assertSchemaValid(StatusOutcome o, String context) {
        assertFalse(o.conditions().isEmpty(), context);
        for (Condition c : o.conditions()) {
            assertEquals(List.of(), SCHEMA.violations(c), context + ": " + c);
        }
    }

    @Test
    void componentWithoutReasonOrMessageStillYieldsValidConditions() {
        StatusOutcome o = run(new Component("Model", null, null, null, null, null),
                new Component("Template", AIMStatus.Progressing, "", "", List.of(), DependencyType.UPSTREAM));
        assertSchemaValid(o, "null and empty reason/message");
        assertEquals("True/Ready", cond(o, "ModelReady"));
        assertEquals("Ready", o.condition("ModelReady").getMessage());
        Condition template = o.condition("TemplateReady");
        assertEquals("False", template.getStatus());
        assertEquals(template.getReason(), template.getMessage());
    }

    @Test
    void reasonsAreMadeToFitThePatternAndMessagesTheLength() {
        StatusOutcome o = run(Component.failing("Model",
                ComponentError.resourceExhaustion("3 Back-off: pulling image,", "x".repeat(40_000))));
        assertSchemaValid(o, "odd reason, long message");
        assertEquals("False/Backoff:pullingimage", cond(o, "ModelReady"));
        assertEquals(32768, o.condition("ModelReady").getMessage().length());
        assertEquals("False/Backoff:pullingimage", cond(o, "Ready"));
        assertEquals(32768, o.condition("Ready").getMessage().length());
    }

    @Test
    void malformedExistingConditionsAreRepairedOrDropped() {
        Condition maybe = new ConditionBuilder().withType("ModelReady").withStatus("Maybe").withReason(null)
                .withMessage("").withLastTransitionTime("yesterday").withObservedGeneration(-1L).build();
        Condition badType = new ConditionBuilder().withType("not a type").withStatus("True").withReason("Fine")
                .withMessage("m").withLastTransitionTime("2025-01-01T00:00:00Z").build();
        Condition custom = new ConditionBuilder().withType("example.com/Checked").withStatus("True")
                .withReason("Checked").withMessage("m").withLastTransitionTime("2025-01-01T00:00:00Z").build();
        StatusOutcome o = StatusEngine.evaluate(List.of(maybe, badType, custom), List.of(), c -> {
        }, 3L, T0);
        assertSchemaValid(o, "repaired");
        assertNull(o.condition("not a type"));
        // a component condition nobody reported is removed; a foreign condition is kept as it was
        assertNull(o.condition("ModelReady"));
        assertEquals("True/Checked", cond(o, "example.com/Checked"));
        assertEquals("2025-01-01T00:00:00Z", o.condition("example.com/Checked").getLastTransitionTime());
    }

    @Test
    void settingAConditionOfAnInvalidTypeIsAProgrammingError() {
        Conditions c = new Conditions(List.of(), T0, 1L);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> c.set("Not Ready", true, "R", "m"));
    }

    static final List<String> NAMES = List.of("Model", "Template", "GPU", "DownloadJob", "DownloadJobPods", "CachePvc",
            "InferenceService", "InferenceServicePods", "HTTPRoute", "HPA", "ImageMetadata", "RuntimeConfig",
            "ServiceTemplates", "Cache", "CheckSizeJob");

    /** Reasons and messages of every kind a controller might pass on: absent, empty, odd characters, huge. */
    static String text(Random r) {
        return switch (r.nextInt(9)) {
            case 0 -> null;
            case 1 -> "";
            case 2 -> "FailedScheduling";
            case 3 -> "0/3 nodes are available: insufficient amd.com/gpu";
            case 4 -> "Back-off pulling image \"x\"";
            case 5 -> "_:,";
            case 6 -> "Grüße ✓ \u0000\n\t";
            case 7 -> "R".repeat(r.nextInt(3000));
            default -> "é".repeat(30_000 + r.nextInt(10_000));
        };
    }

    static Component randomComponent(Random r) {
        String name = NAMES.get(r.nextInt(NAMES.size()));
        AIMStatus state = r.nextInt(3) == 0 ? null : AIMStatus.values()[r.nextInt(AIMStatus.values().length)];
        List<ComponentError> errors = new java.util.ArrayList<>();
        for (int i = r.nextInt(3); i > 0; i--) {
            errors.add(new ComponentError(ErrorCategory.values()[r.nextInt(ErrorCategory.values().length)], text(r),
                    text(r)));
        }
        Component c = new Component(name, state, text(r), text(r), errors, null);
        return r.nextBoolean() ? c.upstream() : c.downstream();
    }

    static Condition randomExisting(Random r) {
        String type = r.nextInt(4) == 0 ? "Bad Type" : NAMES.get(r.nextInt(NAMES.size())) + "Ready";
        String status = List.of("True", "False", "Unknown", "Maybe", "").get(r.nextInt(5));
        String time = r.nextBoolean() ? "2025-06-01T12:00:00Z" : r.nextBoolean() ? null : "not a time";
        return new ConditionBuilder().withType(type).withStatus(status).withReason(text(r)).withMessage(text(r))
                .withLastTransitionTime(time).withObservedGeneration(r.nextBoolean() ? null : (long) r.nextInt(5) - 2)
                .build();
    }

    @Test
    void everyConditionTheEngineProducesPassesTheSchema() {
        for (int seed = 0; seed < 300; seed++) {
            Random r = new Random(seed);
            List<Condition> existing = new java.util.ArrayList<>();
            for (int i = r.nextInt(4); i > 0; i--) {
                existing.add(randomExisting(r));
            }
            List<Component> components = new java.util.ArrayList<>();
            for (int i = r.nextInt(5); i > 0; i--) {
                components.add(randomComponent(r));
            }
            String decoratorReason = text(r);
            String decoratorMessage = text(r);
            String decoratorStatus = List.of("True", "False", "Unknown", "Maybe").get(r.nextInt(4));
            StatusOutcome o = StatusEngine.evaluate(existing, components,
                    c -> c.set("DownloadComplete", decoratorStatus, decoratorReason, decoratorMessage), 7L,
                    T0.plusSeconds(r.nextInt(30)));
            assertSchemaValid(o, "seed " + seed);
        }
    }
}
