package dev.aimengine.operator.registry;

import dev.aimengine.operator.registry.RegistryCredentials.Auth;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegistryCredentialsTest {

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static Secret secret(String name, String key, String json) {
        return new SecretBuilder().withNewMetadata().withName(name).endMetadata()
                .addToData(key, b64(json)).build();
    }

    @Test
    void dockerConfigJsonWithAuthAndWithUserAndPassword() {
        RegistryCredentials credentials = RegistryCredentials.fromSecrets(List.of(secret("pull",
                ".dockerconfigjson", "{\"auths\":{\"ghcr.io\":{\"auth\":\"" + b64("alice:s3:cret") + "\"},"
                        + "\"https://index.docker.io/v1/\":{\"username\":\"bob\",\"password\":\"pw\"}}}")));

        assertEquals(Optional.of(new Auth("alice", "s3:cret")), credentials.forRegistry("ghcr.io"));
        assertEquals(Optional.of(new Auth("bob", "pw")), credentials.forRegistry(ImageName.DOCKER_HUB));
        assertEquals(Optional.of(new Auth("bob", "pw")), credentials.forRegistry("docker.io"));
        assertEquals(Optional.empty(), credentials.forRegistry("quay.io"));
    }

    @Test
    void legacyDockercfgAndIdentityTokens() {
        RegistryCredentials credentials = RegistryCredentials.fromSecrets(List.of(
                secret("legacy", ".dockercfg", "{\"registry.example:5000\":{\"auth\":\"" + b64("u:p") + "\"}}"),
                secret("acr", ".dockerconfigjson",
                        "{\"auths\":{\"acr.example\":{\"username\":\"00000000\",\"identitytoken\":\"tok\"}}}")));

        assertEquals(Optional.of(new Auth("u", "p")), credentials.forRegistry("registry.example:5000"));
        assertEquals(Optional.of(new Auth("00000000", "tok")), credentials.forRegistry("acr.example"));
    }

    @Test
    void theFirstSecretNamingAHostWins() {
        RegistryCredentials credentials = RegistryCredentials.fromSecrets(List.of(
                secret("a", ".dockerconfigjson", "{\"auths\":{\"ghcr.io\":{\"auth\":\"" + b64("first:1") + "\"}}}"),
                secret("b", ".dockerconfigjson", "{\"auths\":{\"ghcr.io\":{\"auth\":\"" + b64("second:2") + "\"}}}")));

        assertEquals(Optional.of(new Auth("first", "1")), credentials.forRegistry("ghcr.io"));
    }

    @Test
    void unreadableSecretsAreNamedInTheError() {
        IllegalArgumentException noKey = assertThrows(IllegalArgumentException.class, () -> RegistryCredentials
                .fromSecrets(List.of(secret("opaque", "token", "{}"))));
        assertTrue(noKey.getMessage().contains("\"opaque\""), noKey.getMessage());

        IllegalArgumentException notJson = assertThrows(IllegalArgumentException.class, () -> RegistryCredentials
                .fromSecrets(List.of(secret("broken", ".dockerconfigjson", "not json"))));
        assertTrue(notJson.getMessage().contains("\"broken\""), notJson.getMessage());

        IllegalArgumentException badAuth = assertThrows(IllegalArgumentException.class, () -> RegistryCredentials
                .fromSecrets(List.of(secret("colonless", ".dockerconfigjson",
                        "{\"auths\":{\"ghcr.io\":{\"auth\":\"" + b64("nocolon") + "\"}}}"))));
        assertTrue(badAuth.getMessage().contains("user:password"), badAuth.getMessage());
    }
}
