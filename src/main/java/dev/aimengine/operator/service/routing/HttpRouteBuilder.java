package dev.aimengine.operator.service.routing;

import dev.aimengine.operator.service.inference.InferenceService;
import dev.aimengine.operator.service.inference.KServe;
import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.api.v1alpha1.GatewayParentReference;
import dev.aimengine.operator.common.labels.Labels;
import dev.aimengine.operator.common.naming.Naming;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRefBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilterBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatchBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRuleBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteTimeoutsBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReferenceBuilder;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds the Gateway API {@code gateway.networking.k8s.io/v1} HTTPRoute of an AIMService. Pure: it
 * reads only its arguments. The owner reference and the controller/propagated labels are added by the caller.
 *
 * <ul>
 * <li>labels {@code app.kubernetes.io/component: routing}, {@code app.kubernetes.io/managed-by: aim-engine},
 * {@code aim.eai.amd.com/service: <sanitized service name>}; annotations = {@link Routing#annotations()};</li>
 * <li>{@code parentRefs} = [the routing gateway, as given];</li>
 * <li>one rule: match {@code PathPrefix <path>}, filter {@code URLRewrite} with {@code ReplacePrefixMatch "/"},
 * backend {@code Service <isvc>-predictor} in the service namespace on port 80, and {@code timeouts.request}
 * when a request timeout is configured.</li>
 * </ul>
 *
 * <p><b>Errors are reported, not thrown</b>: the {@link Result} always holds a usable route. A path template that
 * cannot be rendered gives the default path {@code /<namespace>/<uid>} and {@link Result#pathError()}; a request
 * timeout that cannot be used gives a route without timeout and {@link Result#timeoutError()}. The caller turns
 * either into a condition (e.g. {@code HTTPRouteReady=False PathTemplateInvalid} and Degraded).
 */
public final class HttpRouteBuilder {

    public static final String API_VERSION = "gateway.networking.k8s.io/v1";
    public static final String KIND = "HTTPRoute";
    public static final String COMPONENT_ROUTING = "routing";
    public static final int BACKEND_PORT = 80;

    /** The Gateway API {@code Duration} format: 1 to 4 terms of at most 5 digits with unit h, m, s or ms. */
    private static final Pattern GATEWAY_DURATION = Pattern.compile("^([0-9]{1,5}(h|m|s|ms)){1,4}$");

    private HttpRouteBuilder() {
    }

    /**
     * The route and any problems met while building it.
     *
     * @param route the HTTPRoute, never {@code null}
     * @param path the path prefix the route serves (also the value for {@code status.routing.path})
     * @param pathError {@code null}, or why the path template was not used
     * @param timeoutError {@code null}, or why the request timeout was not used
     */
    public record Result(HTTPRoute route, String path, String pathError, String timeoutError) {
        /** Whether the route is exactly what was asked for. */
        public boolean ok() {
            return pathError == null && timeoutError == null;
        }
    }

    /**
     * Builds the HTTPRoute.
     *
     * @param service the AIMService (name, namespace, uid, labels, annotations are read)
     * @param name the HTTPRoute name (see {@code AimNames.httpRoute})
     * @param inferenceServiceName the InferenceService name; the backend is its {@code -predictor} Service
     * @param routing the effective routing ({@link Routing#resolve})
     * @throws IllegalArgumentException if {@code routing} has no gateway (the caller reports
     *         {@code GatewayNotConfigured} before building)
     */
    public static Result build(AIMService service, String name, String inferenceServiceName, Routing routing) {
        if (routing == null || routing.gateway() == null) {
            throw new IllegalArgumentException("routing has no gateway; cannot build an HTTPRoute");
        }
        String namespace = service.getMetadata().getNamespace();
        PathTemplate.Rendered path = PathTemplate.render(routing.pathTemplate(), service);

        HTTPRouteRuleBuilder rule = new HTTPRouteRuleBuilder()
                .addToMatches(new HTTPRouteMatchBuilder()
                        .withNewPath().withType("PathPrefix").withValue(path.path()).endPath()
                        .build())
                .addToFilters(new HTTPRouteFilterBuilder()
                        .withType("URLRewrite")
                        .withNewUrlRewrite()
                        .withNewPath().withType("ReplacePrefixMatch").withReplacePrefixMatch("/").endPath()
                        .endUrlRewrite()
                        .build())
                .addToBackendRefs(new HTTPBackendRefBuilder()
                        .withKind("Service")
                        .withName(inferenceServiceName + KServe.PREDICTOR_SUFFIX)
                        .withNamespace(namespace)
                        .withPort(BACKEND_PORT)
                        .build());
        String timeoutError = null;
        if (routing.requestTimeout() != null) {
            try {
                rule.withTimeouts(new HTTPRouteTimeoutsBuilder()
                        .withRequest(gatewayDuration(routing.requestTimeout())).build());
            } catch (IllegalArgumentException e) {
                timeoutError = "request timeout: " + e.getMessage();
            }
        }
        HTTPRouteRule builtRule = rule.build();

        ObjectMeta meta = new ObjectMeta();
        meta.setName(name);
        meta.setNamespace(namespace);
        meta.setLabels(labels(service));
        meta.setAnnotations(routing.annotations().isEmpty() ? null : new LinkedHashMap<>(routing.annotations()));

        HTTPRoute route = new HTTPRouteBuilder()
                .withApiVersion(API_VERSION)
                .withKind(KIND)
                .withMetadata(meta)
                .withNewSpec()
                .addToParentRefs(parentRef(routing.gateway()))
                .addToRules(builtRule)
                .endSpec()
                .build();
        return new Result(route, path.path(), path.error(), timeoutError);
    }

    /**
     * The request timeout as written into the route: Go's printing of the duration ({@code 3m} → {@code 3m0s},
     * {@code 90s} → {@code 1m30s}, {@code 500ms} → {@code 500ms}). When Go's printing does not fit the Gateway API
     * duration format ({@code ([0-9]{1,5}(h|m|s|ms)){1,4}}, e.g. {@code 1.5s}), the same duration is written as
     * hours, minutes, seconds and milliseconds ({@code 1s500ms}).
     *
     * @throws IllegalArgumentException if the text is not a Go duration, is negative, has a sub-millisecond part,
     *         or is too long for the Gateway API format
     */
    public static String gatewayDuration(String text) {
        GoDuration duration = GoDuration.parse(text);
        if (duration.nanos() < 0) {
            throw new IllegalArgumentException("duration \"" + text + "\" is negative");
        }
        String go = duration.toString();
        if (GATEWAY_DURATION.matcher(go).matches()) {
            return go;
        }
        long nanos = duration.nanos();
        if (nanos % 1_000_000L != 0) {
            throw new IllegalArgumentException("duration \"" + text + "\" has a part below one millisecond, which"
                    + " Gateway API timeouts cannot express");
        }
        long millis = nanos / 1_000_000L;
        StringBuilder out = new StringBuilder();
        appendTerm(out, millis / 3_600_000L, "h");
        appendTerm(out, millis / 60_000L % 60, "m");
        appendTerm(out, millis / 1_000L % 60, "s");
        appendTerm(out, millis % 1_000L, "ms");
        String gateway = out.isEmpty() ? "0s" : out.toString();
        if (!GATEWAY_DURATION.matcher(gateway).matches()) {
            throw new IllegalArgumentException("duration \"" + text + "\" is too long for a Gateway API timeout");
        }
        return gateway;
    }

    private static void appendTerm(StringBuilder out, long value, String unit) {
        if (value > 0) {
            out.append(value).append(unit);
        }
    }

    private static Map<String, String> labels(AIMService service) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.COMPONENT, COMPONENT_ROUTING);
        labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_ENGINE);
        String serviceName = service.getMetadata().getName();
        if (serviceName != null && !serviceName.isEmpty()) {
            labels.put(Labels.SERVICE, Naming.sanitizeLabelValue(serviceName));
        }
        return labels;
    }

    /** Our {@link GatewayParentReference} as the fabric8 Gateway API type, field for field. */
    static ParentReference parentRef(GatewayParentReference ref) {
        return new ParentReferenceBuilder()
                .withGroup(ref.group)
                .withKind(ref.kind)
                .withNamespace(ref.namespace)
                .withName(ref.name)
                .withSectionName(ref.sectionName)
                .withPort(ref.port)
                .build();
    }
}
