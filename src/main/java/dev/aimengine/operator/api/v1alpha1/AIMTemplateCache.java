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

/** Keeps the model sources of one template downloaded on PVCs, through AIMArtifacts. */
@Group(AIMApi.GROUP)
@Version(AIMApi.VERSION)
@Plural("aimtemplatecaches")
@ShortNames("aimtc")
@Categories({ "aim", "all" })
@AdditionalPrinterColumn(name = "Template", jsonPath = ".spec.templateName", type = STRING)
@AdditionalPrinterColumn(name = "Mode", jsonPath = ".spec.mode", type = STRING)
@AdditionalPrinterColumn(name = "Status", jsonPath = ".status.status", type = STRING)
@AdditionalPrinterColumn(name = "Kind", jsonPath = ".status.resolvedTemplateKind", type = STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = DATE)
@PrinterColumnOrder({ "Template", "Mode", "Status", "Kind", "Age" })
public class AIMTemplateCache extends CustomResource<AIMTemplateCacheSpec, AIMTemplateCacheStatus> implements Namespaced {
}
