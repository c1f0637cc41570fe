package dev.aimengine.operator.service.selection;

import dev.aimengine.operator.api.v1alpha1.AIMClusterServiceTemplate;
import dev.aimengine.operator.api.v1alpha1.AIMGpuRequirements;
import dev.aimengine.operator.api.v1alpha1.AIMHardwareRequirements;
import dev.aimengine.operator.api.v1alpha1.AIMRuntimeParameters;
import dev.aimengine.operator.api.v1alpha1.AIMServiceStatus;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplate;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplateSpec;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplateStatus;
import dev.aimengine.operator.gpu.GpuLabels;
import dev.aimengine.operator.gpu.GpuSnapshot;
import dev.aimengine.operator.service.selection.Selection.Capacity;
import dev.aimengine.operator.service.selection.Selection.Outcome;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemplateSelectorTest {

    static final String MODEL = "llama";
    final TemplateSelector selector = new TemplateSelector();

    // ---- fixtures -------------------------------------------------------------------------------------------

    /** A template whose facts all come from its discovered profile. */
    static Tpl tpl(String name) {
        return new Tpl(name);
    }

    /** Fluent builder for candidates; defaults: Ready, optimized, MI300X x1, latency, fp8. */
    static final class Tpl {
        final String name;
        boolean cluster;
        String status = "Ready";
        String type = "optimized";
        String gpu = "MI300X";
        Integer count = 1;
        String metric = "latency";
        String precision = "fp8";
        AIMHardwareRequirements specHardware;
        String specMetric;
        String specPrecision;
        boolean noProfile;

        Tpl(String name) {
            this.name = name;
        }

        Tpl cluster() { cluster = true; return this; }
        Tpl status(String s) { status = s; return this; }
        Tpl type(String t) { type = t; return this; }
        Tpl gpu(String g) { gpu = g; return this; }
        Tpl count(Integer c) { count = c; return this; }
        Tpl metric(String m) { metric = m; return this; }
        Tpl precision(String p) { precision = p; return this; }
        Tpl noProfile() { noProfile = true; return this; }
        Tpl specGpu(String model, Integer requests) {
            specHardware = new AIMHardwareRequirements(new AIMGpuRequirements(requests, model), null);
            return this;
        }
        Tpl specMetric(String m) { specMetric = m; return this; }
        Tpl specPrecision(String p) { specPrecision = p; return this; }

        TemplateCandidate build() {
            AIMServiceTemplateSpec spec = new AIMServiceTemplateSpec();
            spec.modelName = MODEL;
            spec.hardware = specHardware;
            spec.metric = specMetric;
            spec.precision = specPrecision;
            AIMServiceTemplateStatus st = null;
            if (status != null) {
                st = new AIMServiceTemplateStatus();
                st.status = status;
                if (!noProfile) {
                    st.profile = new AIMServiceTemplateStatus.Profile();
                    st.profile.metadata = new AIMServiceTemplateStatus.ProfileMetadata();
                    st.profile.metadata.type = type;
                    st.profile.metadata.gpu = gpu;
                    st.profile.metadata.gpuCount = count;
                    st.profile.metadata.metric = metric;
                    st.profile.metadata.precision = precision;
                }
            }
            if (cluster) {
                AIMClusterServiceTemplate t = new AIMClusterServiceTemplate();
                t.setMetadata(new ObjectMetaBuilder().withName(name).build());
                t.setSpec(spec);
                t.setStatus(st);
                return TemplateCandidate.of(t);
            }
            AIMServiceTemplate t = new AIMServiceTemplate();
            t.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("ns").build());
            t.setSpec(spec);
            t.setStatus(st);
            return TemplateCandidate.of(t);
        }
    }

    /** A cluster with the given free GPUs per model: one node per model, nothing requested. */
    static GpuSnapshot gpus(Object... modelAndFree) {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < modelAndFree.length; i += 2) {
            String model = (String) modelAndFree[i];
            int free = (Integer) modelAndFree[i + 1];
            nodes.add(node(model, free));
        }
        return GpuSnapshot.of(nodes, List.of());
    }

    static Node node(String model, int allocatable) {
        String deviceId = GpuLabels.deviceIdsFor(model).get(0);
        return new NodeBuilder().withNewMetadata().withName("node-" + model.toLowerCase())
                .withLabels(Map.of(GpuLabels.DEVICE_ID, deviceId)).endMetadata()
                .withNewStatus().addToAllocatable(GpuLabels.RESOURCE_NAME, new Quantity(String.valueOf(allocatable)))
                .endStatus().build();
    }

    static final GpuSnapshot ALL_GPUS = gpus("MI355X", 8, "MI350X", 8, "MI325X", 8, "MI308X", 8, "MI300X", 8,
            "MI300A", 8, "MI250X", 8, "MI210", 8, "MI100", 8);

    static SelectionRequest request(List<Tpl> namespaced, List<Tpl> cluster) {
        return new Request().ns(namespaced).cl(cluster).build();
    }

    /** Fluent builder for requests. */
    static final class Request {
        List<TemplateCandidate> namespaced = List.of();
        List<TemplateCandidate> cluster = List.of();
        boolean allowUnoptimized;
        AIMRuntimeParameters overrides;
        String modelDefault;
        int replicas = 1;

        Request ns(List<Tpl> t) { namespaced = t.stream().map(Tpl::build).toList(); return this; }
        Request ns(Tpl... t) { return ns(List.of(t)); }
        Request cl(List<Tpl> t) { cluster = t.stream().map(x -> x.cluster().build()).toList(); return this; }
        Request cl(Tpl... t) { return cl(List.of(t)); }
        Request allowUnoptimized() { allowUnoptimized = true; return this; }
        Request overrides(AIMRuntimeParameters o) { overrides = o; return this; }
        Request modelDefault(String d) { modelDefault = d; return this; }
        Request replicas(int r) { replicas = r; return this; }

        SelectionRequest build() {
            return new SelectionRequest(namespaced, cluster, allowUnoptimized, overrides, modelDefault, replicas);
        }
    }

    static AIMRuntimeParameters overrides(String metric, String precision, String gpu, Integer count) {
        AIMRuntimeParameters o = new AIMRuntimeParameters();
        o.metric = metric;
        o.precision = precision;
        if (gpu != null || count != null) {
            o.hardware = new AIMHardwareRequirements(new AIMGpuRequirements(count, gpu), null);
        }
        return o;
    }

    static AIMServiceStatus.SelectionCandidate entry(Selection s, String name) {
        return s.report().candidates.stream().filter(c -> c.name.equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no report entry " + name));
    }

    static String verdict(Selection s, String name) {
        AIMServiceStatus.SelectionCandidate c = entry(s, name);
        return c.result + "/" + c.stage + "/" + c.reason;
    }

    static void assertSelected(Selection s, String name) {
        assertEquals(Outcome.SELECTED, s.outcome(), s.message());
        assertEquals(name, s.chosenName(), s.message());
        assertEquals(name, s.report().selected);
        assertEquals("Selected/null/BestMatch", verdict(s, name));
    }

    // ---- no candidates, availability -------------------------------------------------------------------------

    @Test
    void noCandidates() {
        Selection s = selector.select(request(List.of(), List.of()), ALL_GPUS);
        assertAll(
                () -> assertEquals(Outcome.NO_CANDIDATES, s.outcome()),
                () -> assertNull(s.chosen()),
                () -> assertNull(s.capacity()),
                () -> assertEquals("TemplateNotFound", s.reason()),
                () -> assertEquals("No template found for service", s.message()),
                () -> assertEquals("NoCandidates", s.report().outcome),
                () -> assertEquals(List.of(), s.report().candidates));
    }

    @Test
    void noCandidatesEvenWithAModelDefault() {
        Selection s = selector.select(new Request().modelDefault("x").build(), ALL_GPUS);
        assertEquals(Outcome.NO_CANDIDATES, s.outcome());
        assertEquals("No template found for service", s.message());
    }

    @ParameterizedTest
    @CsvSource({
            "Pending,TemplatePending",
            "Progressing,TemplateProgressing",
            "NotAvailable,TemplateNotAvailable",
            "Degraded,TemplateDegraded",
            "Failed,TemplateFailed",
            "Weird,TemplateNotReady",
    })
    void availabilityStageRejectsNonReadyTemplates(String status, String reason) {
        Selection s = selector.select(request(List.of(tpl("a").status(status)), List.of()), ALL_GPUS);
        assertEquals(Outcome.NONE_READY, s.outcome());
        assertEquals("TemplateNotReady", s.reason());
        assertEquals("Templates exist but are not ready yet", s.message());
        assertEquals("AwaitingReadyTemplates", s.report().outcome);
        assertEquals("Rejected/Availability/" + reason, verdict(s, "a"));
    }

    @Test
    void templateWithoutStatusIsNotReady() {
        Selection s = selector.select(request(List.of(tpl("a").status(null)), List.of()), ALL_GPUS);
        assertEquals(Outcome.NONE_READY, s.outcome());
        assertEquals("Rejected/Availability/TemplateNotReady", verdict(s, "a"));
    }

    @Test
    void readyTemplateWinsOverNotReadyOnes() {
        Selection s = selector.select(request(List.of(tpl("a").status("Pending"), tpl("b").precision("fp16")),
                List.of()), ALL_GPUS);
        assertSelected(s, "b");
        assertEquals("Rejected/Availability/TemplatePending", verdict(s, "a"));
    }

    // ---- optimization -------------------------------------------------------------------------------------

    @Test
    void unoptimizedAndPreviewAreFilteredByDefault() {
        Selection s = selector.select(request(List.of(tpl("u").type("unoptimized"), tpl("p").type("preview"),
                tpl("n").noProfile()), List.of()), ALL_GPUS);
        assertAll(
                () -> assertEquals(Outcome.NONE_ELIGIBLE, s.outcome()),
                () -> assertEquals("TemplateNotFound", s.reason()),
                () -> assertEquals("NoneEligible", s.report().outcome),
                () -> assertEquals("No available templates match requirements for model \"llama\": "
                        + "3 unoptimized template(s) filtered out. Set allowUnoptimized to use them.", s.message()),
                () -> assertEquals("Rejected/Optimization/UnoptimizedTemplateFiltered", verdict(s, "u")),
                () -> assertEquals("Rejected/Optimization/UnoptimizedTemplateFiltered", verdict(s, "p")),
                () -> assertEquals("Rejected/Optimization/UnoptimizedTemplateFiltered", verdict(s, "n")));
    }

    @Test
    void allowUnoptimizedAdmitsThemButOptimizedStillRanksFirst() {
        Selection s = selector.select(new Request().allowUnoptimized()
                .ns(tpl("u").type("unoptimized"), tpl("p").type("preview"), tpl("o")).build(), ALL_GPUS);
        assertSelected(s, "o");
        assertEquals("Eligible/Ranking/LowerPreferenceRank", verdict(s, "u"));

        Selection onlyUnoptimized = selector.select(new Request().allowUnoptimized()
                .ns(tpl("u").type("unoptimized"), tpl("p").type("preview")).build(), ALL_GPUS);
        assertSelected(onlyUnoptimized, "p");
    }

    // ---- overrides ----------------------------------------------------------------------------------------

    /** Each row: an override, a template matching it and a better-ranked (or tied) one that does not. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "null", value = {
            "metric,    THROUGHPUT, null, null,   null",
            "precision, null,       FP16, null,   null",
            "gpu model, null,       null, mi300x, null",
            "gpu count, null,       null, null,   4",
    })
    void overridesKeepOnlyMatchingTemplates(String label, String metric, String precision, String gpu,
            Integer count) {
        Tpl ok = tpl("ok").metric("throughput").precision("fp16").gpu("MI300X").count(4);
        Tpl bad = tpl("bad").metric("throughput").precision("fp16").gpu("MI300X").count(4);
        switch (label) {
            case "metric" -> bad.metric("latency");
            case "precision" -> bad.precision("fp8");
            case "gpu model" -> bad.gpu("MI325X");
            default -> bad.count(1);
        }
        Selection s = selector.select(new Request().ns(bad, ok).overrides(overrides(metric, precision, gpu, count))
                .build(), ALL_GPUS);
        assertSelected(s, "ok");
        assertEquals("Rejected/Overrides/ServiceOverridesNotMatched", verdict(s, "bad"));
    }

    @Test
    void gpuOverridesIgnoreTemplatesThatDoNotSayTheirGpu() {
        AIMRuntimeParameters o = overrides(null, null, "MI325X", 8);
        Selection s = selector.select(new Request().overrides(o)
                .ns(tpl("cpu").gpu(null).count(null), tpl("mi300x").count(8)).build(), ALL_GPUS);
        assertSelected(s, "cpu");
        assertEquals("Rejected/Overrides/ServiceOverridesNotMatched", verdict(s, "mi300x"));
        assertTrue(entry(s, "mi300x").message.contains("GPU model is MI300X, overrides want MI325X"));
    }

    @Test
    void overrideWithUnsetTemplateMetricDoesNotMatch() {
        Selection s = selector.select(new Request().overrides(overrides("latency", null, null, null))
                .ns(tpl("a").metric(null)).build(), ALL_GPUS);
        assertEquals(Outcome.NONE_ELIGIBLE, s.outcome());
        assertEquals("No available templates match requirements for model \"llama\": "
                + "1 template(s) do not match spec.overrides.", s.message());
        assertEquals("metric is unset, overrides want latency", entry(s, "a").message);
    }

    // ---- GPU availability ---------------------------------------------------------------------------------

    @Test
    void templatesForAbsentGpusAreRejectedAndCpuTemplatesPass() {
        Selection s = selector.select(request(List.of(tpl("mi355x").gpu("MI355X"), tpl("cpu").gpu(null)),
                List.of()), gpus("MI300X", 8));
        assertSelected(s, "cpu");
        assertEquals("Rejected/GPU/RequiredGPUNotInCluster", verdict(s, "mi355x"));
        assertNull(s.capacity(), "a CPU template has no GPU capacity to report");
    }

    @Test
    void allTemplatesNeedingAbsentGpusIsNoneEligible() {
        Selection s = selector.select(request(List.of(tpl("a").gpu("MI355X"), tpl("b").gpu("mi325x"),
                tpl("c").status("Pending")), List.of()), gpus("MI300X", 8));
        assertEquals(Outcome.NONE_ELIGIBLE, s.outcome());
        assertEquals("No available templates match requirements for model \"llama\": "
                + "2 template(s) need a GPU model not in the cluster (MI325X, MI355X). "
                + "1 template(s) not ready yet.", s.message());
    }

    @Test
    void noGpusInClusterRejectsEveryGpuTemplate() {
        Selection s = selector.select(request(List.of(tpl("a")), List.of()), null);
        assertEquals(Outcome.NONE_ELIGIBLE, s.outcome());
        assertEquals("Rejected/GPU/RequiredGPUNotInCluster", verdict(s, "a"));
    }

    // ---- scope --------------------------------------------------------------------------------------------

    @Test
    void namespaceTemplateIsPreferredOverBetterClusterTemplate() {
        Selection s = selector.select(new Request().ns(tpl("ns-fp16").precision("fp16"))
                .cl(tpl("cl-fp4").precision("fp4")).build(), ALL_GPUS);
        assertSelected(s, "ns-fp16");
        assertEquals("Namespace", s.report().selectedScope);
        assertEquals("Rejected/Scope/NamespaceTemplatePreferred", verdict(s, "cl-fp4"));
    }

    @Test
    void clusterTemplateIsUsedWhenNoNamespaceTemplateSurvives() {
        Selection s = selector.select(new Request().ns(tpl("ns").status("Failed"))
                .cl(tpl("cl")).build(), ALL_GPUS);
        assertSelected(s, "cl");
        assertEquals("Cluster", s.report().selectedScope);
        assertEquals("Cluster", s.chosen().scope());
    }

    // ---- scoring ------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}: {1} before {2}")
    @CsvSource({
            "type,      optimized,  preview",
            "type,      preview,    unoptimized",
            "gpu,       MI355X,     MI350X",
            "gpu,       MI350X,     MI325X",
            "gpu,       MI325X,     MI308X",
            "gpu,       MI308X,     MI300X",
            "gpu,       MI300X,     MI300A",
            "gpu,       MI300A,     MI250X",
            "gpu,       MI250X,     MI210",
            "gpu,       MI210,      MI100",
            "gpu,       MI100,      W7900",
            "metric,    latency,    throughput",
            "metric,    throughput, other",
            "precision, fp4,        int4",
            "precision, int4,       fp8",
            "precision, fp8,        int8",
            "precision, int8,       fp16",
            "precision, fp16,       bf16",
            "precision, bf16,       fp32",
            "precision, fp32,       auto",
    })
    void eachScoringKeyPrefersTheBetterValue(String key, String better, String worse) {
        GpuSnapshot cluster = gpus("MI355X", 8, "MI350X", 8, "MI325X", 8, "MI308X", 8, "MI300X", 8,
                "MI300A", 8, "MI250X", 8, "MI210", 8, "MI100", 8, "W7900", 8);
        for (boolean betterFirst : List.of(true, false)) {
            Tpl good = with(tpl("good"), key, better);
            Tpl bad = with(tpl("bad"), key, worse);
            List<Tpl> list = betterFirst ? List.of(good, bad) : List.of(bad, good);
            Selection s = selector.select(new Request().allowUnoptimized().ns(list).build(), cluster);
            assertSelected(s, "good");
            assertEquals("Eligible/Ranking/LowerPreferenceRank", verdict(s, "bad"));
        }
    }

    private static Tpl with(Tpl t, String key, String value) {
        return switch (key) {
            case "type" -> t.type(value);
            case "gpu" -> t.gpu(value);
            case "metric" -> t.metric(value);
            case "precision" -> t.precision(value);
            default -> throw new IllegalArgumentException(key);
        };
    }

    @Test
    void scoringIsLexicographic() {
        Selection s = selector.select(new Request().allowUnoptimized().ns(
                tpl("preview-best-gpu").type("preview").gpu("MI355X").precision("fp4"),
                tpl("optimized-old-gpu").gpu("MI210").metric("throughput").precision("fp32"),
                tpl("optimized-mi300x-thr").gpu("MI300X").metric("throughput").precision("fp4"),
                tpl("optimized-mi300x-lat").gpu("MI300X").metric("latency").precision("fp32")).build(), ALL_GPUS);
        // type first, then GPU (MI300X beats MI210), then metric (latency beats throughput) before precision
        assertSelected(s, "optimized-mi300x-lat");
    }

    @Test
    void scoringValuesAreCaseInsensitive() {
        Selection s = selector.select(request(List.of(tpl("a").metric("THROUGHPUT"), tpl("b").metric("Latency")),
                List.of()), ALL_GPUS);
        assertSelected(s, "b");
    }

    // ---- ties and capacity --------------------------------------------------------------------------------

    @Test
    void tiedTemplatesAreAmbiguousAndNamed() {
        Selection s = selector.select(request(List.of(tpl("zeta"), tpl("alpha")), List.of()), ALL_GPUS);
        assertAll(
                () -> assertEquals(Outcome.AMBIGUOUS, s.outcome()),
                () -> assertNull(s.chosen()),
                () -> assertNull(s.capacity()),
                () -> assertNull(s.report().selected),
                () -> assertEquals("Ambiguous", s.report().outcome),
                () -> assertEquals("TemplateSelectionAmbiguous", s.reason()),
                () -> assertEquals("Multiple templates (2) satisfy model \"llama\": alpha, zeta. "
                        + "Set spec.template.name to choose one.", s.message()),
                () -> assertEquals("Eligible/Ranking/TiedBestScore", verdict(s, "alpha")),
                () -> assertEquals("Eligible/Ranking/TiedBestScore", verdict(s, "zeta")));
    }

    @Test
    void onlyTheBestScoreCanTie() {
        Selection s = selector.select(request(List.of(tpl("a"), tpl("b"), tpl("c").precision("fp16")), List.of()),
                ALL_GPUS);
        assertEquals(Outcome.AMBIGUOUS, s.outcome());
        assertTrue(s.message().startsWith("Multiple templates (2) satisfy model \"llama\": a, b."), s.message());
        assertEquals("Eligible/Ranking/LowerPreferenceRank", verdict(s, "c"));
    }

    @Test
    void tieIsBrokenByCapacity() {
        // same score (count is not a ranking key) but only one fits into the 4 free MI300X
        Selection s = selector.select(request(List.of(tpl("eight").count(8), tpl("one").count(1)), List.of()),
                gpus("MI300X", 4));
        assertSelected(s, "one");
        assertEquals(new Capacity("MI300X", 4, 1, true), s.capacity());
        assertEquals("Eligible/Ranking/InsufficientGPUCapacity", verdict(s, "eight"));
        assertTrue(s.message().contains("only one with enough free GPUs"), s.message());
    }

    @Test
    void tieOfUnknownGpusIsBrokenByCapacity() {
        Selection s = selector.select(request(List.of(tpl("w7900").gpu("W7900"), tpl("v710").gpu("V710")),
                List.of()), gpus("W7900", 0, "V710", 2));
        assertSelected(s, "v710");
        assertEquals(new Capacity("V710", 2, 1, true), s.capacity());
    }

    @Test
    void tieWithSeveralFittingStaysAmbiguousAndNamesOnlyThose() {
        Selection s = selector.select(request(List.of(tpl("a").count(8), tpl("b").count(1), tpl("c").count(2)),
                List.of()), gpus("MI300X", 4));
        assertEquals(Outcome.AMBIGUOUS, s.outcome());
        assertTrue(s.message().startsWith("Multiple templates (2) satisfy model \"llama\": b, c."), s.message());
        assertEquals("Eligible/Ranking/InsufficientGPUCapacity", verdict(s, "a"));
    }

    @Test
    void tieWithoutAnyCapacityStaysAmbiguous() {
        Selection s = selector.select(request(List.of(tpl("a").count(8), tpl("b").count(4)), List.of()),
                gpus("MI300X", 2));
        assertEquals(Outcome.AMBIGUOUS, s.outcome());
        assertTrue(s.message().contains(": a, b."), s.message());
    }

    @Test
    void cpuTemplateCountsAsHavingCapacityInATie() {
        Selection s = selector.select(request(List.of(tpl("gpu").gpu("W7900"), tpl("cpu").gpu(null).count(null)),
                List.of()), gpus("W7900", 0));
        assertSelected(s, "cpu");
        assertNull(s.capacity());
    }

    @Test
    void bestTemplateIsSelectedEvenWithoutCapacity() {
        Selection s = selector.select(new Request().replicas(3).ns(tpl("a").count(2)).build(), gpus("MI300X", 4));
        assertSelected(s, "a");
        assertEquals(new Capacity("MI300X", 4, 6, false), s.capacity());
        assertEquals("Resolved", s.reason());
        AIMServiceStatus.SelectionCandidate a = entry(s, "a");
        assertEquals(4L, a.freeGpus);
        assertEquals(6L, a.neededGpus);
        assertTrue(s.capacity().message().contains("6 MI300X GPU(s) needed but only 4 free"));
    }

    @Test
    void requestedGpusReduceFreeCapacity() {
        Pod pod = new PodBuilder().withNewMetadata().withName("p").withNamespace("x").endMetadata()
                .withNewSpec().withNodeName("node-mi300x").addNewContainer().withName("c").withNewResources()
                .addToRequests(GpuLabels.RESOURCE_NAME, new Quantity("6")).endResources().endContainer().endSpec()
                .build();
        GpuSnapshot busy = GpuSnapshot.of(List.of(node("MI300X", 8)), List.of(pod));
        Selection s = selector.select(request(List.of(tpl("a").count(4)), List.of()), busy);
        assertEquals(new Capacity("MI300X", 2, 4, false), s.capacity());
    }

    // ---- model default ------------------------------------------------------------------------------------

    @Test
    void readyModelDefaultIsChosenOverBetterRankedTemplates() {
        Selection s = selector.select(new Request().modelDefault(" fp16 ")
                .ns(tpl("fp4").precision("fp4"), tpl("fp16").precision("fp16")).build(), ALL_GPUS);
        assertEquals(Outcome.MODEL_DEFAULT, s.outcome());
        assertEquals("fp16", s.chosenName());
        assertEquals("ModelDefault", s.report().outcome);
        assertEquals("Selected/null/ModelDefault", verdict(s, "fp16"));
        assertEquals("Eligible/Ranking/ModelDefaultPreferred", verdict(s, "fp4"));
        assertEquals(new Capacity("MI300X", 8, 1, true), s.capacity());
        assertEquals("Resolved", s.reason());
    }

    @Test
    void clusterModelDefaultIsFound() {
        Selection s = selector.select(new Request().modelDefault("cl").ns(tpl("ns")).cl(tpl("cl")).build(),
                ALL_GPUS);
        assertEquals(Outcome.MODEL_DEFAULT, s.outcome());
        assertEquals("Cluster", s.report().selectedScope);
    }

    @Test
    void modelDefaultThatIsNotReadyIsWaitedFor() {
        Selection s = selector.select(new Request().modelDefault("def")
                .ns(tpl("def").status("Progressing"), tpl("other")).build(), ALL_GPUS);
        assertEquals(Outcome.NONE_READY, s.outcome());
        assertNull(s.chosen());
        assertEquals("TemplateNotReady", s.reason());
        assertEquals("Waiting for the model's default template AIMServiceTemplate def to become Ready "
                + "(TemplateProgressing)", s.message());
        assertEquals("Eligible/null/AwaitingModelDefault", verdict(s, "other"));
    }

    @Test
    void missingModelDefaultFallsBackToRankingWithANote() {
        Selection s = selector.select(new Request().modelDefault("gone").ns(tpl("a")).build(), ALL_GPUS);
        assertSelected(s, "a");
        assertTrue(s.message().startsWith("Model default template \"gone\" not found. Selected AIMServiceTemplate a"),
                s.message());
    }

    @Test
    void filteredModelDefaultFallsBackToRankingWithANote() {
        Selection s = selector.select(new Request().modelDefault("unopt")
                .ns(tpl("unopt").type("unoptimized"), tpl("a")).build(), ALL_GPUS);
        assertSelected(s, "a");
        assertTrue(s.message().startsWith(
                "Model default template \"unopt\" is not eligible (UnoptimizedTemplateFiltered). "), s.message());
    }

    // ---- candidate facts ----------------------------------------------------------------------------------

    @Test
    void specGpuWinsOverProfileAndProfileMetricWinsOverSpec() {
        TemplateCandidate c = tpl("a").gpu("MI210").count(1).specGpu("Instinct-MI325X", 4)
                .metric("latency").specMetric("throughput").precision(null).specPrecision("bf16").build();
        assertAll(
                () -> assertEquals("MI325X", c.gpuModel()),
                () -> assertEquals(4, c.gpuCount()),
                () -> assertEquals("latency", c.metric()),
                () -> assertEquals("bf16", c.precision()),
                () -> assertEquals("optimized", c.profileType()),
                () -> assertEquals("Namespace", c.scope()),
                () -> assertEquals("Ready", c.statusValue()));
        TemplateCandidate bare = tpl("b").noProfile().cluster().build();
        assertAll(
                () -> assertEquals("unoptimized", bare.profileType()),
                () -> assertEquals("", bare.gpuModel()),
                () -> assertEquals(0, bare.gpuCount()),
                () -> assertEquals("", bare.metric()),
                () -> assertEquals("Cluster", bare.scope()));
    }

    @Test
    void reportRendersScoreAndGpus() {
        Selection s = selector.select(new Request().replicas(2).ns(tpl("a").count(2), tpl("b").gpu(null)
                .metric(null).precision("fp16")).build(), gpus("MI300X", 8));
        AIMServiceStatus.SelectionCandidate a = entry(s, "a");
        AIMServiceStatus.SelectionCandidate b = entry(s, "b");
        assertAll(
                () -> assertEquals("optimized, MI300X, latency, fp8", a.score),
                () -> assertEquals("MI300X", a.gpu),
                () -> assertEquals(8L, a.freeGpus),
                () -> assertEquals(4L, a.neededGpus),
                () -> assertEquals("Namespace", a.scope),
                () -> assertEquals("optimized, -, -, fp16", b.score),
                () -> assertNull(b.gpu),
                () -> assertNull(b.freeGpus),
                () -> assertNotNull(b.message));
    }

    @Test
    void reportIsOrderedNamespacedFirstThenByNameWhateverTheInputOrder() {
        List<Tpl> ns = List.of(tpl("n-b"), tpl("n-a").precision("fp16"), tpl("n-c").status("Pending"));
        List<Tpl> cl = List.of(tpl("c-b"), tpl("c-a"));
        Selection first = selector.select(new Request().ns(ns).cl(cl).build(), ALL_GPUS);
        List<Tpl> nsReversed = new ArrayList<>(List.of(tpl("n-c").status("Pending"), tpl("n-a").precision("fp16"),
                tpl("n-b")));
        List<Tpl> clReversed = new ArrayList<>(List.of(tpl("c-a"), tpl("c-b")));
        Collections.reverse(clReversed);
        Selection second = selector.select(new Request().ns(nsReversed).cl(clReversed).build(), ALL_GPUS);

        assertEquals(List.of("n-a", "n-b", "n-c", "c-a", "c-b"),
                first.report().candidates.stream().map(c -> c.name).toList());
        KubernetesSerialization json = new KubernetesSerialization();
        assertEquals(json.asJson(first.report()), json.asJson(second.report()));
        assertSelected(first, "n-b");
    }

    @Nested
    class SelectionReasons {
        @Test
        void noneReadyReasonAndMessage() {
            Selection s = new Selection(Outcome.NONE_READY, null, report("m"), null);
            assertEquals("TemplateNotReady", s.reason());
            assertEquals("m", s.message());
        }

        @Test
        void noneEligibleIsTemplateNotFound() {
            assertEquals("TemplateNotFound", new Selection(Outcome.NONE_ELIGIBLE, null, report("m"), null).reason());
        }

        private AIMServiceStatus.TemplateSelection report(String message) {
            AIMServiceStatus.TemplateSelection r = new AIMServiceStatus.TemplateSelection();
            r.message = message;
            return r;
        }
    }
}
