package dev.aimengine.operator.common.kube;

import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The canonical quantity text. The inputs come from the test tables of Kubernetes' own quantity code
 * (k8s.io/apimachinery pkg/api/resource: the parse, string, parse-and-emit and whitespace tables); each expected
 * text is what that code's JSON encoding writes for the input, checked by running it.
 */
class QuantitiesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # examples of the operator's own inputs
            2000m | 2
            1500m | 1500m
            0.5 | 500m
            1000 | 1k
            1024Mi | 1Gi
            1536Mi | 1536Mi
            0.5Gi | 512Mi
            100Mi | 100Mi
            500m | 500m
            64Gi | 64Gi
            1.5Gi | 1536Mi
            # zero in every format is 0
            0 | 0
            0n | 0
            0m | 0
            0Ki | 0
            0k | 0
            0Mi | 0
            0Gi | 0
            0T | 0
            00 | 0
            # binary suffixes
            1Ki | 1Ki
            8Ki | 8Ki
            7Mi | 7Mi
            6Gi | 6Gi
            5Ti | 5Ti
            4Pi | 4Pi
            3Ei | 3Ei
            100Ti | 100Ti
            307200Ki | 300Mi
            1025024Mi | 1001Gi
            1024Gi | 1Ti
            1025 | 1025
            # decimal suffixes
            5n | 5n
            4u | 4u
            3m | 3m
            8k | 8k
            50k | 50k
            7M | 7M
            300T | 300T
            2P | 2P
            1E | 1E
            1000M | 1G
            0.001T | 1G
            1000u | 1m
            5000m | 5
            1.08 | 1080m
            1080000000n | 1080m
            # decimal exponents
            1E-3 | 1E-3
            1e3 | 1e3
            1E18 | 1E18
            1e14 | 100e12
            1e13 | 10e12
            .001e12 | 1e9
            0.001e0 | 1e-3
            1000e-12 | 1e-9
            0.5e0 | 500e-3
            0.5e-1 | 50e-3
            1.2e3 | 1200
            1.3E+6 | 1300e3
            1.7E18 | 1700e15
            # fractions
            0.001 | 1m
            0.0005k | 500m
            0.05 | 50m
            0.00500 | 5m
            0.50000 | 500m
            9.01 | 9010m
            8.1k | 8100
            40.1T | 40100G
            2.5P | 2500T
            1.01E | 1010P
            # rounded up to whole nano units
            3.001n | 4n
            1.1E-9 | 2e-9
            0.0000000001 | 1n
            0.00000000050 | 1n
            0.9n | 1n
            0.00000012345 | 124n
            0.00000012354 | 124n
            # binary values are capped at 2^63-1; fractional or small binary values become decimal
            9Ei | 9223372036854775807
            9223372036854775807Ki | 9223372036854775807
            100.035Ki | 102435840m
            0.5Mi | 512Ki
            0.05Gi | 53687091200m
            0.025Ti | 27487790694400m
            .001Ki | 1024m
            .000001Ki | 1024u
            .000000001Ki | 1024n
            .000000000001Ki | 2n
            .0001k | 100m
            # Kubernetes keeps text that its shortcut for short values takes as canonical
            12E | 12E
            100.035k | 100.035k
            10.035M | 10.035M
            7.123456M | 7.123456M
            1. | 1.
            1.G | 1.G
            # surrounding whitespace of a JSON string is dropped
            ' 1' | 1
            '1 ' | 1
            """)
    void canonicalTextAsKubernetesWritesIt(String input, String expected) {
        assertEquals(expected, Quantities.canonical(input));
        // the sign carries over, except for zero
        if (!"0".equals(expected)) {
            assertEquals("-" + expected, Quantities.canonical("-" + input.strip()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "1.1.M", "1+1.0M", "0.1mi", "0.1am", "aoeu", ".5i", "1i", "-3.01i", "-3.01e-", "",
            "Pi", "e-12", "1e" })
    void textThatIsNoQuantityIsLeftAlone(String input) {
        assertEquals(input, Quantities.canonical(input));
    }

    @Test
    void fabric8QuantitiesAreSplitIntoNumberAndSuffix() {
        Quantity q = Quantities.canonical(new Quantity("2000m"));
        assertEquals("2", q.getAmount());
        assertEquals("", q.getFormat());
        q = Quantities.canonical(new Quantity("0.5Gi"));
        assertEquals("512", q.getAmount());
        assertEquals("Mi", q.getFormat());
        q = Quantities.canonical(new Quantity("1E3"));
        assertEquals("1", q.getAmount());
        assertEquals("E3", q.getFormat());
        assertNull(Quantities.canonical((Quantity) null));
        assertNull(Quantities.canonical((String) null));
    }
}
