package dev.aimengine.operator.common.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether an optional API (KServe, Gateway API) is installed, by its CRD name. A missing API is asked about again
 * after a short while, so an API installed later is picked up within that period; once seen, an API counts as
 * installed for the life of the process, so the informers started for it are never stopped and restarted.
 */
public final class ApiPresence {
    public static final String KSERVE_INFERENCE_SERVICES = "inferenceservices.serving.kserve.io";
    public static final String GATEWAY_API_HTTP_ROUTES = "httproutes.gateway.networking.k8s.io";

    private static final Duration TTL = Duration.ofSeconds(15);
    private static final Map<String, Answer> CACHE = new ConcurrentHashMap<>();

    /** {@code certain}: the CRD was read (or found missing), not assumed because the question failed. */
    private record Answer(boolean installed, boolean certain, Instant at) {
    }

    public static boolean isInstalled(KubernetesClient client, String crdName) {
        Answer cached = CACHE.get(crdName);
        if (cached != null && ((cached.installed() && cached.certain()) || cached.at().plus(TTL).isAfter(Instant.now()))) {
            return cached.installed();
        }
        boolean installed;
        boolean certain = true;
        try {
            installed = client.apiextensions().v1().customResourceDefinitions().withName(crdName).get() != null;
        } catch (KubernetesClientException e) {
            // cannot tell (e.g. no permission to read CRDs): assume present and let the API call itself decide
            installed = true;
            certain = false;
        }
        CACHE.put(crdName, new Answer(installed, certain, Instant.now()));
        return installed;
    }

    /** Ages every cached answer past its period (tests). */
    static void expireForTests() {
        CACHE.replaceAll((k, a) -> new Answer(a.installed(), a.certain(), Instant.EPOCH));
    }

    /** Forgets cached answers (tests that install or remove CRDs). */
    public static void reset() {
        CACHE.clear();
    }

    private ApiPresence() {
    }
}
