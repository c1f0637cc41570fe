package dev.aimengine.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/** HTTP routing through a Gateway API gateway; in runtime configs (defaults) and on AIMService (overrides). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AIMRoutingConfig {
    public Boolean enabled;
    public GatewayParentReference gatewayRef;
    /** Path template with {jsonpath} placeholders, e.g. /ml/{.metadata.namespace}/{.metadata.name}. */
    public String pathTemplate;
    /** Route request timeout as a duration, e.g. 3m. */
    public String requestTimeout;
    public Map<String, String> annotations;
}
