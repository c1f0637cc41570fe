package dev.aimengine.operator.modelsource;

import dev.aimengine.operator.api.v1alpha1.AIMClusterModelSourceSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageFilterTest {

    static ImageFilter parse(String image, String... exclude) {
        AIMClusterModelSourceSpec.Filter f = new AIMClusterModelSourceSpec.Filter();
        f.image = image;
        f.exclude = List.of(exclude);
        return ImageFilter.parse(f);
    }

    @Test
    void filtersAreParsedLikeAimEngine() {
        ImageFilter wildcard = parse("amdenterpriseai/aim-*");
        assertTrue(wildcard.wildcard());
        assertNull(wildcard.registry());
        assertEquals("docker.io", wildcard.effectiveRegistry(null));
        assertEquals("quay.io", wildcard.effectiveRegistry("quay.io"));

        ImageFilter hosted = parse("ghcr.io/org/*");
        assertEquals("ghcr.io", hosted.registry());
        assertEquals("org/*", hosted.repository());

        ImageFilter exact = parse("docker.io/amdenterpriseai/aim-base:0.9");
        assertNull(exact.registry(), "Docker Hub written out is the default registry");
        assertEquals("amdenterpriseai/aim-base", exact.repository());
        assertEquals("0.9", exact.tag());

        assertEquals("library/busybox", parse("busybox").repository());
        ImageFilter withPort = parse("127.0.0.1:5000/team/model");
        assertEquals("127.0.0.1:5000", withPort.registry());
        assertEquals("team/model", withPort.repository());
        assertNull(withPort.tag(), "no tag written, none taken (the port is no tag)");
    }

    @Test
    void repositoriesMatchThePatternUnlessExcluded() {
        ImageFilter f = parse("amdenterpriseai/aim-*", "amdenterpriseai/aim-base");
        assertTrue(f.matches("amdenterpriseai/aim-llama", "0.8.4", List.of()));
        assertFalse(f.matches("amdenterpriseai/aim-base", "0.8.4", List.of()));
        assertFalse(f.matches("other/aim-llama", "0.8.4", List.of()));
        assertTrue(ImageFilter.glob("a*b*c", "aXXbYYc"));
        assertFalse(ImageFilter.glob("a*b*c", "aXXcYYb"));
        assertTrue(ImageFilter.glob("exact", "exact"));
        assertFalse(ImageFilter.glob("exact", "exactly"));
    }

    @Test
    void versionConstraints() {
        assertTrue(ImageFilter.satisfies("0.8.4", List.of(">=0.8.4")));
        assertTrue(ImageFilter.satisfies("v0.9.0", List.of(">=0.8.4")), "a leading v is dropped");
        assertFalse(ImageFilter.satisfies("0.8.3", List.of(">=0.8.4")));
        assertFalse(ImageFilter.satisfies("latest", List.of(">=0.8.4")), "a tag that is no version matches no constraint");
        assertTrue(ImageFilter.satisfies("latest", List.of()), "no constraints: every tag");
        assertTrue(ImageFilter.satisfies("0.9.1", List.of(">=0.9")), "one dot: .0 appended");
        assertTrue(ImageFilter.satisfies("0.8.1-rc1", List.of(">=0.8.0")), "pre-releases count");
        assertTrue(ImageFilter.satisfies("1.2.7", List.of("1.2.x")));
        assertTrue(ImageFilter.satisfies("1.2.7", List.of("~1.2.0")), "~ works here (AIM Engine ignores it)");
        assertFalse(ImageFilter.satisfies("1.3.0", List.of("~1.2.0")));
        assertTrue(ImageFilter.satisfies("1.9.0", List.of("^1.0.0")));
        assertFalse(ImageFilter.satisfies("2.0.0", List.of("^1.0.0")));
        assertTrue(ImageFilter.satisfies("0.5.0", List.of("<0.6.0 || >=1.0.0")));
        assertFalse(ImageFilter.satisfies("0.7.0", List.of("<0.6.0 || >=1.0.0")));
        assertFalse(ImageFilter.satisfies("0.9.0", List.of(">=0.8.0 !=0.9.0")));
        assertTrue(ImageFilter.satisfies("0.9.1", List.of(">=0.8.0 !=0.9.0")));
        assertTrue(ImageFilter.satisfies("0.9.1", List.of(">=0.8.0", "<1.0.0")), "every constraint must hold");
        assertFalse(ImageFilter.satisfies("1.0.0", List.of(">=0.8.0", "<1.0.0")));
    }
}
