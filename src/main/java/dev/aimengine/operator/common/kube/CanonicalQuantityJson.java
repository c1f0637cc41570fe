package dev.aimengine.operator.common.kube;

import dev.aimengine.operator.common.naming.GoJson;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.fabric8.kubernetes.api.model.Quantity;
import io.quarkus.kubernetes.client.KubernetesClientObjectMapperCustomizer;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * Makes every fabric8 {@link Quantity} the operator writes come out in Kubernetes' canonical form
 * ({@link Quantities}), as AIM Engine's Go client writes it: {@code cpu.limits: 2000m} in a model becomes
 * {@code "2"} in the template it creates and in the template's {@code status.resolvedHardware}.
 *
 * <p>Where: at serialization, by a Jackson mix-in on {@link Quantity} in the Kubernetes client's ObjectMapper
 * ({@link Customizer}, a Quarkus {@link KubernetesClientObjectMapperCustomizer}). Everything the operator writes
 * through the client — custom resources' specs and statuses (CPU requirements, {@code minVram}, model source and
 * artifact sizes, {@code allocatedSize}), PVCs, Jobs and their environment ({@code resourceFieldRef.divisor}) — is
 * serialized by that ObjectMapper, so one place covers every field, including fields added later, and a copy made
 * anywhere in the operator (templates from models, artifacts from caches) needs no care of its own. Canonicalising
 * the Java objects where they are built instead would need a call at every copy and would silently miss the next
 * one. The status snapshot that decides whether a status changed is serialized the same way, so a status read back
 * from the server and the freshly computed one compare equal.
 *
 * <p>Why a mix-in: fabric8's {@code Quantity} names its own serializer with {@code @JsonSerialize}, and Jackson
 * prefers a class's annotation over serializers registered by modules; a mix-in replaces the annotation itself.
 * Deserialization is untouched (the mix-in only carries {@code @JsonSerialize}).
 *
 * <p>Not covered by the mix-in: text the operator builds outside the client's ObjectMapper. The InferenceService is
 * built as plain maps with its own ObjectMapper (which {@link #register} equips too) and its autoscaling targets
 * are strings; derived-name hashes encode quantities themselves ({@link GoJson}); both canonicalise through
 * {@link Quantities} directly.
 *
 * <p>Native image: the mix-in and the serializer are registered for reflection (Jackson reads the mix-in's
 * annotations and instantiates the serializer named there).
 */
public final class CanonicalQuantityJson {

    private CanonicalQuantityJson() {
    }

    /** Equips {@code mapper} to write quantities canonically; call before the mapper is first used. */
    public static ObjectMapper register(ObjectMapper mapper) {
        mapper.addMixIn(Quantity.class, QuantityMixIn.class);
        return mapper;
    }

    /** Replaces fabric8's {@code @JsonSerialize} on {@link Quantity}. */
    @RegisterForReflection
    @JsonSerialize(using = CanonicalSerializer.class)
    abstract static class QuantityMixIn {
    }

    /** Writes a quantity as its canonical text; text that is no valid quantity is written as it is. */
    @RegisterForReflection
    public static final class CanonicalSerializer extends StdSerializer<Quantity> {
        private static final long serialVersionUID = 1L;

        public CanonicalSerializer() {
            super(Quantity.class);
        }

        @Override
        public void serialize(Quantity value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(Quantities.canonical(Quantities.text(value)));
        }
    }

    /** Applies {@link #register} to the ObjectMapper of the Kubernetes client Quarkus builds. */
    @Singleton
    public static class Customizer implements KubernetesClientObjectMapperCustomizer {
        @Override
        public void customize(ObjectMapper mapper) {
            register(mapper);
        }
    }
}
