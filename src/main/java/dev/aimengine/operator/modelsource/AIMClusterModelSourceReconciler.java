package dev.aimengine.operator.modelsource;

import dev.aimengine.operator.api.v1alpha1.AIMClusterModel;
import dev.aimengine.operator.api.v1alpha1.AIMClusterModelSource;
import dev.aimengine.operator.api.v1alpha1.AIMClusterModelSourceSpec;
import dev.aimengine.operator.api.v1alpha1.AIMClusterModelSourceStatus;
import dev.aimengine.operator.common.labels.Labels;
import dev.aimengine.operator.common.reconcile.ControllerSupport;
import dev.aimengine.operator.common.reconcile.Decision;
import dev.aimengine.operator.common.reconcile.OperatorNamespace;
import dev.aimengine.operator.registry.RegistryCredentials;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;

/**
 * AIMClusterModelSource: lists the images its filters match in their registries and creates an AIMClusterModel
 * (owned by the source) for each new one, up to {@code maxModels}; then syncs again after {@code syncInterval}, or
 * when its spec changes. Its own status writes do not start a sync (AIM Engine re-synced on each of them).
 * Pull secrets are read by name from the operator's namespace; a missing one is skipped (the registry is then asked
 * with the others, or anonymously) and named in the filters' errors if access is refused.
 */
@RBACRule(apiGroups = "", resources = "events", verbs = { "create", "patch" })
@RBACRule(apiGroups = "", resources = "secrets", verbs = "get")
@RBACRule(apiGroups = "aim.eai.amd.com", resources = "aimclustermodels", verbs = { "get", "list", "watch", "create", "update", "patch" })
@ControllerConfiguration(name = AIMClusterModelSourceReconciler.NAME, fieldManager = "aim-"
        + AIMClusterModelSourceReconciler.NAME + "-controller", informer = @Informer)
public class AIMClusterModelSourceReconciler extends ControllerSupport<AIMClusterModelSource,
        AIMClusterModelSourceStatus, List<AIMClusterModel>, List<FilterResult>> {
    public static final String NAME = "cluster-model-source";

    @Inject
    RegistryListing listing;

    @Override
    protected String controllerName() {
        return NAME;
    }

    @Override
    protected AIMClusterModelSourceStatus emptyStatus() {
        return new AIMClusterModelSourceStatus();
    }

    /** The models this source created so far. */
    @Override
    protected List<AIMClusterModel> observe(AIMClusterModelSource source, Context<AIMClusterModelSource> context) {
        return client.resources(AIMClusterModel.class)
                .withLabel(Labels.MODEL_SOURCE, source.getMetadata().getName()).list().getItems();
    }

    /** The images each filter finds, with the source's pull secrets. */
    @Override
    protected List<FilterResult> resolve(AIMClusterModelSource source, List<AIMClusterModel> existing) {
        AIMClusterModelSourceSpec spec = source.getSpec();
        RegistryCredentials credentials;
        String secretProblem = null;
        try {
            credentials = RegistryCredentials.fromSecrets(secrets(spec.imagePullSecrets));
        } catch (IllegalArgumentException | KubernetesClientException e) {
            credentials = RegistryCredentials.anonymous();
            secretProblem = e.getMessage();
        }
        List<FilterResult> results = new ArrayList<>();
        if (spec.filters != null) {
            for (AIMClusterModelSourceSpec.Filter filter : spec.filters) {
                FilterResult r = listing.find(spec, filter, credentials);
                results.add(r.error() != null && secretProblem != null
                        ? new FilterResult(r.filter(), r.images(), r.error() + " (pull secrets: " + secretProblem + ")")
                        : r);
            }
        }
        return results;
    }

    private List<Secret> secrets(List<LocalObjectReference> refs) {
        List<Secret> secrets = new ArrayList<>();
        if (refs != null) {
            for (LocalObjectReference ref : refs) {
                if (ref != null && ref.getName() != null && !ref.getName().isBlank()) {
                    Secret s = client.secrets().inNamespace(OperatorNamespace.get()).withName(ref.getName()).get();
                    if (s != null) {
                        secrets.add(s);
                    }
                }
            }
        }
        return secrets;
    }

    @Override
    protected Decision<AIMClusterModelSourceStatus> plan(AIMClusterModelSource source, List<AIMClusterModel> existing,
            List<FilterResult> results) {
        return ModelSourcePlanner.plan(source, existing, results, clock.instant());
    }

    @Override
    public List<EventSource<?, AIMClusterModelSource>> prepareEventSources(
            EventSourceContext<AIMClusterModelSource> context) {
        metrics.track(AIMClusterModelSource.class.getSimpleName(), context.getPrimaryCache());
        return List.of();
    }
}
