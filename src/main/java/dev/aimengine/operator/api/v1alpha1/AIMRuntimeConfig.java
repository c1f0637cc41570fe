package dev.aimengine.operator.api.v1alpha1;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** Namespace runtime defaults: storage, routing, environment, label propagation. */
@Group(AIMApi.GROUP)
@Version(AIMApi.VERSION)
@Plural("aimruntimeconfigs")
@ShortNames("aimrc")
@Categories({ "aim", "all" })
public class AIMRuntimeConfig extends CustomResource<AIMRuntimeConfigCommon, AIMRuntimeConfigStatus> implements Namespaced {
}
