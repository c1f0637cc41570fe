package dev.aimengine.operator.common.reconcile;

import dev.aimengine.operator.common.labels.LabelPropagation;
import dev.aimengine.operator.common.labels.Labels;
import dev.aimengine.operator.common.naming.Naming;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Ownership and labels of the objects a controller applies. */
public final class Children {

    /** Sets {@code owner} as the controlling owner (replacing an earlier reference to the same UID). */
    public static <T extends HasMetadata> T ownedBy(T child, HasMetadata owner) {
        OwnerReference ref = new OwnerReferenceBuilder()
                .withApiVersion(owner.getApiVersion())
                .withKind(owner.getKind())
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withController(true)
                .build();
        List<OwnerReference> refs = new ArrayList<>();
        if (child.getMetadata().getOwnerReferences() != null) {
            child.getMetadata().getOwnerReferences().stream()
                    .filter(r -> !r.getUid().equals(ref.getUid()))
                    .forEach(refs::add);
        }
        refs.add(ref);
        child.getMetadata().setOwnerReferences(refs);
        return child;
    }

    /**
     * Gives the object non-null {@code labels} and {@code annotations} maps. JOSDK's dependents write their
     * bookkeeping annotations straight into the desired object's maps, so an object built without annotations
     * would fail to apply; every object the operator applies passes through here.
     */
    public static <T extends HasMetadata> T complete(T object) {
        if (object.getMetadata() == null) {
            object.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
        }
        var meta = object.getMetadata();
        meta.setLabels(meta.getLabels() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(meta.getLabels()));
        meta.setAnnotations(meta.getAnnotations() == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(meta.getAnnotations()));
        return object;
    }

    public static boolean isOwnedBy(HasMetadata child, HasMetadata owner) {
        return child.getMetadata().getOwnerReferences() != null && child.getMetadata().getOwnerReferences().stream()
                .anyMatch(r -> r.getUid().equals(owner.getMetadata().getUid()));
    }

    public static boolean hasOwners(HasMetadata child) {
        return child.getMetadata().getOwnerReferences() != null && !child.getMetadata().getOwnerReferences().isEmpty();
    }

    /**
     * Propagates the parent's labels and adds the controller labels: {@code aim.eai.amd.com/<controller>.name}
     * and, unless already set, {@code app.kubernetes.io/managed-by: aim-<controller>-controller}. Jobs also get the
     * propagated labels on their pod template.
     */
    public static void label(HasMetadata child, HasMetadata parent, String controller,
            dev.aimengine.operator.api.v1alpha1.AIMRuntimeConfigCommon.LabelPropagation propagation) {
        complete(child);
        Map<String, String> before = child.getMetadata().getLabels() == null ? Map.of()
                : child.getMetadata().getLabels();
        Map<String, String> parentLabels = parent.getMetadata().getLabels() == null ? Map.of()
                : parent.getMetadata().getLabels();
        Map<String, String> labels = new LinkedHashMap<>(LabelPropagation.labelsFor(before, parentLabels, propagation));
        labels.put(Labels.controllerLabel(controller), Naming.sanitizeLabelValue(parent.getMetadata().getName()));
        labels.putIfAbsent(Labels.MANAGED_BY, Labels.controllerManager(controller));
        child.getMetadata().setLabels(labels);
        if (child instanceof Job job && job.getSpec() != null && job.getSpec().getTemplate() != null) {
            var podMeta = job.getSpec().getTemplate().getMetadata();
            if (podMeta == null) {
                podMeta = new io.fabric8.kubernetes.api.model.ObjectMeta();
                job.getSpec().getTemplate().setMetadata(podMeta);
            }
            Map<String, String> podLabels = new LinkedHashMap<>(podMeta.getLabels() == null ? Map.of() : podMeta.getLabels());
            labels.forEach((k, v) -> {
                if (!k.equals(Labels.MANAGED_BY)) {
                    podLabels.putIfAbsent(k, v);
                }
            });
            podMeta.setLabels(podLabels);
        }
    }

    private Children() {
    }
}
