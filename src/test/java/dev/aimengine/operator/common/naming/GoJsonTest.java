package dev.aimengine.operator.common.naming;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Quantity;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Expected texts were produced by Go's encoding/json (Go 1.19; \b and \f as of Go 1.22). */
class GoJsonTest {

    /** The env list used here and in {@link AimNamesTest}: literal, valueFrom of every kind, empty value. */
    static List<EnvVar> sampleEnv() {
        return List.of(
                new EnvVarBuilder().withName("HF_TOKEN").withNewValueFrom().withNewSecretKeyRef()
                        .withName("hf-secret").withKey("token").withOptional(true)
                        .endSecretKeyRef().endValueFrom().build(),
                new EnvVar("MODE", "a<b>&c", null),
                new EnvVar("EMPTY", null, null),
                new EnvVarBuilder().withName("CM").withNewValueFrom().withNewConfigMapKeyRef()
                        .withName("cm").withKey("k").endConfigMapKeyRef().endValueFrom().build(),
                new EnvVarBuilder().withName("POD").withNewValueFrom().withNewFieldRef()
                        .withApiVersion("v1").withFieldPath("metadata.name").endFieldRef().endValueFrom().build(),
                new EnvVarBuilder().withName("MEM").withNewValueFrom().withNewResourceFieldRef()
                        .withContainerName("c").withResource("limits.memory")
                        .endResourceFieldRef().endValueFrom().build(),
                new EnvVarBuilder().withName("CPU").withNewValueFrom().withNewResourceFieldRef()
                        .withResource("limits.cpu").withDivisor(new Quantity("1m"))
                        .endResourceFieldRef().endValueFrom().build());
    }

    static final String SAMPLE_ENV_JSON = "["
            + "{\"name\":\"HF_TOKEN\",\"valueFrom\":{\"secretKeyRef\":{\"name\":\"hf-secret\",\"key\":\"token\","
            + "\"optional\":true}}},"
            + "{\"name\":\"MODE\",\"value\":\"a\\u003cb\\u003e\\u0026c\"},"
            + "{\"name\":\"EMPTY\"},"
            + "{\"name\":\"CM\",\"valueFrom\":{\"configMapKeyRef\":{\"name\":\"cm\",\"key\":\"k\"}}},"
            + "{\"name\":\"POD\",\"valueFrom\":{\"fieldRef\":{\"apiVersion\":\"v1\",\"fieldPath\":\"metadata.name\"}}},"
            + "{\"name\":\"MEM\",\"valueFrom\":{\"resourceFieldRef\":{\"containerName\":\"c\","
            + "\"resource\":\"limits.memory\",\"divisor\":\"0\"}}},"
            + "{\"name\":\"CPU\",\"valueFrom\":{\"resourceFieldRef\":{\"resource\":\"limits.cpu\",\"divisor\":\"1m\"}}}"
            + "]";

    @Test
    void stringsAreEscapedLikeGo() {
        assertEquals("\"\\u003ca\\u0026b\\u003e\\u2028\\u2029\\\"\\\\\\n\\r\\t\\u0001\\u001f\u007f\u00e9\uD83D\uDE00\"",
                GoJson.encode("<a&b>\u2028\u2029\"\\\n\r\t\u0001\u001f\u007f\u00e9\uD83D\uDE00"));
        assertEquals("\"\\b\\f\"", GoJson.encode("\b\f"));
        assertEquals("\"\\ufffdx\"", GoJson.encode("\uD800x"), "a lone surrogate stands for invalid UTF-8");
        assertEquals("\"\"", GoJson.encode(""));
    }

    @Test
    void scalars() {
        assertEquals("null", GoJson.encode(null));
        assertEquals("true", GoJson.encode(true));
        assertEquals("0", GoJson.encode(0));
        assertEquals("-9007199254740993", GoJson.encode(-9007199254740993L));
        assertEquals("18446744073709551615", GoJson.encode(new BigInteger("18446744073709551615")));
    }

    @Test
    void collectionsAndMapsWithSortedKeys() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("b", 1);
        m.put("a", Arrays.asList("x", null, true));
        m.put("c", Map.of("z", "1", "y", "2"));
        assertEquals("{\"a\":[\"x\",null,true],\"b\":1,\"c\":{\"y\":\"2\",\"z\":\"1\"}}", GoJson.encode(m));
        assertEquals("[]", GoJson.encode(new ArrayList<>()));
        assertEquals("{}", GoJson.encode(Map.of()));
    }

    @Test
    void mapKeysAreOrderedByUtf8Bytes() {
        // U+FF21 sorts before U+1F600 in UTF-8 but after its surrogates in UTF-16
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("\uD83D\uDE00", 1);
        m.put("\uFF21", 2);
        assertEquals("{\"\uFF21\":2,\"\uD83D\uDE00\":1}", GoJson.encode(m));
    }

    @Test
    void envVarsUseKubernetesFieldOrderAndOmitEmptyFields() {
        assertEquals(SAMPLE_ENV_JSON, GoJson.encode(sampleEnv()));
    }

    @Test
    void unsupportedTypesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> GoJson.encode(1.5));
        assertThrows(IllegalArgumentException.class, () -> GoJson.encode(new Object()));
    }
}
