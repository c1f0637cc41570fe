package dev.aimengine.operator.service.routing;

import dev.aimengine.operator.api.v1alpha1.AIMRoutingConfig;
import dev.aimengine.operator.api.v1alpha1.AIMRuntimeConfigCommon;
import dev.aimengine.operator.api.v1alpha1.AIMServiceSpec;
import dev.aimengine.operator.api.v1alpha1.GatewayParentReference;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The effective HTTP routing of an AIMService: the service's {@code spec.routing} layered over the
 * merged runtime config's {@code routing}.
 *
 * @param enabled whether an HTTPRoute is wanted
 * @param gateway the parent gateway, {@code null} when neither layer names one (the caller reports
 *        {@code GatewayNotConfigured} when routing is enabled)
 * @param pathTemplate the path template, {@code null} for the default path {@code /<namespace>/<uid>}
 * @param requestTimeout the request timeout as written (Go duration syntax), {@code null} for none
 * @param annotations annotations for the HTTPRoute, sorted by key; never {@code null}
 */
public record Routing(boolean enabled, GatewayParentReference gateway, String pathTemplate, String requestTimeout,
        Map<String, String> annotations) {

    public Routing {
        annotations = annotations == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(annotations));
    }

    /**
     * Resolves the effective routing.
     * <ul>
     * <li>{@code enabled}: the service's {@code routing.enabled} when set, else the runtime config's, else
     * {@code false}.</li>
     * <li>{@code gateway}: the service's {@code routing.gatewayRef} when set, else the runtime config's.</li>
     * <li>{@code pathTemplate}: the service's when set (an empty string included, which selects the default path),
     * else the runtime config's.</li>
     * <li>{@code requestTimeout}: the service's when set and not blank, else the runtime config's when not blank,
     * else {@code null}.</li>
     * <li>{@code annotations}: the runtime config's, with the service's {@code routing.annotations} applied over
     * them key by key (the service wins). The original ignores the service's annotations; they are honoured
     * here, as the API documentation promises.</li>
     * </ul>
     *
     * @param spec the AIMService spec, may be {@code null}
     * @param runtimeConfig the merged runtime config, {@code null} when there is none
     */
    public static Routing resolve(AIMServiceSpec spec, AIMRuntimeConfigCommon runtimeConfig) {
        AIMRoutingConfig service = spec == null ? null : spec.routing;
        AIMRoutingConfig config = runtimeConfig == null ? null : runtimeConfig.routing;

        boolean enabled = firstNonNull(service == null ? null : service.enabled,
                config == null ? null : config.enabled, false);
        GatewayParentReference gateway = copy(firstNonNull(service == null ? null : service.gatewayRef,
                config == null ? null : config.gatewayRef, null));
        String pathTemplate = firstNonNull(service == null ? null : service.pathTemplate,
                config == null ? null : config.pathTemplate, null);
        String timeout = firstNonNull(nonBlank(service == null ? null : service.requestTimeout),
                nonBlank(config == null ? null : config.requestTimeout), null);

        Map<String, String> annotations = new TreeMap<>();
        putAll(annotations, config == null ? null : config.annotations);
        putAll(annotations, service == null ? null : service.annotations);
        return new Routing(enabled, gateway, pathTemplate, timeout, annotations);
    }

    /** Whether a gateway is known, i.e. an HTTPRoute can be built. */
    public boolean hasGateway() {
        return gateway != null;
    }

    private static <T> T firstNonNull(T first, T second, T fallback) {
        return first != null ? first : second != null ? second : fallback;
    }

    private static String nonBlank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static void putAll(Map<String, String> target, Map<String, String> source) {
        if (source != null) {
            source.forEach((k, v) -> {
                if (k != null && v != null) {
                    target.put(k, v);
                }
            });
        }
    }

    private static GatewayParentReference copy(GatewayParentReference ref) {
        if (ref == null) {
            return null;
        }
        GatewayParentReference c = new GatewayParentReference(ref.namespace, ref.name);
        c.group = ref.group;
        c.kind = ref.kind;
        c.sectionName = ref.sectionName;
        c.port = ref.port;
        return c;
    }
}
