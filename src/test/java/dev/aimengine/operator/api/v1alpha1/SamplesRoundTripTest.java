package dev.aimengine.operator.api.v1alpha1;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aimengine.operator.testing.Samples;
import dev.aimengine.operator.testing.Samples.Sample;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every sample survives YAML → Java → JSON without losing, renaming or adding a field. */
class SamplesRoundTripTest {

    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    static List<Sample> samples() {
        return Samples.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void roundTripsThroughTheJavaClasses(Sample sample) {
        HasMetadata typed = SERIALIZATION.convertValue(sample.tree(), sample.type());
        JsonNode back = SERIALIZATION.convertValue(typed, JsonNode.class);
        assertEquals(sample.tree(), back, () -> "lost or renamed fields in " + sample);
    }

    @Test
    void everyKindHasASample() {
        Set<String> kinds = samples().stream().map(Sample::kind).collect(Collectors.toCollection(TreeSet::new));
        Set<String> all = AIMApi.KINDS.stream().map(Class::getSimpleName).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(all, kinds);
    }
}
