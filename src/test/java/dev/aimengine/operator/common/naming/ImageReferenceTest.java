package dev.aimengine.operator.common.naming;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Expected parts were produced by the original ExtractImageParts. */
class ImageReferenceTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "nginx                               | docker-io     | nginx    | latest",
            "myorg/myimage:v1                    | docker-io     | myimage  | v1",
            "localhost/x                         | localhost     | x        | latest",
            "localhost:5000/My_Image:Dev_1       | localhost-5000| my-image | dev-1",
            "registry:5000/a/b/c:tag             | registry-5000 | c        | tag",
            "ghcr.io/silogen/aim-llama-3.1-8b:0.8.4 | ghcr-io    | aim-llama-3-1-8b | 0-8-4",
            "quay.io/org/img@sha256:12ab         | quay-io       | img      | 12ab",
            "img@sha256:abcdef123456             | docker-io     | img      | abcdef",
            "docker.io/org/img@sha256:ABCDEF0123 | docker-io     | img      | abcdef",
            "ghcr.io/Org/Img__Name:V1..2         | ghcr-io       | img-name | v1-2",
            "/foo:1                              | docker-io     | foo      | 1",
    })
    void parses(String image, String registry, String name, String tag) {
        assertEquals(new ImageReference(registry, name, tag), ImageReference.parse(image));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "nginx:", "a/b@sha256:", "a/b@sha256", "x@y:", ":tag", "img@", "--:v1", "img:--"})
    void rejects(String image) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageReference.parse(image));
        assertTrue(e.getMessage().startsWith("invalid image reference"), e.getMessage());
    }
}
