package dev.aimengine.operator.service.resolution;

import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.api.v1alpha1.AIMServiceSpec;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplate;
import dev.aimengine.operator.api.v1alpha1.AIMServiceTemplateSpec;
import dev.aimengine.operator.common.naming.AimNames;
import dev.aimengine.operator.common.labels.Labels;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.LocalObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Derived ("override") templates of an AIMService with {@code spec.overrides}.
 *
 * <p>A derived template is a namespaced copy of the service's resolved namespaced template with the overrides
 * applied. It is named by {@link AimNames#derivedTemplate}, labelled as managed by the engine and of origin
 * {@code derived}, and lives in the service's namespace; the caller adds the owner reference to the service.
 */
public final class DerivedTemplates {

    /** Runtime config used when neither the service nor the base template names one. */
    public static final String DEFAULT_RUNTIME_CONFIG = "default";

    private DerivedTemplates() {
    }

    /**
     * The derived template of {@code service} over {@code base}.
     *
     * <p>Nothing is derived (empty result) when the service has no overrides, the base is missing or is itself a
     * derived template ({@code aim.eai.amd.com/origin: derived}), or the overrides contribute nothing to the name
     * (the derived name equals the base name).
     *
     * <p>The spec is a deep copy of the base spec in which
     * <ul>
     *   <li>{@code modelName} is kept;</li>
     *   <li>{@code runtimeConfigName} is the service's, else the base's, else {@value #DEFAULT_RUNTIME_CONFIG}
     *       (names trimmed);</li>
     *   <li>the overrides' metric, precision and hardware, where set, replace the base's;</li>
     *   <li>{@code imagePullSecrets} are the service's when it lists any, else the base's;</li>
     *   <li>{@code resources} are the service's when set, else the base's;</li>
     *   <li>{@code caching} is {@code {enabled: true}} when the service's caching mode is Shared, else the
     *       base's.</li>
     * </ul>
     *
     * @param service       the AIMService (its namespace, overrides, runtime config, pull secrets, resources)
     * @param base          the resolved namespaced template
     * @param sharedCaching whether the service's effective caching mode is Shared
     */
    public static Optional<AIMServiceTemplate> build(AIMService service, AIMServiceTemplate base,
            boolean sharedCaching) {
        AIMServiceSpec serviceSpec = service.getSpec();
        if (serviceSpec == null || serviceSpec.overrides == null || base == null || base.getMetadata() == null
                || isDerived(base)) {
            return Optional.empty();
        }
        String baseName = base.getMetadata().getName();
        String name = AimNames.derivedTemplate(baseName, serviceSpec.overrides);
        if (name == null || name.equals(baseName)) {
            return Optional.empty();
        }

        AIMServiceTemplateSpec spec = base.getSpec() == null
                ? new AIMServiceTemplateSpec() : Copier.SERIALIZATION.clone(base.getSpec());
        spec.runtimeConfigName = runtimeConfigName(serviceSpec.runtimeConfigName, spec.runtimeConfigName);
        if (serviceSpec.overrides.metric != null) {
            spec.metric = serviceSpec.overrides.metric;
        }
        if (serviceSpec.overrides.precision != null) {
            spec.precision = serviceSpec.overrides.precision;
        }
        if (serviceSpec.overrides.hardware != null) {
            spec.hardware = Copier.SERIALIZATION.clone(serviceSpec.overrides.hardware);
        }
        if (serviceSpec.imagePullSecrets != null && !serviceSpec.imagePullSecrets.isEmpty()) {
            spec.imagePullSecrets = new ArrayList<>();
            for (LocalObjectReference secret : serviceSpec.imagePullSecrets) {
                if (secret != null) {
                    spec.imagePullSecrets.add(new LocalObjectReferenceBuilder(secret).build());
                }
            }
        }
        if (serviceSpec.resources != null) {
            spec.resources = Copier.SERIALIZATION.clone(serviceSpec.resources);
        }
        if (sharedCaching) {
            AIMServiceTemplateSpec.Caching caching = new AIMServiceTemplateSpec.Caching();
            caching.enabled = true;
            spec.caching = caching;
        }

        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_ENGINE);
        labels.put(Labels.ORIGIN, Labels.ORIGIN_DERIVED);
        AIMServiceTemplate derived = new AIMServiceTemplate();
        derived.setMetadata(new ObjectMetaBuilder().withName(name)
                .withNamespace(service.getMetadata() == null ? null : service.getMetadata().getNamespace())
                .withLabels(labels).build());
        derived.setSpec(spec);
        return Optional.of(derived);
    }

    /** Whether the template carries {@code aim.eai.amd.com/origin: derived}. */
    public static boolean isDerived(AIMServiceTemplate template) {
        Map<String, String> labels = template.getMetadata() == null ? null : template.getMetadata().getLabels();
        return labels != null && Labels.ORIGIN_DERIVED.equals(labels.get(Labels.ORIGIN));
    }

    private static String runtimeConfigName(String fromService, String fromBase) {
        if (fromService != null && !fromService.isBlank()) {
            return fromService.strip();
        }
        if (fromBase != null && !fromBase.isBlank()) {
            return fromBase.strip();
        }
        return DEFAULT_RUNTIME_CONFIG;
    }

    /** Deep copies through JSON, created on first use. */
    private static final class Copier {
        static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    }
}
