package dev.aimengine.operator.api.v1alpha1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finishes the generated CRDs where the fabric8 generator has no annotation (build-time only; configured with
 * {@code quarkus.operator-sdk.crd.post-processor}):
 * <ul>
 * <li>printer columns in the documented order ({@link PrinterColumnOrder}) instead of JSONPath order;</li>
 * <li>{@code env} lists become list-maps keyed by {@code name}, {@code conditions} list-maps keyed by {@code type},
 * so server-side apply merges entries instead of replacing the list;</li>
 * <li>condition entries get the constraints of Kubernetes' {@code metav1.Condition} as controller-gen writes them
 * (status enum, type and reason patterns and lengths, message length, timestamp format, non-negative generation),
 * so a status with a malformed condition is rejected the same way as with AIM Engine's CRDs;</li>
 * <li>quantities ({@code x-kubernetes-int-or-string}) get the Kubernetes quantity pattern, so {@code size: abc}
 * is rejected at admission;</li>
 * <li>no {@code default: ""}: API servers before 1.25 reject it.</li>
 * </ul>
 */
public class CrdSchemaPostProcessor implements CRDPostProcessor {

    static final String QUANTITY_PATTERN = "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]"
            + "|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$";
    /** A condition type: an optional DNS-subdomain prefix with {@code /}, then a name (at most 316 characters). */
    public static final String CONDITION_TYPE_PATTERN = "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
            + "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$";
    public static final int CONDITION_TYPE_MAX_LENGTH = 316;
    /** A condition reason: a letter, then letters, digits, {@code _ , :}, not ending in {@code ,} or {@code :}. */
    public static final String CONDITION_REASON_PATTERN = "^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$";
    public static final int CONDITION_REASON_MAX_LENGTH = 1024;
    public static final int CONDITION_MESSAGE_MAX_LENGTH = 32768;
    public static final List<String> CONDITION_STATUSES = List.of("True", "False", "Unknown");

    private static final Set<String> ENV_VAR_FIELDS = Set.of("name", "value", "valueFrom");
    private static final List<String> CONDITION_REQUIRED = List.of("lastTransitionTime", "message", "reason", "status",
            "type");

    @Override
    public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
        if (!(crd instanceof CustomResourceDefinition definition)) {
            return crd;
        }
        String kind = definition.getSpec().getNames().getKind();
        for (CustomResourceDefinitionVersion version : definition.getSpec().getVersions()) {
            orderColumns(kind, version);
            if (version.getSchema() != null) {
                visit(null, version.getSchema().getOpenAPIV3Schema());
            }
        }
        return crd;
    }

    private static void orderColumns(String kind, CustomResourceDefinitionVersion version) {
        List<CustomResourceColumnDefinition> columns = version.getAdditionalPrinterColumns();
        if (columns == null || columns.isEmpty()) {
            return;
        }
        List<String> order = AIMApi.KINDS.stream()
                .filter(k -> k.getSimpleName().equals(kind))
                .map(k -> k.getAnnotation(PrinterColumnOrder.class))
                .filter(a -> a != null)
                .map(a -> Arrays.asList(a.value()))
                .findFirst().orElse(List.of());
        List<CustomResourceColumnDefinition> sorted = new ArrayList<>(columns);
        sorted.sort(Comparator.comparingInt(c -> {
            int i = order.indexOf(c.getName());
            return i < 0 ? Integer.MAX_VALUE : i;
        }));
        for (CustomResourceColumnDefinition c : sorted) {
            if (c.getPriority() != null && c.getPriority() == 0) {
                c.setPriority(null);
            }
        }
        version.setAdditionalPrinterColumns(sorted);
    }

    private static void visit(String name, JSONSchemaProps schema) {
        if (schema == null) {
            return;
        }
        if (schema.getDefault() != null && schema.getDefault().isTextual() && schema.getDefault().asText().isEmpty()) {
            schema.setDefault(null);
        }
        if (Boolean.TRUE.equals(schema.getXKubernetesIntOrString()) && schema.getPattern() == null) {
            schema.setPattern(QUANTITY_PATTERN);
        }
        if ("array".equals(schema.getType()) && schema.getItems() != null && schema.getItems().getSchema() != null) {
            JSONSchemaProps item = schema.getItems().getSchema();
            Map<String, JSONSchemaProps> props = item.getProperties();
            if (props != null && props.keySet().equals(ENV_VAR_FIELDS)) {
                listMap(schema, item, "name", List.of("name"));
            } else if ("conditions".equals(name) && props != null && props.keySet().containsAll(CONDITION_REQUIRED)) {
                listMap(schema, item, "type", CONDITION_REQUIRED);
                conditionConstraints(props);
            }
            visit(null, item);
        }
        if (schema.getProperties() != null) {
            schema.getProperties().forEach(CrdSchemaPostProcessor::visit);
        }
        if (schema.getAdditionalProperties() != null) {
            visit(null, schema.getAdditionalProperties().getSchema());
        }
    }

    private static void conditionConstraints(Map<String, JSONSchemaProps> props) {
        props.get("lastTransitionTime").setFormat("date-time");
        props.get("message").setMaxLength((long) CONDITION_MESSAGE_MAX_LENGTH);
        JSONSchemaProps generation = props.get("observedGeneration");
        if (generation != null) {
            generation.setFormat("int64");
            generation.setMinimum(0.0);
        }
        JSONSchemaProps reason = props.get("reason");
        reason.setMinLength(1L);
        reason.setMaxLength((long) CONDITION_REASON_MAX_LENGTH);
        reason.setPattern(CONDITION_REASON_PATTERN);
        props.get("status").setEnum(CONDITION_STATUSES.stream().<JsonNode>map(TextNode::valueOf).toList());
        JSONSchemaProps type = props.get("type");
        type.setMaxLength((long) CONDITION_TYPE_MAX_LENGTH);
        type.setPattern(CONDITION_TYPE_PATTERN);
    }

    private static void listMap(JSONSchemaProps list, JSONSchemaProps item, String key, List<String> required) {
        list.setXKubernetesListType("map");
        list.setXKubernetesListMapKeys(List.of(key));
        List<String> req = new ArrayList<>(item.getRequired() == null ? List.of() : item.getRequired());
        required.stream().filter(r -> !req.contains(r)).forEach(req::add);
        req.sort(Comparator.naturalOrder());
        item.setRequired(req);
    }
}
