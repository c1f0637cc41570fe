package dev.aimengine.operator.service.routing;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GoDurationTest {

    /** Go syntax in, nanoseconds and Go's printing out. */
    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource({
            "3m, 180000000000, 3m0s",
            "90s, 90000000000, 1m30s",
            "1h, 3600000000000, 1h0m0s",
            "500ms, 500000000, 500ms",
            "0, 0, 0s",
            "-0, 0, 0s",
            "0s, 0, 0s",
            "1.5h, 5400000000000, 1h30m0s",
            "1h2m3.5s, 3723500000000, 1h2m3.5s",
            "2h45m, 9900000000000, 2h45m0s",
            "+5s, 5000000000, 5s",
            "-1.5s, -1500000000, -1.5s",
            ".5s, 500000000, 500ms",
            "1.s, 1000000000, 1s",
            "1500us, 1500000, 1.5ms",
            "1µs, 1000, 1µs",
            "1μs, 1000, 1µs",
            "1.5us, 1500, 1.5µs",
            "100ns, 100, 100ns",
            "1.0000000009s, 1000000000, 1s",
            "61m, 3660000000000, 1h1m0s",
            "3.000000001s, 3000000001, 3.000000001s",
            "9223372036854775807ns, 9223372036854775807, 2562047h47m16.854775807s",
            "-9223372036854775808ns, -9223372036854775808, -2562047h47m16.854775808s",
    })
    void parsesAndFormatsLikeGo(String text, long nanos, String printed) {
        GoDuration d = GoDuration.parse(text);
        assertEquals(nanos, d.nanos());
        assertEquals(printed, d.toString());
        assertEquals(printed, GoDuration.normalize(text));
        assertEquals(d, GoDuration.parse(printed), "the printing parses back to the same duration");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "1", "s", "1x", "1.5", ".s", ".", "--1s", "1s2", "1 s", "1d",
            "9223372036854775808ns", "2562048h", "-9223372036854775809ns"})
    void rejectsWhatGoRejects(String text) {
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(text));
    }

    @ParameterizedTest
    @CsvSource({"999, 999ns", "1000, 1µs", "1001, 1.001µs", "999999, 999.999µs", "1000000, 1ms",
            "999999999, 999.999999ms", "1000000000, 1s", "60000000000, 1m0s", "-1, -1ns"})
    void formatsEveryRange(long nanos, String printed) {
        assertEquals(printed, GoDuration.format(nanos));
    }
}
