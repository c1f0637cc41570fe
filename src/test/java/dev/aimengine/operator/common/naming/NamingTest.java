package dev.aimengine.operator.common.naming;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Expected hashes and names were computed independently with Go 1.19 (encoding/json, crypto/sha256). */
class NamingTest {

    static final String A62 = "a".repeat(62);

    @Test
    void rfc1123LowercasesAndReplacesEachInvalidCharacter() {
        assertEquals("my-service", Naming.rfc1123("My_Service"));
        assertEquals("hello--world", Naming.rfc1123("Hello__World"), "repeated dashes are kept");
        assertEquals("a-b-c", Naming.rfc1123("--a.b_c--"));
        assertEquals("a-b", Naming.rfc1123("a\uD83D\uDE00b"), "one dash per code point");
        assertEquals("istanbul", Naming.rfc1123("\u0130stanbul"), "simple per-character lowercase like Go");
        assertEquals("x", Naming.rfc1123("\u65E5\u672C\u8A9E-x"));
    }

    @Test
    void rfc1123CanBeEmpty() {
        assertEquals("", Naming.rfc1123("..."));
        assertEquals("", Naming.rfc1123(""));
    }

    @Test
    void rfc1123TruncatesTo63AndTrimsTrailingDashes() {
        assertEquals("b".repeat(63), Naming.rfc1123("B".repeat(70)));
        assertEquals(A62, Naming.rfc1123(A62 + ".b"));
        assertEquals(A62, Naming.rfc1123("-" + A62 + "--b"));
    }

    @Test
    void sanitizeLabelValueReplacesRunsWithOneUnderscore() {
        assertEquals("my_service", Naming.sanitizeLabelValue("My Service!!"));
        assertEquals("a_b", Naming.sanitizeLabelValue("a  !!  b"));
        assertEquals("hello__world", Naming.sanitizeLabelValue("Hello__World"), "underscores are valid");
        assertEquals("a.b_c", Naming.sanitizeLabelValue("--a.b_c--"));
        assertEquals("istanbul", Naming.sanitizeLabelValue("\u0130stanbul"));
        assertEquals("x", Naming.sanitizeLabelValue("\u65E5\u672C\u8A9E-x"));
        assertEquals("v1.2.3", Naming.sanitizeLabelValue("v1.2.3"));
    }

    @Test
    void sanitizeLabelValueTruncatesAndTrims() {
        assertEquals(A62, Naming.sanitizeLabelValue(A62 + ".b"));
        assertEquals("c".repeat(63), Naming.sanitizeLabelValue("C".repeat(80)));
    }

    @Test
    void sanitizeLabelValueRejectsEmptyResult() {
        assertThrows(IllegalArgumentException.class, () -> Naming.sanitizeLabelValue("..."));
        assertThrows(IllegalArgumentException.class, () -> Naming.sanitizeLabelValue(""));
        assertThrows(IllegalArgumentException.class, () -> Naming.sanitizeLabelValue("!?_"));
    }

    @Test
    void hashOfSpecExampleIsSha256OfTheQuotedString() {
        assertEquals("f29389abbd7e5986e155b906fa2e1aae3c6bce638b39cd8b9bbe59c6d21f9234",
                Naming.hash(List.of("my-ns"), 64));
        assertEquals("f29389ab", Naming.hash(List.of("my-ns"), 8));
        assertEquals("", Naming.hash(List.of("my-ns"), 0));
    }

    @Test
    void hashJoinsEncodingsWithBarsAndFlattensMaps() {
        Map<String, Object> nested = new TreeMap<>(Map.of("z", List.of("q", Map.of("y", "1", "x", "0")), "k", 3));
        // "a"|1|true|null|["k",3,"z",["q",["x","0","y","1"]]]
        assertEquals("e6b0b0056d03f2809cfb9332d42bc065177392b2938f5bdc81a50edc818f07a2",
                Naming.hash(Arrays.asList("a", 1, true, null, nested), 64));
    }

    @Test
    void hashRejectsBadLength() {
        assertThrows(IllegalArgumentException.class, () -> Naming.hash(List.of("x"), 65));
        assertThrows(IllegalArgumentException.class, () -> Naming.hash(List.of("x"), -1));
    }

    @Test
    void derivedNameWithHashInputsOfSeveralKinds() {
        assertEquals("my-service-f29389ab", Naming.derivedName(List.of("my-service"), List.of("my-ns")));
        assertEquals("a-b-d68c041b", Naming.derivedName(List.of("a", "b"), Arrays.asList("x", 1, true, null)));
        assertEquals("a-9ca894e6", Naming.derivedName(List.of("a"), List.of(List.of("x", 2))));
        assertEquals("a-59851255", Naming.derivedName(List.of("a"), List.of(Map.of("b", "2", "a", "1"))));
        assertEquals("a-1a9c6a49", Naming.derivedName(List.of("a"),
                List.of(Map.of("z", List.of("q", Map.of("y", "1", "x", "0")), "k", 3))));
        assertEquals("a-f3101e47", Naming.derivedName(List.of("a"), List.of("<a&b>\u2028\"\\\n\t\u0001")));
        assertEquals("a-74234e98", Naming.derivedName(List.of("a"), Arrays.asList((Object) null)));
    }

    @Test
    void derivedNameWithoutHash() {
        assertEquals("a-b", Naming.derivedName(List.of("a", "b"), List.of()));
        assertEquals("a-b", Naming.derivedName(List.of("a", "b"), null));
        assertEquals("a", Naming.derivedName(List.of("a"), List.of("x"), 0, 63));
        assertEquals("my-service-part", Naming.derivedName(List.of("My_Service", "--"), List.of()));
    }

    @Test
    void derivedNameShortensTheLongestPart() {
        String p = "abcdefghij".repeat(5);
        assertEquals("abcdefghijabcdefghijabcdef-abcdefghijabcdefghijabcdefg-ba2df490",
                Naming.derivedName(List.of(p, p), List.of("x")));
    }

    @Test
    void derivedNameShortensTheFirstOfEquallyLongParts() {
        assertEquals("aaaaaaaaa-bbbbbbbbbb-cccccccccc-ba2df490", Naming.derivedName(
                List.of("a".repeat(20), "b".repeat(20), "c".repeat(20)), List.of("x"), 8, 40));
    }

    @Test
    void derivedNameTrimsDashesLeftAtTheCut() {
        assertEquals("abc-def-xy", Naming.derivedName(List.of("abc-def-ghi-jkl", "xy"), List.of(), 8, 10));
    }

    @Test
    void derivedNameWithoutHashMayUseTheLastSeparatorsLength() {
        assertEquals("abcde-fghij", Naming.derivedName(List.of("abcde", "fghij"), List.of(), 8, 11));
        assertEquals("abcde-ghijk", Naming.derivedName(List.of("abcdef", "ghijkl"), List.of(), 8, 11));
    }

    @Test
    void derivedNameStopsWhenThePartsAreOneCharacter() {
        assertEquals("a-g-m-ba2df490",
                Naming.derivedName(List.of("abcdef", "ghijkl", "mnopqr"), List.of("x"), 8, 12));
    }

    @Test
    void derivedNameRejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> Naming.derivedName(List.of(), List.of("x")));
        assertThrows(IllegalArgumentException.class, () -> Naming.derivedName(List.of("a"), List.of("x"), 8, 0));
        assertThrows(IllegalArgumentException.class, () -> Naming.derivedName(List.of("a"), List.of("x"), 8, 64));
    }
}
