package dev.aimengine.operator.common;

import dev.aimengine.operator.common.StatusOutcome.Decision;
import io.fabric8.kubernetes.api.model.Condition;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

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
}
