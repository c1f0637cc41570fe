package dev.aimengine.operator.common.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aimengine.operator.api.v1alpha1.AIMArtifactStatus;
import dev.aimengine.operator.api.v1alpha1.AIMCpuRequirements;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CanonicalQuantityJsonTest {

    @Test
    void fabric8AloneWritesQuantitiesAsTheyWereWritten() throws Exception {
        JsonNode json = new ObjectMapper().valueToTree(new AIMCpuRequirements(new Quantity("500m"), new Quantity("2000m")));
        assertEquals("2000m", json.get("limits").asText());
    }

    @Test
    void theMixInWritesThemCanonically() throws Exception {
        ObjectMapper mapper = CanonicalQuantityJson.register(new ObjectMapper());
        JsonNode json = mapper.readTree(mapper.writeValueAsString(
                new AIMCpuRequirements(new Quantity("500m"), new Quantity("2000m"))));
        assertEquals("500m", json.get("requests").asText());
        assertEquals("2", json.get("limits").asText());

        AIMArtifactStatus status = new AIMArtifactStatus();
        status.allocatedSize = new Quantity("1024Gi");
        assertEquals("1Ti", mapper.valueToTree(status).get("allocatedSize").asText());

        // reading is unchanged: the text as written
        Quantity read = mapper.readValue("\"2000m\"", Quantity.class);
        assertEquals("2000", read.getAmount());
        assertEquals("m", read.getFormat());
        // text that is no quantity goes out as it came in
        assertEquals("\"abc\"", mapper.writeValueAsString(new Quantity("abc", null)));
    }

    @Test
    void kubernetesSerializationOnTheMapperWritesCanonicalQuantitiesInNativeObjects() {
        // as Quarkus builds the client's serialization: fabric8's KubernetesSerialization over the customised mapper
        KubernetesSerialization serialization = new KubernetesSerialization(
                CanonicalQuantityJson.register(new ObjectMapper()), false);
        PersistentVolumeClaim pvc = new PersistentVolumeClaimBuilder().withNewMetadata().withName("p").endMetadata()
                .withNewSpec().withNewResources().addToRequests("storage", new Quantity("0.5Gi")).endResources()
                .endSpec().build();
        assertEquals("512Mi", serialization.unmarshal(serialization.asJson(pvc), JsonNode.class)
                .at("/spec/resources/requests/storage").asText());
    }
}
