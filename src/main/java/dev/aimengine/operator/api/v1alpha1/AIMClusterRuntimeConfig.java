package dev.aimengine.operator.api.v1alpha1;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** Cluster runtime defaults; a namespace AIMRuntimeConfig of the same name is merged over it. */
@Group(AIMApi.GROUP)
@Version(AIMApi.VERSION)
@Plural("aimclusterruntimeconfigs")
@ShortNames("aimclrc")
@Categories({ "aim", "all" })
public class AIMClusterRuntimeConfig extends CustomResource<AIMRuntimeConfigCommon, AIMRuntimeConfigStatus> {
}
