package dev.aimengine.operator.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * The operator's identity as deploy/ installs it: the namespace {@code aim-system}, the ServiceAccount
 * {@code aim-engine-operator}, its ClusterRole, the Lease Role and the artifact status updater's ClusterRole, applied
 * from the very files {@code kubectl apply -k deploy/} applies, and a kubeconfig that authenticates as that
 * ServiceAccount with a token from the API server's TokenRequest API — what the pod's projected token is in a cluster.
 * A process started with it has exactly the permissions the shipped RBAC grants, nothing the tests' admin has.
 */
public final class OperatorAccount {
    public static final String NAMESPACE = "aim-system";
    public static final String NAME = "aim-engine-operator";
    /** The RBAC part of deploy/operator (not the Deployment: the tests run the operator themselves). */
    static final List<String> FILES = List.of("namespace.yaml", "service-account.yaml", "cluster-role.yaml",
            "leases-role.yaml", "artifact-status-updater.yaml");

    private OperatorAccount() {
    }

    /** Applies deploy/'s namespace, ServiceAccount and RBAC with the admin client. */
    public static void install(KubernetesClient admin) {
        for (String file : FILES) {
            try (var in = Files.newInputStream(Path.of("deploy/operator", file))) {
                for (HasMetadata object : admin.load(in).items()) {
                    admin.resource(object).createOr(NonDeletingOperation::update);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A kubeconfig file (in {@code dir}) that authenticates as the operator's ServiceAccount, valid for an hour. */
    public static Path kubeconfig(ControlPlane cp, Path dir) {
        KubernetesClient admin = cp.client();
        TokenRequest request = new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build();
        String token = admin.serviceAccounts().inNamespace(NAMESPACE).withName(NAME).tokenRequest(request)
                .getStatus().getToken();
        Config config = cp.clientConfig();
        String ca = config.getCaCertData() != null ? config.getCaCertData()
                : base64(Path.of(config.getCaCertFile()));
        String yaml = """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: test
                    cluster: {server: "%s", certificate-authority-data: %s}
                users:
                  - name: %s
                    user: {token: %s}
                contexts:
                  - name: operator
                    context: {cluster: test, user: %s}
                current-context: operator
                """.formatted(config.getMasterUrl(), ca, NAME, token, NAME);
        try {
            Path file = dir.resolve("operator-sa.kubeconfig");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String base64(Path file) {
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
