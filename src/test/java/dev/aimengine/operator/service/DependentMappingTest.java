package dev.aimengine.operator.service;

import dev.aimengine.operator.api.v1alpha1.AIMArtifact;
import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.api.v1alpha1.AIMTemplateCache;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which services a change to a template cache or an artifact re-triggers (the workflow dependents' mappers). */
class DependentMappingTest {
    static final KubernetesSerialization YAML = new KubernetesSerialization();

    static AIMService service(String status) {
        return YAML.unmarshal("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMService
                metadata: {name: svc, namespace: ns}
                spec: {model: {name: m}}
                status: %s
                """.formatted(status), AIMService.class);
    }

    static AIMTemplateCache cache(String name, String template) {
        return YAML.unmarshal("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMTemplateCache
                metadata: {name: %s, namespace: ns}
                spec: {templateName: %s, templateScope: Namespace}
                """.formatted(name, template), AIMTemplateCache.class);
    }

    static AIMArtifact artifact(String labels) {
        return YAML.unmarshal("""
                apiVersion: aim.eai.amd.com/v1alpha1
                kind: AIMArtifact
                metadata: {name: a, namespace: ns, labels: %s}
                spec: {sourceUri: "hf://org/model"}
                """.formatted(labels), AIMArtifact.class);
    }

    @Test
    void aCacheReachesTheServicesRecordingItOrUsingItsTemplate() {
        AIMService recording = service("{cache: {templateCacheRef: {name: c}}}");
        AIMService sameTemplate = service("{resolvedTemplate: {name: t}}");
        AIMService unrelated = service("{resolvedTemplate: {name: other}, cache: {templateCacheRef: {name: x}}}");
        AIMService fresh = service("{}");
        assertTrue(TemplateCacheDependent.uses(recording, cache("c", "zzz")));
        assertTrue(TemplateCacheDependent.uses(sameTemplate, cache("new-cache", "t")),
                "a cache made for the template reaches a service still looking for one");
        assertFalse(TemplateCacheDependent.uses(unrelated, cache("c", "t")));
        assertFalse(TemplateCacheDependent.uses(fresh, cache("c", "t")));
    }

    @Test
    void anArtifactReachesTheServicesOfItsCacheOrTemplate() {
        AIMService recording = service("{cache: {templateCacheRef: {name: c}}}");
        AIMService sameTemplate = service("{resolvedTemplate: {name: t}}");
        assertTrue(CacheArtifactsDependent.uses(recording, artifact("{aim.eai.amd.com/template-cache.name: c}")));
        assertTrue(CacheArtifactsDependent.uses(sameTemplate, artifact("{aim.eai.amd.com/template.name: t}")));
        assertFalse(CacheArtifactsDependent.uses(recording, artifact("{aim.eai.amd.com/template-cache.name: d}")));
        assertFalse(CacheArtifactsDependent.uses(sameTemplate, artifact("{}")), "an unlabelled artifact is nobody's");
    }
}
