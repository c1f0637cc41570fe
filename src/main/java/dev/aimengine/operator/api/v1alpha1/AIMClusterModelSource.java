package dev.aimengine.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

import static io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type.DATE;
import static io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type.INTEGER;
import static io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type.STRING;

/** Creates AIMClusterModels for the images of a container registry that match its filters. */
@Group(AIMApi.GROUP)
@Version(AIMApi.VERSION)
@Plural("aimclustermodelsources")
@ShortNames("aimclsrc")
@Categories({ "aim", "all" })
@AdditionalPrinterColumn(name = "Status", jsonPath = ".status.status", type = STRING)
@AdditionalPrinterColumn(name = "Models", jsonPath = ".status.discoveredModels", type = INTEGER)
@AdditionalPrinterColumn(name = "LastSync", jsonPath = ".status.lastSyncTime", type = DATE)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = DATE)
@PrinterColumnOrder({ "Status", "Models", "LastSync", "Age" })
public class AIMClusterModelSource extends CustomResource<AIMClusterModelSourceSpec, AIMClusterModelSourceStatus> {
}
