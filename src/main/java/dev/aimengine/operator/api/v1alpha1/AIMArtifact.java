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

/** One model source downloaded onto a PVC by a download Job. */
@Group(AIMApi.GROUP)
@Version(AIMApi.VERSION)
@Plural("aimartifacts")
@ShortNames("aimart")
@Categories({ "aim", "all" })
@AdditionalPrinterColumn(name = "Status", jsonPath = ".status.status", type = STRING)
@AdditionalPrinterColumn(name = "Mode", jsonPath = ".status.mode", type = STRING)
@AdditionalPrinterColumn(name = "Model Size", jsonPath = ".status.displaySize", type = STRING)
@AdditionalPrinterColumn(name = "Progress", jsonPath = ".status.progress.displayPercentage", type = STRING)
@AdditionalPrinterColumn(name = "Protocol", jsonPath = ".status.download.protocol", type = STRING, priority = 1)
@AdditionalPrinterColumn(name = "Attempt", jsonPath = ".status.download.attempt", type = STRING, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = DATE)
@PrinterColumnOrder({ "Status", "Mode", "Model Size", "Progress", "Protocol", "Attempt", "Age" })
public class AIMArtifact extends CustomResource<AIMArtifactSpec, AIMArtifactStatus> implements Namespaced {
}
