package dev.aimengine.operator.common.reconcile;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whether an optional API is installed: asked again while missing, remembered once seen. */
@EnableKubernetesMockClient
class ApiPresenceTest {
    static final String CRD = "inferenceservices.serving.kserve.io";

    KubernetesMockServer server;
    KubernetesClient client;

    @BeforeEach
    @AfterEach
    void forget() {
        ApiPresence.reset();
    }

    @Test
    void aMissingApiIsAnsweredFromTheCacheForAWhile() {
        server.expect().get().withPath("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/" + CRD)
                .andReturn(404, null).once();
        server.expect().get().withPath("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/" + CRD)
                .andReturn(200, new CustomResourceDefinitionBuilder().withNewMetadata().withName(CRD).endMetadata()
                        .build()).always();
        assertFalse(ApiPresence.isInstalled(client, CRD));
        // installed meanwhile, but asked again only once the short cache period is over
        assertFalse(ApiPresence.isInstalled(client, CRD));
    }

    @Test
    void anApiOnceSeenStaysInstalled() {
        server.expect().get().withPath("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/" + CRD)
                .andReturn(200, new CustomResourceDefinitionBuilder().withNewMetadata().withName(CRD).endMetadata()
                        .build()).once();
        server.expect().get().withPath("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/" + CRD)
                .andReturn(404, null).always();
        assertTrue(ApiPresence.isInstalled(client, CRD));
        ApiPresence.expireForTests();
        // the server now says 404: the informer started for the API must not be stopped, so the answer stays
        assertTrue(ApiPresence.isInstalled(client, CRD));
    }

    @Test
    void aQuestionThatCannotBeAnsweredAssumesTheApiButAsksAgain() {
        server.expect().get().withPath("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/" + CRD)
                .andReturn(403, null).once();
        assertTrue(ApiPresence.isInstalled(client, CRD), "no permission to read CRDs: let the API call decide");
    }
}
