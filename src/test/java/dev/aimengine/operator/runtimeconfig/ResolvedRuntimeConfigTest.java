package dev.aimengine.operator.runtimeconfig;

import dev.aimengine.operator.api.v1alpha1.AIMClusterRuntimeConfig;
import dev.aimengine.operator.api.v1alpha1.AIMResolvedReference;
import dev.aimengine.operator.api.v1alpha1.AIMRuntimeConfig;
import dev.aimengine.operator.api.v1alpha1.AIMRuntimeConfigCommon;
import dev.aimengine.operator.common.kube.EnvVars;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.aimengine.operator.runtimeconfig.RuntimeConfigMergerTest.labelPropagation;
import static dev.aimengine.operator.runtimeconfig.RuntimeConfigMergerTest.routing;
import static dev.aimengine.operator.runtimeconfig.RuntimeConfigMergerTest.storage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResolvedRuntimeConfigTest {

    @Test
    void nothingFoundIsEmpty() {
        assertTrue(ResolvedRuntimeConfig.of("default", null, null).isEmpty());
    }

    @Test
    void namespaceOnly() {
        AIMRuntimeConfig ns = namespaced("team", "ns-uid", spec(storage("ns-sc", 25)));

        ResolvedRuntimeConfig resolved = ResolvedRuntimeConfig.of("default", ns, null).orElseThrow();
        assertEquals("default", resolved.name());
        assertEquals("Namespace", resolved.scope());
        assertReference(resolved.reference(), "default", "team", "Namespace", "AIMRuntimeConfig", "ns-uid");
        assertEquals("ns-sc", resolved.storageClassName());
        assertEquals(25, resolved.headroomPercent());
    }

    @Test
    void clusterOnly() {
        AIMClusterRuntimeConfig cluster = cluster("cl-uid", spec(storage("cl-sc", null)));

        ResolvedRuntimeConfig resolved = ResolvedRuntimeConfig.of("gpu", null, cluster).orElseThrow();
        assertEquals("gpu", resolved.name());
        assertEquals("Cluster", resolved.scope());
        assertReference(resolved.reference(), "gpu", null, "Cluster", "AIMClusterRuntimeConfig", "cl-uid");
        assertEquals("cl-sc", resolved.storageClassName());
        assertEquals(10, resolved.headroomPercent());
    }

    @Test
    void bothAreMergedAndReferenceTheNamespaceConfig() {
        AIMRuntimeConfigCommon clusterSpec = spec(storage("cl-sc", 30));
        clusterSpec.env = List.of(EnvVars.of("A", "cluster"), EnvVars.of("B", "cluster"));
        clusterSpec.labelPropagation = labelPropagation(true, "team-*");
        AIMRuntimeConfigCommon nsSpec = spec(storage(null, 0));
        nsSpec.env = List.of(EnvVars.of("B", "ns"));
        nsSpec.routing = routing(true, "/p", null);

        ResolvedRuntimeConfig resolved = ResolvedRuntimeConfig.of("  shared ", namespaced("team", "ns-uid", nsSpec),
                cluster("cl-uid", clusterSpec)).orElseThrow();
        assertEquals("shared", resolved.name());
        assertEquals("Merged", resolved.scope());
        assertReference(resolved.reference(), "shared", "team", "Merged", "AIMRuntimeConfig", "ns-uid");
        assertEquals("cl-sc", resolved.storageClassName());
        assertEquals(0, resolved.headroomPercent());
        assertEquals(List.of(EnvVars.of("A", "cluster"), EnvVars.of("B", "ns")), resolved.env());
        assertEquals("/p", resolved.routing().pathTemplate);
        assertEquals(List.of("team-*"), resolved.labelPropagation().match);
    }

    @Test
    void blankNameResolvesAsDefault() {
        ResolvedRuntimeConfig resolved = ResolvedRuntimeConfig.of(null, null, cluster("u", spec(null))).orElseThrow();
        assertEquals("default", resolved.name());
        assertEquals("default", resolved.reference().name);
    }

    @Test
    void accessorDefaultsOnAnEmptyOrMissingSpec() {
        AIMClusterRuntimeConfig noSpec = new AIMClusterRuntimeConfig();
        noSpec.setMetadata(new ObjectMetaBuilder().withName("default").withUid("u").build());

        ResolvedRuntimeConfig resolved = ResolvedRuntimeConfig.of("default", null, noSpec).orElseThrow();
        assertNull(resolved.storageClassName());
        assertEquals(10, resolved.headroomPercent());
        assertEquals(List.of(), resolved.env());
        assertNull(resolved.routing());
        assertNull(resolved.labelPropagation());
        assertThrows(UnsupportedOperationException.class,
                () -> ResolvedRuntimeConfig.of("default", null, cluster("u", spec(null))).orElseThrow().env().clear());
    }

    @Test
    void emptyStorageClassMeansClusterDefault() {
        ResolvedRuntimeConfig resolved = ResolvedRuntimeConfig.of("default", null, cluster("u", spec(storage("", 5))))
                .orElseThrow();
        assertNull(resolved.storageClassName());
        assertEquals(5, resolved.headroomPercent());
    }

    private static void assertReference(AIMResolvedReference ref, String name, String namespace, String scope,
            String kind, String uid) {
        assertEquals(name, ref.name);
        assertEquals(namespace, ref.namespace);
        assertEquals(scope, ref.scope);
        assertEquals(kind, ref.kind);
        assertEquals(uid, ref.uid);
    }

    private static AIMRuntimeConfigCommon spec(dev.aimengine.operator.api.v1alpha1.AIMStorageConfig storage) {
        AIMRuntimeConfigCommon spec = new AIMRuntimeConfigCommon();
        spec.storage = storage;
        return spec;
    }

    private static AIMRuntimeConfig namespaced(String namespace, String uid, AIMRuntimeConfigCommon spec) {
        AIMRuntimeConfig config = new AIMRuntimeConfig();
        config.setMetadata(new ObjectMetaBuilder().withName("cfg").withNamespace(namespace).withUid(uid).build());
        config.setSpec(spec);
        return config;
    }

    private static AIMClusterRuntimeConfig cluster(String uid, AIMRuntimeConfigCommon spec) {
        AIMClusterRuntimeConfig config = new AIMClusterRuntimeConfig();
        config.setMetadata(new ObjectMetaBuilder().withName("cfg").withUid(uid).build());
        config.setSpec(spec);
        return config;
    }
}
