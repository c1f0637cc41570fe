package dev.aimengine.operator.service.routing;

import dev.aimengine.operator.api.v1alpha1.AIMService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.aimengine.operator.service.ServiceGoldenFiles.SERIALIZATION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PathTemplateTest {

    static final String DEFAULT = "/ml-team/5e1d2c3b-4a59-4687-9a0b-c1d2e3f4a5b6";

    static final AIMService SERVICE = SERIALIZATION.unmarshal("""
            apiVersion: aim.eai.amd.com/v1alpha1
            kind: AIMService
            metadata:
              name: Llama.Chat_v2
              namespace: ml-team
              uid: 5e1d2c3b-4a59-4687-9a0b-c1d2e3f4a5b6
              labels: {project: Vision_Team, env: " Prod ", empty: ""}
              annotations: {route: "Foo/Bar.Baz", spaced: "  x  "}
            spec:
              model: {name: llama-3-1-8b}
              replicas: 2
              env:
              - {name: FIRST, value: One}
              - {name: LAST, value: Two}
            """, AIMService.class);

    /** Templates that render; {@code path} is the expected result. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "/ml/{.metadata.namespace}/{.metadata.labels['project']} | /ml/ml-team/vision-team",
            "/ml/{.metadata.labels[\"project\"]}                     | /ml/vision-team",
            "/{ .metadata.labels['env'] }/x                          | /prod/x",
            "/a/{.metadata.labels['empty']}/b                        | /a/b",
            "/x/{.metadata.annotations['route']}                     | /x/foo/bar-baz",
            "/x/{.metadata.annotations[\"spaced\"]}/y                | /x/x/y",
            "/integration/gpu-cached/{.metadata.name}                | /integration/gpu-cached/llama-chat-v2",
            "{.metadata.name}                                        | /llama-chat-v2",
            "/m/{.spec.model.name}                                   | /m/llama-3-1-8b",
            "/r/{.spec.replicas}                                     | /r/2",
            "/{$.metadata.uid}                                       | /5e1d2c3b-4a59-4687-9a0b-c1d2e3f4a5b6",
            "/{.metadata.labels.project}                             | /vision-team",
            "/{.metadata['namespace']}                               | /ml-team",
            "/{.spec.env[0].value}/{.spec.env[-1].value}             | /one/two",
            "/{.kind}/{.apiVersion}                                  | /aimservice/aim-eai-amd-com-v1alpha1",
            "/Team.One//Models_V1/                                   | /team-one/models-v1",
            "no-leading-slash                                        | /no-leading-slash",
            "/                                                       | /",
    })
    void renders(String template, String path) {
        PathTemplate.Rendered r = PathTemplate.render(template, SERVICE);
        assertNull(r.error(), r.error());
        assertEquals(path, r.path());
    }

    /** Templates that fail: the default path comes back with an error mentioning {@code expected}. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "/ml/{.metadata.labels['missing']}          | label \"missing\" not found",
            "/ml/{.metadata.annotations['missing']}     | annotation \"missing\" not found",
            "/ml/{.spec.nothere}                        | nothere is not found",
            "/ml/{.spec.env}                            | a list",
            "/ml/{.spec.model}                          | an object",
            "/ml/{.spec.env[5].name}                    | out of range",
            "/ml/{.spec.env[*].name}                    | not supported",
            "/ml/{..name}                               | not supported",
            "/ml/{.spec.env[?(@.name=='A')].value}      | not supported",
            "/ml/{metadata.name}                        | unexpected 'm'",
            "/ml/{.status.status}                       | status is not found",
            "`   `                                      | empty path",
    })
    void failsWithDefaultPath(String template, String expected) {
        PathTemplate.Rendered r = PathTemplate.render(template, SERVICE);
        assertNotNull(r.error(), "expected an error");
        assertTrue(r.error().contains(expected), r.error());
        assertEquals(DEFAULT, r.path());
    }

    @Test
    void noTemplateIsTheDefaultWithoutError() {
        assertEquals(new PathTemplate.Rendered(DEFAULT, null), PathTemplate.render(null, SERVICE));
        assertEquals(new PathTemplate.Rendered(DEFAULT, null), PathTemplate.render("", SERVICE));
    }

    @Test
    void pathsLongerThan200CharactersAreRejected() {
        String ok = "/" + "a".repeat(50) + "/" + "b".repeat(50) + "/" + "c".repeat(50) + "/" + "d".repeat(46);
        assertEquals(200, ok.length());
        assertEquals(ok, PathTemplate.render(ok, SERVICE).path());

        PathTemplate.Rendered r = PathTemplate.render(ok + "e", SERVICE);
        assertEquals(DEFAULT, r.path());
        assertTrue(r.error().contains("exceeds 200"), r.error());
    }

    @Test
    void rendersTheExampleOfTheSpec() {
        AIMService service = SERIALIZATION.unmarshal("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMService
                metadata: {name: test-gpu-cached, namespace: e2e, uid: 1}
                spec: {model: {name: m}}
                """, AIMService.class);
        assertEquals("/integration/gpu-cached/test-gpu-cached",
                PathTemplate.render("/integration/gpu-cached/{.metadata.name}", service).path());
    }
}
