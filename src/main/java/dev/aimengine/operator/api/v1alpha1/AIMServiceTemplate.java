package dev.aimengine.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

import static io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type.STRING;

/** A deployment profile of a model in a namespace: hardware, metric, precision and model sources. */
@Group(AIMApi.GROUP)
@Version(AIMApi.VERSION)
@Plural("aimservicetemplates")
@ShortNames("aimtpl")
@Categories({ "aim", "all" })
@AdditionalPrinterColumn(name = "Model", jsonPath = ".spec.modelName", type = STRING)
@AdditionalPrinterColumn(name = "Status", jsonPath = ".status.status", type = STRING)
@AdditionalPrinterColumn(name = "Hardware", jsonPath = ".status.hardwareSummary", type = STRING)
@AdditionalPrinterColumn(name = "Metric", jsonPath = ".status.profile.metadata.metric", type = STRING)
@AdditionalPrinterColumn(name = "Precision", jsonPath = ".status.profile.metadata.precision", type = STRING)
@PrinterColumnOrder({ "Model", "Status", "Hardware", "Metric", "Precision" })
public class AIMServiceTemplate extends CustomResource<AIMServiceTemplateSpec, AIMServiceTemplateStatus> implements Namespaced {
}
