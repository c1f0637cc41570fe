package dev.aimengine.operator.common.reconcile;

import io.quarkiverse.operatorsdk.annotations.CSVMetadata;
import io.quarkiverse.operatorsdk.annotations.SharedCSVMetadata;

/**
 * What OperatorHub shows for this operator: the OLM ClusterServiceVersion's description, icon, keywords, links and
 * install modes, shared by every controller of the bundle that {@code ./mvnw package} generates into
 * {@code target/bundle} ({@code hack/bundle.sh} turns it into {@code bundle/}).
 */
@CSVMetadata(bundleName = "aim-engine-operator", displayName = "AIM Engine",
        description = """
                Deploys LLM inference endpoints on AMD Instinct GPU clusters. An AIMService names a model (by name, by \
                container image, or as a custom model with its weights' sources); the operator resolves the model, \
                selects a serving template that fits the cluster's GPUs (and explains its choice in the status), \
                caches the weights on a volume, and runs a KServe InferenceService, optionally behind a Gateway API \
                HTTPRoute. Models and templates can be discovered from container registries (AIMClusterModelSource). \
                Compatible with AIM Engine's aim.eai.amd.com/v1alpha1 API.

                Needs KServe (serving.kserve.io) for InferenceServices; the Gateway API for routing and KEDA for \
                autoscaling are optional.""",
        icon = @CSVMetadata.Icon(fileName = "aim-engine-operator-icon.svg", mediatype = "image/svg+xml"),
        keywords = { "llm", "inference", "amd", "gpu", "rocm", "kserve", "ai" },
        maturity = "alpha",
        minKubeVersion = "1.20.0",
        provider = @CSVMetadata.Provider(name = "AIM Engine operator maintainers"),
        links = { @CSVMetadata.Link(name = "Source", url = "https://github.com/amd-enterprise-ai/aim-engine"),
                @CSVMetadata.Link(name = "AIM documentation", url = "https://enterprise-ai.docs.amd.com") },
        annotations = @CSVMetadata.Annotations(capabilities = "Basic Install", categories = "AI/Machine Learning",
                containerImage = "ghcr.io/aim-engine/aim-engine-operator:latest"),
        installModes = { @CSVMetadata.InstallMode(type = "AllNamespaces", supported = true),
                @CSVMetadata.InstallMode(type = "OwnNamespace", supported = false),
                @CSVMetadata.InstallMode(type = "SingleNamespace", supported = false),
                @CSVMetadata.InstallMode(type = "MultiNamespace", supported = false) })
public class BundleMetadata implements SharedCSVMetadata {
}
