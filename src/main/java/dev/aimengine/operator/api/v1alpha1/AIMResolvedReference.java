package dev.aimengine.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.HasMetadata;

/** A reference to an object the operator resolved a dependency to (status fields {@code resolved*}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AIMResolvedReference {
    public String name;
    /** Empty for cluster-scoped objects. */
    public String namespace;
    @SchemaFrom(type = AIMResolutionScope.class)
    public String scope;
    public String kind;
    public String uid;

    public AIMResolvedReference() {
    }

    public AIMResolvedReference(String name, String namespace, String scope, String kind, String uid) {
        this.name = name;
        this.namespace = namespace;
        this.scope = scope;
        this.kind = kind;
        this.uid = uid;
    }

    /** Reference to {@code obj} with scope Namespace or Cluster derived from its namespace. */
    public static AIMResolvedReference to(HasMetadata obj) {
        String ns = obj.getMetadata().getNamespace();
        boolean namespaced = ns != null && !ns.isEmpty();
        return new AIMResolvedReference(obj.getMetadata().getName(), namespaced ? ns : null,
                (namespaced ? AIMResolutionScope.Namespace : AIMResolutionScope.Cluster).name(), obj.getKind(),
                obj.getMetadata().getUid());
    }
}
