package dev.aimengine.operator.registry;

import java.util.List;

/**
 * Reads container images from OCI / Docker registry v2 endpoints: the image configuration (for its labels) and the
 * tags of a repository. Plain HTTP is used for {@code localhost}, loopback and private-range registries, HTTPS
 * otherwise. Anonymous access, Basic auth and the registry token flow ({@code WWW-Authenticate: Bearer}) are
 * supported; tokens are cached per registry, scope and credentials, never shared between different credentials.
 */
public interface RegistryClient {

    /**
     * The configuration of an image: for an OCI index or Docker manifest list, the {@code linux/amd64} entry's.
     *
     * @throws RegistryException with the {@link RegistryException.Kind} of failure
     */
    ImageConfig inspect(ImageName image, RegistryCredentials credentials) throws RegistryException;

    /** Every tag of a repository, following {@code Link} pagination of {@code /v2/<repo>/tags/list}. */
    List<String> listTags(String registry, String repository, RegistryCredentials credentials)
            throws RegistryException;

    /** Every repository of a registry, following {@code Link} pagination of {@code /v2/_catalog}. */
    List<String> listRepositories(String registry, RegistryCredentials credentials) throws RegistryException;
}
