package dev.aimengine.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

import static io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type.DATE;
import static io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type.STRING;

/** A model image (and optional custom weights) in a namespace; it creates AIMServiceTemplates. */
@Group(AIMApi.GROUP)
@Version(AIMApi.VERSION)
@Plural("aimmodels")
@ShortNames("aimmdl")
@Categories({ "aim", "all" })
@AdditionalPrinterColumn(name = "Status", jsonPath = ".status.status", type = STRING)
@AdditionalPrinterColumn(name = "Source", jsonPath = ".status.sourceType", type = STRING)
@AdditionalPrinterColumn(name = "Image", jsonPath = ".spec.image", type = STRING)
@AdditionalPrinterColumn(name = "Model", jsonPath = ".status.imageMetadata.model.canonicalName", type = STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = DATE)
@PrinterColumnOrder({ "Status", "Source", "Image", "Model", "Age" })
public class AIMModel extends CustomResource<AIMModelSpec, AIMModelStatus> implements Namespaced {
}
