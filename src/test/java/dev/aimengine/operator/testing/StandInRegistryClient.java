package dev.aimengine.operator.testing;

import dev.aimengine.operator.registry.HttpRegistryClient;
import dev.aimengine.operator.registry.ImageConfig;
import dev.aimengine.operator.registry.ImageName;
import dev.aimengine.operator.registry.RegistryClient;
import dev.aimengine.operator.registry.RegistryCredentials;
import dev.aimengine.operator.registry.RegistryException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The registry client the operator uses in every {@code @QuarkusTest}. Tests cannot reach public registries, so:
 * <ul>
 * <li>an image a test registered ({@link #answer}, {@link #fail}) gets that answer — how the mock-server tier plays a
 * registry;</li>
 * <li>any other Docker Hub image exists and has no labels: the images older tests name
 * ({@code amdenterpriseai/aim-base:0.9} and the like) behave like a plain base image;</li>
 * <li>images on a loopback registry ({@code 127.0.0.1:<port>}, the real registry of {@link TestRegistry}) are read
 * from it by the operator's own {@link HttpRegistryClient};</li>
 * <li>images of any other registry get the answer of a host that does not resolve.</li>
 * </ul>
 * Every {@code inspect} is recorded with the credentials the operator passed.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class StandInRegistryClient implements RegistryClient {

    /** One {@code inspect} the operator made. */
    public record Call(ImageName image, RegistryCredentials credentials) {
    }

    @Inject
    HttpRegistryClient real;

    private final Map<String, Object> answers = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    /** From now on, {@code image} has this configuration. */
    public void answer(String image, Map<String, String> labels) {
        answers.put(key(image), new ImageConfig("sha256:" + Integer.toHexString(image.hashCode()), labels));
    }

    /** From now on, reading {@code image} fails this way. */
    public void fail(String image, RegistryException.Kind kind, String message) {
        answers.put(key(image), new RegistryException(kind, message));
    }

    /** The inspections of {@code image} so far. */
    public List<Call> calls(String image) {
        String key = key(image);
        return calls.stream().filter(c -> c.image().toString().equals(key)).toList();
    }

    @Override
    public ImageConfig inspect(ImageName image, RegistryCredentials credentials) throws RegistryException {
        calls.add(new Call(image, credentials));
        Object answer = answers.get(image.toString());
        if (answer instanceof ImageConfig config) {
            return config;
        }
        if (answer instanceof RegistryException e) {
            throw new RegistryException(e.kind(), e.getMessage());
        }
        if (ImageName.DOCKER_HUB.equals(image.registry())) {
            return new ImageConfig("sha256:" + Integer.toHexString(image.toString().hashCode()), Map.of());
        }
        if (loopback(image.registry())) {
            return real.inspect(image, credentials);
        }
        throw unreachable(image.registry());
    }

    @Override
    public List<String> listTags(String registry, String repository, RegistryCredentials credentials)
            throws RegistryException {
        if (loopback(registry)) {
            return real.listTags(registry, repository, credentials);
        }
        throw unreachable(registry);
    }

    @Override
    public List<String> listRepositories(String registry, RegistryCredentials credentials) throws RegistryException {
        if (loopback(registry)) {
            return real.listRepositories(registry, credentials);
        }
        throw unreachable(registry);
    }

    private static boolean loopback(String registry) {
        return registry.startsWith("127.0.0.1:");
    }

    private static RegistryException unreachable(String registry) {
        return new RegistryException(RegistryException.Kind.UNREACHABLE,
                "dial tcp: lookup " + registry + ": no such host");
    }

    private static String key(String image) {
        return ImageName.parse(image).toString();
    }
}
