package dev.aimengine.operator.modelsource;

import dev.aimengine.operator.api.v1alpha1.AIMClusterModel;
import dev.aimengine.operator.api.v1alpha1.AIMClusterModelSource;
import dev.aimengine.operator.api.v1alpha1.AIMClusterModelSourceSpec;
import dev.aimengine.operator.api.v1alpha1.AIMModelSpec;
import dev.aimengine.operator.common.status.AIMStatus;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelSourcePlannerTest {
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    static AIMClusterModelSource source(Integer max) {
        AIMClusterModelSource s = new AIMClusterModelSource();
        s.getMetadata().setName("src");
        s.setSpec(new AIMClusterModelSourceSpec());
        s.getSpec().maxModels = max;
        s.getSpec().imagePullSecrets = List.of(new LocalObjectReference("pull"));
        return s;
    }

    static AIMClusterModel existing(String image) {
        AIMClusterModel m = new AIMClusterModel();
        m.setSpec(new AIMModelSpec());
        m.getSpec().image = image;
        return m;
    }

    static SourceImage image(String repo, String tag) {
        return new SourceImage("docker.io", repo, tag);
    }

    @Test
    void newImagesBecomeModelsUpToTheLimitInFilterOrder() {
        var decision = ModelSourcePlanner.plan(source(3), List.of(existing("org/a:1")), List.of(
                FilterResult.ok("org/*", List.of(image("org/a", "1"), image("org/b", "1"), image("org/c", "1"))),
                FilterResult.ok("org/d", List.of(image("org/b", "1"), image("org/d", "1")))), NOW);

        List<String> images = decision.owned().stream().map(o -> ((AIMClusterModel) o).getSpec().image).toList();
        assertEquals(List.of("org/b:1", "org/c:1"), images, "existing kept, a duplicate across filters made once");
        AIMClusterModel b = (AIMClusterModel) decision.owned().get(0);
        assertEquals("src", b.getMetadata().getLabels().get("aim.eai.amd.com/model-source"));
        assertEquals("auto-generated", b.getMetadata().getLabels().get("aim.eai.amd.com/origin"));
        assertEquals("org/b", b.getMetadata().getAnnotations().get("aim.eai.amd.com/source-repository"));
        assertEquals("pull", b.getSpec().imagePullSecrets.get(0).getName());
        var status = decision.status();
        assertEquals(3, status.discoveredModels);
        assertEquals(4, status.availableModels);
        assertTrue(status.modelsLimitReached);
        assertEquals("2026-01-01T00:00:00Z", status.lastSyncTime);
        assertEquals(Duration.ofHours(1), decision.requeueFor(AIMStatus.Ready));
    }

    @Test
    void filterFailuresDegradeOrFail() {
        assertEquals("AllFiltersSucceeded", ModelSourcePlanner.filters(List.of(FilterResult.ok("a", List.of())))
                .reason());
        var some = ModelSourcePlanner.filters(List.of(FilterResult.ok("a", List.of()), FilterResult.failed("b", "401")));
        assertEquals("SomeFiltersFailed", some.reason());
        assertEquals(AIMStatus.Degraded, some.state());
        var all = ModelSourcePlanner.filters(List.of(FilterResult.failed("b", "401")));
        assertEquals("AllFiltersFailed", all.reason());
        assertEquals(AIMStatus.Failed, all.state());
        assertTrue(all.message().contains("b: 401"), all.message());
    }

    @Test
    void syncIntervalIsAGoDuration() {
        assertEquals(Duration.ofMinutes(30), ModelSourcePlanner.syncInterval("30m"));
        assertEquals(Duration.ofHours(1), ModelSourcePlanner.syncInterval(null));
        assertEquals(Duration.ofMinutes(1), ModelSourcePlanner.syncInterval("5s"), "at least a minute");
        assertEquals(Duration.ofHours(1), ModelSourcePlanner.syncInterval("soon"));
    }
}
