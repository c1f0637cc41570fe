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

/** One inference endpoint: model → template → cache → KServe InferenceService → optional HTTPRoute. */
@Group(AIMApi.GROUP)
@Version(AIMApi.VERSION)
@Plural("aimservices")
@ShortNames("aimsvc")
@Categories({ "aim", "all" })
@AdditionalPrinterColumn(name = "Status", jsonPath = ".status.status", type = STRING)
@AdditionalPrinterColumn(name = "Model", jsonPath = ".status.resolvedModel.name", type = STRING)
@AdditionalPrinterColumn(name = "Template", jsonPath = ".status.resolvedTemplate.name", type = STRING)
@AdditionalPrinterColumn(name = "Replicas", jsonPath = ".status.runtime.replicas", type = STRING)
@AdditionalPrinterColumn(name = "Endpoint", jsonPath = ".status.routing.path", type = STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = DATE)
@PrinterColumnOrder({ "Status", "Model", "Template", "Replicas", "Endpoint", "Age" })
public class AIMService extends CustomResource<AIMServiceSpec, AIMServiceStatus> implements Namespaced {
}
