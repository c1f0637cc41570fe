package dev.aimengine.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** The Gateway API {@code ParentReference} shape (gateway.networking.k8s.io/v1) used by {@code routing.gatewayRef}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GatewayParentReference {
    @Default("gateway.networking.k8s.io")
    @Size(max = 253)
    @Pattern("^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
    public String group;

    @Default("Gateway")
    @Size(min = 1, max = 63)
    @Pattern("^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$")
    public String kind;

    @Size(min = 1, max = 63)
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    public String namespace;

    @Required
    @Size(min = 1, max = 253)
    public String name;

    @Size(min = 1, max = 253)
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
    public String sectionName;

    @Min(1)
    @Max(65535)
    public Integer port;

    public GatewayParentReference() {
    }

    public GatewayParentReference(String namespace, String name) {
        this.namespace = namespace;
        this.name = name;
    }
}
