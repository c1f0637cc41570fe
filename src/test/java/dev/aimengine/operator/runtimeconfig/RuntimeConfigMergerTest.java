package dev.aimengine.operator.runtimeconfig;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aimengine.operator.api.v1alpha1.AIMRoutingConfig;
import dev.aimengine.operator.api.v1alpha1.AIMRuntimeConfigCommon;
import dev.aimengine.operator.api.v1alpha1.AIMStorageConfig;
import dev.aimengine.operator.api.v1alpha1.GatewayParentReference;
import dev.aimengine.operator.common.kube.EnvVars;
import io.fabric8.kubernetes.api.model.EnvVar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class RuntimeConfigMergerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "[{index}] \"{0}\" -> \"{1}\"")
    @CsvSource(delimiter = '|', value = { "my-config|my-config", "'  spaced  '|spaced", "''|default", "'   '|default" })
    void effectiveName(String in, String expected) {
        assertEquals(expected, RuntimeConfigMerger.effectiveName(in));
    }

    @Test
    void effectiveNameOfNullIsDefault() {
        assertEquals("default", RuntimeConfigMerger.effectiveName(null));
    }

    @Test
    void migrationFillsUnsetStorageFieldsOnly() {
        AIMRuntimeConfigCommon legacy = new AIMRuntimeConfigCommon();
        legacy.defaultStorageClassName = "legacy-sc";
        legacy.pvcHeadroomPercent = 25;

        AIMRuntimeConfigCommon migrated = RuntimeConfigMerger.migrateDeprecated(legacy);
        assertEquals("legacy-sc", migrated.storage.defaultStorageClassName);
        assertEquals(25, migrated.storage.pvcHeadroomPercent);
        assertEquals("legacy-sc", migrated.defaultStorageClassName);
        assertNull(legacy.storage, "input untouched");

        AIMRuntimeConfigCommon both = new AIMRuntimeConfigCommon();
        both.defaultStorageClassName = "legacy-sc";
        both.pvcHeadroomPercent = 25;
        both.storage = storage("new-sc", 5);
        AIMRuntimeConfigCommon kept = RuntimeConfigMerger.migrateDeprecated(both);
        assertEquals("new-sc", kept.storage.defaultStorageClassName);
        assertEquals(5, kept.storage.pvcHeadroomPercent);

        AIMRuntimeConfigCommon partial = new AIMRuntimeConfigCommon();
        partial.pvcHeadroomPercent = 0;
        partial.storage = storage("new-sc", null);
        assertEquals(0, RuntimeConfigMerger.migrateDeprecated(partial).storage.pvcHeadroomPercent);
    }

    @Test
    void migrationIgnoresEmptyDeprecatedClassName() {
        AIMRuntimeConfigCommon config = new AIMRuntimeConfigCommon();
        config.defaultStorageClassName = "";
        assertNull(RuntimeConfigMerger.migrateDeprecated(config).storage);
        assertNull(RuntimeConfigMerger.migrateDeprecated(null));
    }

    @Test
    void deprecatedFieldsOfBothSidesAreMigratedBeforeMerging() {
        AIMRuntimeConfigCommon cluster = new AIMRuntimeConfigCommon();
        cluster.defaultStorageClassName = "cluster-sc";
        cluster.pvcHeadroomPercent = 30;
        AIMRuntimeConfigCommon namespace = new AIMRuntimeConfigCommon();
        namespace.pvcHeadroomPercent = 15;

        AIMRuntimeConfigCommon merged = RuntimeConfigMerger.merge(cluster, namespace);
        assertEquals("cluster-sc", merged.storage.defaultStorageClassName);
        assertEquals(15, merged.storage.pvcHeadroomPercent);

        // a namespace deprecated field loses to nothing: it fills the namespace storage, which then wins
        AIMRuntimeConfigCommon cluster2 = new AIMRuntimeConfigCommon();
        cluster2.storage = storage("cluster-sc", 30);
        AIMRuntimeConfigCommon namespace2 = new AIMRuntimeConfigCommon();
        namespace2.defaultStorageClassName = "ns-legacy-sc";
        AIMRuntimeConfigCommon merged2 = RuntimeConfigMerger.merge(cluster2, namespace2);
        assertEquals("ns-legacy-sc", merged2.storage.defaultStorageClassName);
        assertEquals(30, merged2.storage.pvcHeadroomPercent);
    }

    @Test
    void namespaceScalarsWinWhenSetAndClusterFillsTheRest() {
        AIMRuntimeConfigCommon cluster = new AIMRuntimeConfigCommon();
        cluster.storage = storage("cluster-sc", 20);
        cluster.routing = routing(true, "/c/{.metadata.name}", "5m");
        cluster.model = model(true);
        cluster.labelPropagation = labelPropagation(true, "team-*");

        AIMRuntimeConfigCommon namespace = new AIMRuntimeConfigCommon();
        namespace.storage = storage(null, 40);
        namespace.routing = routing(null, "/ns/{.metadata.name}", null);

        AIMRuntimeConfigCommon merged = RuntimeConfigMerger.merge(cluster, namespace);
        assertEquals("cluster-sc", merged.storage.defaultStorageClassName);
        assertEquals(40, merged.storage.pvcHeadroomPercent);
        assertEquals(true, merged.routing.enabled);
        assertEquals("/ns/{.metadata.name}", merged.routing.pathTemplate);
        assertEquals("5m", merged.routing.requestTimeout);
        assertEquals(true, merged.model.autoDiscovery);
        assertEquals(true, merged.labelPropagation.enabled);
        assertEquals(List.of("team-*"), merged.labelPropagation.match);
    }

    /** The namespace's explicit zero values override the cluster (the upstream merge let them lose). */
    @Test
    void explicitFalseZeroAndEmptyOverrideTheCluster() {
        AIMRuntimeConfigCommon cluster = new AIMRuntimeConfigCommon();
        cluster.storage = storage("cluster-sc", 20);
        cluster.routing = routing(true, "/c", "5m");
        cluster.model = model(true);
        cluster.labelPropagation = labelPropagation(true, "team-*");
        cluster.defaultStorageClassName = "cluster-legacy";

        AIMRuntimeConfigCommon namespace = new AIMRuntimeConfigCommon();
        namespace.storage = storage("", 0);
        namespace.routing = routing(false, "", "");
        namespace.model = model(false);
        namespace.labelPropagation = labelPropagation(false);

        AIMRuntimeConfigCommon merged = RuntimeConfigMerger.merge(cluster, namespace);
        assertEquals("", merged.storage.defaultStorageClassName);
        assertEquals(0, merged.storage.pvcHeadroomPercent);
        assertEquals(false, merged.routing.enabled);
        assertEquals("", merged.routing.pathTemplate);
        assertEquals("", merged.routing.requestTimeout);
        assertEquals(false, merged.model.autoDiscovery);
        assertEquals(false, merged.labelPropagation.enabled);
        assertEquals(List.of("team-*"), merged.labelPropagation.match, "an empty namespace list keeps the cluster's");
        assertEquals("cluster-legacy", merged.defaultStorageClassName);
    }

    @Test
    void annotationsMergeByKey() {
        AIMRuntimeConfigCommon cluster = new AIMRuntimeConfigCommon();
        cluster.routing = new AIMRoutingConfig();
        cluster.routing.annotations = new LinkedHashMap<>(Map.of("a", "cluster-a"));
        cluster.routing.annotations.put("b", "cluster-b");
        AIMRuntimeConfigCommon namespace = new AIMRuntimeConfigCommon();
        namespace.routing = new AIMRoutingConfig();
        namespace.routing.annotations = new LinkedHashMap<>();
        namespace.routing.annotations.put("b", "ns-b");
        namespace.routing.annotations.put("c", "ns-c");

        AIMRuntimeConfigCommon merged = RuntimeConfigMerger.merge(cluster, namespace);
        assertEquals(List.of(Map.entry("a", "cluster-a"), Map.entry("b", "ns-b"), Map.entry("c", "ns-c")),
                new ArrayList<>(merged.routing.annotations.entrySet()));

        AIMRuntimeConfigCommon onlyCluster = RuntimeConfigMerger.merge(cluster, withRouting(new AIMRoutingConfig()));
        assertEquals(Map.of("a", "cluster-a", "b", "cluster-b"), onlyCluster.routing.annotations);
        assertNotSame(cluster.routing.annotations, onlyCluster.routing.annotations);
    }

    @Test
    void matchListIsReplacedWhenTheNamespaceHasOne() {
        AIMRuntimeConfigCommon cluster = new AIMRuntimeConfigCommon();
        cluster.labelPropagation = labelPropagation(true, "team-*", "cost-center");
        AIMRuntimeConfigCommon namespace = new AIMRuntimeConfigCommon();
        namespace.labelPropagation = labelPropagation(null, "org.io/*");

        AIMRuntimeConfigCommon merged = RuntimeConfigMerger.merge(cluster, namespace);
        assertEquals(List.of("org.io/*"), merged.labelPropagation.match);
        assertEquals(true, merged.labelPropagation.enabled);
    }

    @Test
    void gatewayRefIsTakenWholeFromTheNamespace() {
        GatewayParentReference clusterGw = new GatewayParentReference("gw-system", "cluster-gw");
        clusterGw.sectionName = "https";
        clusterGw.port = 443;
        AIMRuntimeConfigCommon cluster = withRouting(routing(true, null, null));
        cluster.routing.gatewayRef = clusterGw;
        AIMRuntimeConfigCommon namespace = withRouting(new AIMRoutingConfig());
        namespace.routing.gatewayRef = new GatewayParentReference(null, "team-gw");

        GatewayParentReference merged = RuntimeConfigMerger.merge(cluster, namespace).routing.gatewayRef;
        assertEquals("team-gw", merged.name);
        assertNull(merged.namespace);
        assertNull(merged.sectionName);
        assertNull(merged.port);

        GatewayParentReference inherited = RuntimeConfigMerger.merge(cluster, withRouting(routing(false, null, null)))
                .routing.gatewayRef;
        assertEquals("cluster-gw", inherited.name);
        assertEquals("gw-system", inherited.namespace);
        assertEquals("https", inherited.sectionName);
        assertEquals(443, inherited.port);
        assertNotSame(clusterGw, inherited);
    }

    @Test
    void envMergesByNameWithEngineArgsDeepMerged() {
        AIMRuntimeConfigCommon cluster = new AIMRuntimeConfigCommon();
        cluster.env = List.of(EnvVars.of("A", "cluster"), EnvVars.of("AIM_ENGINE_ARGS", "{\"x\":1,\"o\":{\"p\":1}}"),
                EnvVars.of("B", "cluster"));
        AIMRuntimeConfigCommon namespace = new AIMRuntimeConfigCommon();
        namespace.env = List.of(EnvVars.of("N", "ns"), EnvVars.of("AIM_ENGINE_ARGS", "{\"o\":{\"q\":2}}"),
                EnvVars.of("A", "ns"));

        assertEquals(List.of(EnvVars.of("A", "ns"), EnvVars.of("AIM_ENGINE_ARGS", "{\"x\":1,\"o\":{\"p\":1,\"q\":2}}"),
                EnvVars.of("B", "cluster"), EnvVars.of("N", "ns")), RuntimeConfigMerger.merge(cluster, namespace).env);

        assertNull(RuntimeConfigMerger.merge(new AIMRuntimeConfigCommon(), new AIMRuntimeConfigCommon()).env);
        assertEquals(List.of(EnvVars.of("N", "ns")),
                RuntimeConfigMerger.merge(new AIMRuntimeConfigCommon(), withEnv(EnvVars.of("N", "ns"))).env);
    }

    @Test
    void blocksPresentOnOneSideOnlyAreCopied() {
        AIMRuntimeConfigCommon cluster = new AIMRuntimeConfigCommon();
        cluster.storage = storage("cluster-sc", 20);
        AIMRuntimeConfigCommon namespace = new AIMRuntimeConfigCommon();
        namespace.routing = routing(true, "/p", null);
        namespace.labelPropagation = labelPropagation(true, "a");

        AIMRuntimeConfigCommon merged = RuntimeConfigMerger.merge(cluster, namespace);
        assertEquals("cluster-sc", merged.storage.defaultStorageClassName);
        assertNotSame(cluster.storage, merged.storage);
        assertEquals("/p", merged.routing.pathTemplate);
        assertNotSame(namespace.routing, merged.routing);
        assertEquals(List.of("a"), merged.labelPropagation.match);
        assertNull(merged.model);
    }

    @Test
    void nullSidesGiveAMigratedCopyOfTheOther() throws Exception {
        AIMRuntimeConfigCommon only = fullyPopulated();
        only.storage = null;

        AIMRuntimeConfigCommon asCluster = RuntimeConfigMerger.merge(only, null);
        AIMRuntimeConfigCommon asNamespace = RuntimeConfigMerger.merge(null, only);
        AIMRuntimeConfigCommon expected = RuntimeConfigMerger.migrateDeprecated(only);
        assertEquals("legacy-sc", expected.storage.defaultStorageClassName);
        assertEquals(JSON.writeValueAsString(expected), JSON.writeValueAsString(asCluster));
        assertEquals(JSON.writeValueAsString(expected), JSON.writeValueAsString(asNamespace));
        assertNotSame(only, asCluster);
        assertNull(only.storage);
        assertNull(RuntimeConfigMerger.merge(null, null));
    }

    @Test
    void mergeNeverMutatesItsInputs() throws Exception {
        AIMRuntimeConfigCommon cluster = fullyPopulated();
        AIMRuntimeConfigCommon namespace = fullyPopulated();
        namespace.routing.annotations = new LinkedHashMap<>(Map.of("only-ns", "1"));
        namespace.env = new ArrayList<>(List.of(EnvVars.of("AIM_ENGINE_ARGS", "{\"b\":2}")));
        String clusterBefore = JSON.writeValueAsString(cluster);
        String namespaceBefore = JSON.writeValueAsString(namespace);

        AIMRuntimeConfigCommon merged = RuntimeConfigMerger.merge(cluster, namespace);
        merged.routing.annotations.put("added", "x");
        merged.routing.gatewayRef.name = "changed";
        merged.labelPropagation.match.add("changed");
        merged.env.get(0).setValue("changed");
        merged.storage.pvcHeadroomPercent = 99;

        assertEquals(clusterBefore, JSON.writeValueAsString(cluster));
        assertEquals(namespaceBefore, JSON.writeValueAsString(namespace));
    }

    /** Guards the hand-written copy: a field added to the API classes must be handled here too. */
    @Test
    void copyCarriesEveryField() throws Exception {
        AIMRuntimeConfigCommon full = fullyPopulated();
        assertAllFieldsSet(full);
        assertAllFieldsSet(full.storage);
        assertAllFieldsSet(full.routing);
        assertAllFieldsSet(full.routing.gatewayRef);
        assertAllFieldsSet(full.model);
        assertAllFieldsSet(full.labelPropagation);

        AIMRuntimeConfigCommon copy = RuntimeConfigMerger.copy(full);
        assertEquals(JSON.writeValueAsString(full), JSON.writeValueAsString(copy));
        assertNotSame(full.routing.gatewayRef, copy.routing.gatewayRef);
        assertNotSame(full.env.get(0), copy.env.get(0));
        assertNull(RuntimeConfigMerger.copy(null));
        // an empty config merged with itself stays empty
        assertEquals("{}", JSON.writeValueAsString(
                RuntimeConfigMerger.merge(new AIMRuntimeConfigCommon(), new AIMRuntimeConfigCommon())));
        // a full config merged over an empty one round-trips (after migration, which is a no-op here)
        assertEquals(JSON.writeValueAsString(full),
                JSON.writeValueAsString(RuntimeConfigMerger.merge(new AIMRuntimeConfigCommon(), full)));
        assertEquals(JSON.writeValueAsString(full),
                JSON.writeValueAsString(RuntimeConfigMerger.merge(full, new AIMRuntimeConfigCommon())));
    }

    private static void assertAllFieldsSet(Object o) throws IllegalAccessException {
        for (Field f : o.getClass().getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                assertNotNull(f.get(o), o.getClass().getSimpleName() + "." + f.getName());
            }
        }
    }

    static AIMRuntimeConfigCommon fullyPopulated() {
        AIMRuntimeConfigCommon c = new AIMRuntimeConfigCommon();
        c.storage = storage("fast", 12);
        c.routing = routing(true, "/x/{.metadata.name}", "3m");
        GatewayParentReference gw = new GatewayParentReference("gw-ns", "gw");
        gw.group = "gateway.networking.k8s.io";
        gw.kind = "Gateway";
        gw.sectionName = "http";
        gw.port = 80;
        c.routing.gatewayRef = gw;
        c.routing.annotations = new LinkedHashMap<>(Map.of("k", "v"));
        c.env = new ArrayList<>(List.of(EnvVars.of("AIM_ENGINE_ARGS", "{\"a\":1}"), EnvVars.of("X", "y")));
        c.model = model(true);
        c.labelPropagation = labelPropagation(true, "team-*");
        c.defaultStorageClassName = "legacy-sc";
        c.pvcHeadroomPercent = 7;
        return c;
    }

    static AIMStorageConfig storage(String className, Integer headroom) {
        AIMStorageConfig s = new AIMStorageConfig();
        s.defaultStorageClassName = className;
        s.pvcHeadroomPercent = headroom;
        return s;
    }

    static AIMRoutingConfig routing(Boolean enabled, String pathTemplate, String timeout) {
        AIMRoutingConfig r = new AIMRoutingConfig();
        r.enabled = enabled;
        r.pathTemplate = pathTemplate;
        r.requestTimeout = timeout;
        return r;
    }

    static AIMRuntimeConfigCommon.ModelConfig model(Boolean autoDiscovery) {
        AIMRuntimeConfigCommon.ModelConfig m = new AIMRuntimeConfigCommon.ModelConfig();
        m.autoDiscovery = autoDiscovery;
        return m;
    }

    static AIMRuntimeConfigCommon.LabelPropagation labelPropagation(Boolean enabled, String... match) {
        AIMRuntimeConfigCommon.LabelPropagation lp = new AIMRuntimeConfigCommon.LabelPropagation();
        lp.enabled = enabled;
        lp.match = new ArrayList<>(List.of(match));
        return lp;
    }

    private static AIMRuntimeConfigCommon withRouting(AIMRoutingConfig routing) {
        AIMRuntimeConfigCommon c = new AIMRuntimeConfigCommon();
        c.routing = routing;
        return c;
    }

    private static AIMRuntimeConfigCommon withEnv(EnvVar... env) {
        AIMRuntimeConfigCommon c = new AIMRuntimeConfigCommon();
        c.env = List.of(env);
        return c;
    }
}
