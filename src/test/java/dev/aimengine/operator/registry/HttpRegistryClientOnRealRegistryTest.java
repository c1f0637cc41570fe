package dev.aimengine.operator.registry;

import dev.aimengine.operator.testing.TestRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry client against a real distribution registry (Debian's docker-registry) on loopback, plain HTTP. */
class HttpRegistryClientOnRealRegistryTest {
    static TestRegistry registry;
    final HttpRegistryClient client = new HttpRegistryClient(Duration.ofSeconds(5), Clock.systemUTC());

    @BeforeAll
    static void startRegistry() {
        registry = TestRegistry.get();
    }

    @Test
    void singlePlatformImageGivesItsLabelsAndManifestDigest() throws Exception {
        String digest = registry.push("amd/single", "1.0", Map.of("com.amd.aim.model.canonicalName", "org/model"));

        ImageConfig config = client.inspect(ImageName.parse(registry.host() + "/amd/single:1.0"),
                RegistryCredentials.anonymous());

        assertEquals(digest, config.digest());
        assertEquals(Map.of("com.amd.aim.model.canonicalName", "org/model"), config.labels());
    }

    @Test
    void indexResolvesToTheLinuxAmd64Image() throws Exception {
        String digest = registry.pushIndex("amd/multi", "2.0", Map.of("arch", "amd64", "purpose", "serving"));

        ImageConfig config = client.inspect(ImageName.parse(registry.host() + "/amd/multi:2.0"),
                RegistryCredentials.anonymous());

        assertEquals(digest, config.digest(), "the digest users pin is the index's");
        assertEquals(Map.of("arch", "amd64", "purpose", "serving"), config.labels());
    }

    @Test
    void imageByDigestIsRead() throws Exception {
        String digest = registry.push("amd/pinned", "x", Map.of("k", "v"));

        ImageConfig config = client.inspect(ImageName.parse(registry.host() + "/amd/pinned@" + digest),
                RegistryCredentials.anonymous());

        assertEquals(Map.of("k", "v"), config.labels());
    }

    @Test
    void unknownTagAndUnknownRepositoryAreNotFound() {
        registry.push("amd/known", "1", Map.of());

        RegistryException tag = assertThrows(RegistryException.class, () -> client.inspect(
                ImageName.parse(registry.host() + "/amd/known:404"), RegistryCredentials.anonymous()));
        assertEquals(RegistryException.Kind.NOT_FOUND, tag.kind());
        assertTrue(tag.getMessage().contains("amd/known:404") && tag.getMessage().contains("MANIFEST_UNKNOWN"),
                tag.getMessage());
        RegistryException repo = assertThrows(RegistryException.class,
                () -> client.listTags(registry.host(), "amd/nothing-here", RegistryCredentials.anonymous()));
        assertEquals(RegistryException.Kind.NOT_FOUND, repo.kind());
    }

    @Test
    void tagsAndRepositoriesFollowLinkPagination() throws Exception {
        List<String> pushed = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            registry.push("amd/paged", "0." + i, Map.of());
            pushed.add("0." + i);
        }
        client.pageSize = 2;

        List<String> tags = client.listTags(registry.host(), "amd/paged", RegistryCredentials.anonymous());
        assertEquals(new java.util.TreeSet<>(pushed), new java.util.TreeSet<>(tags));
        assertEquals(pushed.size(), tags.size(), "no tag twice: " + tags);
        assertTrue(client.listRepositories(registry.host(), RegistryCredentials.anonymous()).contains("amd/paged"));
    }

    @Test
    void aClosedPortIsUnreachable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        RegistryException e = assertThrows(RegistryException.class, () -> client.inspect(
                ImageName.parse("127.0.0.1:" + port + "/amd/x:1"), RegistryCredentials.anonymous()));
        assertEquals(RegistryException.Kind.UNREACHABLE, e.kind());
        assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
    }

    /** Credentials for the password-protected registry, as a pull secret gives them. */
    static RegistryCredentials credentials(TestRegistry protectedRegistry, String user, String password) {
        return new RegistryCredentials(Map.of(protectedRegistry.host(), new RegistryCredentials.Auth(user, password)));
    }

    @Test
    void aPasswordProtectedRegistryServesTheLabelsToItsUser() throws Exception {
        TestRegistry locked = TestRegistry.withPassword();
        String digest = locked.push("private/model", "1.0", Map.of("com.amd.aim.model.canonicalName", "org/private"));

        ImageConfig config = client.inspect(ImageName.parse(locked.host() + "/private/model:1.0"),
                credentials(locked, TestRegistry.USER, TestRegistry.PASSWORD));

        assertEquals(digest, config.digest());
        assertEquals(Map.of("com.amd.aim.model.canonicalName", "org/private"), config.labels());
        assertTrue(client.listTags(locked.host(), "private/model", credentials(locked, TestRegistry.USER,
                TestRegistry.PASSWORD)).contains("1.0"), "tags are listed with the same credentials");
    }

    @Test
    void aPasswordProtectedRegistryRefusesAWrongPasswordAndAnonymousReads() {
        TestRegistry locked = TestRegistry.withPassword();
        locked.push("private/refused", "1", Map.of("k", "v"));
        ImageName image = ImageName.parse(locked.host() + "/private/refused:1");

        RegistryException wrong = assertThrows(RegistryException.class,
                () -> client.inspect(image, credentials(locked, TestRegistry.USER, "not-the-password")));
        assertEquals(RegistryException.Kind.UNAUTHORIZED, wrong.kind());
        assertTrue(wrong.getMessage().contains("private/refused:1") && wrong.getMessage().contains("HTTP 401")
                && wrong.getMessage().contains("UNAUTHORIZED"), wrong.getMessage());

        RegistryException anonymous = assertThrows(RegistryException.class,
                () -> client.inspect(image, RegistryCredentials.anonymous()));
        assertEquals(RegistryException.Kind.UNAUTHORIZED, anonymous.kind());
        assertTrue(anonymous.getMessage().contains("none are given"), anonymous.getMessage());

        RegistryException otherHost = assertThrows(RegistryException.class, () -> client.inspect(image,
                new RegistryCredentials(Map.of("registry.example.com", new RegistryCredentials.Auth(TestRegistry.USER,
                        TestRegistry.PASSWORD)))));
        assertEquals(RegistryException.Kind.UNAUTHORIZED, otherHost.kind(),
                "credentials for another registry are never sent to this one");
    }
}
