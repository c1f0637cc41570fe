package dev.aimengine.operator.registry;

import dev.aimengine.operator.registry.RegistryCredentials.Auth;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Token flow, Basic auth, redirects and deadlines of the registry client, against a registry with access control. */
class HttpRegistryClientAuthTest {
    static final Map<String, String> USERS = Map.of("alice", "pw-a", "bob", "pw-b");

    final HttpRegistryClient client = new HttpRegistryClient(Duration.ofSeconds(1), Clock.systemUTC());

    static RegistryCredentials as(StandInAuthRegistry registry, String user, String password) {
        return new RegistryCredentials(Map.of(registry.host(), new Auth(user, password)));
    }

    static ImageName image(StandInAuthRegistry registry) {
        return ImageName.parse(registry.host() + "/private/model:1");
    }

    @Test
    void twoPullSecretsOnOneRegistryNeverShareAToken() throws Exception {
        try (StandInAuthRegistry registry = new StandInAuthRegistry(StandInAuthRegistry.Mode.BEARER, USERS)) {
            ImageConfig alice = client.inspect(image(registry), as(registry, "alice", "pw-a"));
            registry.served.clear();
            ImageConfig bob = client.inspect(image(registry), as(registry, "bob", "pw-b"));
            List<String> servedToBob = List.copyOf(registry.served);
            ImageConfig aliceAgain = client.inspect(image(registry), as(registry, "alice", "pw-a"));

            assertEquals("alice", alice.labels().get("served-to"));
            assertEquals("bob", bob.labels().get("served-to"));
            assertEquals("alice", aliceAgain.labels().get("served-to"));
            assertTrue(servedToBob.stream().allMatch(s -> s.endsWith(" bob")), "bob's reads used bob's token: "
                    + servedToBob);
            assertEquals(List.of("alice", "bob"), registry.tokenRequests,
                    "one token per credentials, the second read of alice reuses hers");
        }
    }

    @Test
    void anonymousReadOfAPrivateRepositoryIsUnauthorized() throws Exception {
        try (StandInAuthRegistry registry = new StandInAuthRegistry(StandInAuthRegistry.Mode.BEARER, USERS)) {
            RegistryException e = assertThrows(RegistryException.class,
                    () -> client.inspect(image(registry), RegistryCredentials.anonymous()));

            assertEquals(RegistryException.Kind.UNAUTHORIZED, e.kind());
            assertEquals(List.of("anonymous"), registry.tokenRequests);
        }
    }

    @Test
    void aWrongPasswordIsRefusedByTheTokenService() throws Exception {
        try (StandInAuthRegistry registry = new StandInAuthRegistry(StandInAuthRegistry.Mode.BEARER, USERS)) {
            RegistryException e = assertThrows(RegistryException.class,
                    () -> client.inspect(image(registry), as(registry, "alice", "wrong")));

            assertEquals(RegistryException.Kind.UNAUTHORIZED, e.kind());
            assertTrue(e.getMessage().contains("refused the credentials"), e.getMessage());
        }
    }

    @Test
    void aUserWithoutPullAccessIsDenied() throws Exception {
        for (StandInAuthRegistry.Mode mode : StandInAuthRegistry.Mode.values()) {
            try (StandInAuthRegistry registry = new StandInAuthRegistry(mode, USERS)) {
                registry.denied.add("bob");

                RegistryException e = assertThrows(RegistryException.class,
                        () -> client.inspect(image(registry), as(registry, "bob", "pw-b")));

                assertEquals(RegistryException.Kind.UNAUTHORIZED, e.kind(), mode.name());
                assertTrue(e.getMessage().contains("private/model:1") && e.getMessage().contains("HTTP 403")
                        && e.getMessage().contains("DENIED"), e.getMessage());
                assertEquals("alice", client.inspect(image(registry), as(registry, "alice", "pw-a")).labels()
                        .get("served-to"), "another user of the same registry still reads it");
            }
        }
    }

    @Test
    void basicChallengeIsAnsweredWithTheCredentials() throws Exception {
        try (StandInAuthRegistry registry = new StandInAuthRegistry(StandInAuthRegistry.Mode.BASIC, USERS)) {
            assertEquals("bob", client.inspect(image(registry), as(registry, "bob", "pw-b")).labels().get("served-to"));

            RegistryException e = assertThrows(RegistryException.class,
                    () -> client.inspect(image(registry), RegistryCredentials.anonymous()));
            assertEquals(RegistryException.Kind.UNAUTHORIZED, e.kind());
            assertTrue(e.getMessage().contains("none are given"), e.getMessage());
            assertTrue(registry.tokenRequests.isEmpty());
        }
    }

    @Test
    void redirectsToStorageOnAnotherHostDropTheRegistryAuthorization() throws Exception {
        try (StandInAuthRegistry registry = new StandInAuthRegistry(StandInAuthRegistry.Mode.BEARER, USERS)) {
            client.inspect(image(registry), as(registry, "alice", "pw-a"));

            assertEquals(List.of(false), registry.storageSawAuthorization);
        }
    }

    @Test
    void aRegistryThatNeverAnswersIsUnreachableWithinTheDeadline() throws Exception {
        try (StandInAuthRegistry registry = new StandInAuthRegistry(StandInAuthRegistry.Mode.BEARER, USERS)) {
            registry.hangMillis = 10_000;
            long start = System.nanoTime();

            RegistryException e = assertThrows(RegistryException.class,
                    () -> client.inspect(image(registry), as(registry, "alice", "pw-a")));

            assertEquals(RegistryException.Kind.UNREACHABLE, e.kind());
            assertTrue(e.getMessage().contains("no answer"), e.getMessage());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 5, "gave up after the 1 s deadline");
        }
    }

    @Test
    void plainHttpOnlyForLocalAndPrivateRegistries() {
        assertEquals("http", HttpRegistryClient.scheme("localhost:5000"));
        assertEquals("http", HttpRegistryClient.scheme("127.0.0.1:5000"));
        assertEquals("http", HttpRegistryClient.scheme("[::1]:5000"));
        assertEquals("http", HttpRegistryClient.scheme("10.1.2.3"));
        assertEquals("http", HttpRegistryClient.scheme("172.20.0.1:443"));
        assertEquals("http", HttpRegistryClient.scheme("192.168.1.10:5000"));
        assertEquals("http", HttpRegistryClient.scheme("registry.local"));
        assertEquals("https", HttpRegistryClient.scheme("172.32.0.1"));
        assertEquals("https", HttpRegistryClient.scheme("ghcr.io"));
        assertEquals("https", HttpRegistryClient.scheme("index.docker.io"));
        assertEquals("registry-1.docker.io", HttpRegistryClient.apiHost("index.docker.io"));
    }

    @Test
    void linkHeadersGiveTheNextPage() {
        assertEquals("/v2/a/tags/list?n=2&last=b",
                HttpRegistryClient.nextLink("</v2/a/tags/list?n=2&last=b>; rel=\"next\""));
        assertEquals("/v2/_catalog?last=x&n=5",
                HttpRegistryClient.nextLink("<https://ghcr.io/v2/_catalog?last=x&n=5>; rel=\"next\""));
        assertEquals(null, HttpRegistryClient.nextLink("</v2/a/tags/list?n=2>; rel=\"prev\""));
    }
}
