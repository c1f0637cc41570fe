package dev.aimengine.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;

import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class AIMServiceStatus extends AIMConditionedStatus {
    @SchemaFrom(type = AIMServiceStatusValue.class)
    @Default("Pending")
    public String status;

    public AIMResolvedReference resolvedModel;
    public AIMResolvedReference resolvedTemplate;
    public AIMResolvedReference resolvedRuntimeConfig;
    public CacheStatus cache;
    public RoutingStatus routing;
    public RuntimeStatus runtime;
    /** Why this template (or none) was chosen: every candidate with its score or the reason it was rejected. */
    public TemplateSelection templateSelection;

    @Override
    public String statusValue() {
        return status;
    }

    @Override
    public void statusValue(String value) {
        this.status = value;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class CacheStatus {
        public AIMResolvedReference templateCacheRef;
        public Integer retryAttempts;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class RoutingStatus {
        /** The path the HTTPRoute serves the endpoint on. */
        public String path;
    }

    /** The outcome of template selection (additive to the AIM Engine API). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class TemplateSelection {
        /** Selected, Explicit, ModelDefault, Ambiguous, NoCandidates, NoneEligible, AwaitingReadyTemplates. */
        public String outcome;
        public String message;
        /** The chosen template, when there is one. */
        public String selected;
        @SchemaFrom(type = AIMResolutionScope.class)
        public String selectedScope;
        public List<SelectionCandidate> candidates;
    }

    /** One template considered by the selection. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class SelectionCandidate {
        public String name;
        @SchemaFrom(type = AIMResolutionScope.class)
        public String scope;
        /** Selected, Eligible (ranked, not chosen) or Rejected. */
        public String result;
        /** The stage that rejected it: Availability, Optimization, Overrides, GPU, Scope, Ranking. */
        public String stage;
        /** e.g. TemplateNotReady, UnoptimizedTemplateFiltered, ServiceOverridesNotMatched, RequiredGPUNotInCluster. */
        public String reason;
        public String message;
        /** The ranking key, e.g. "optimized, MI300X, latency, fp8"; lower ranks first. */
        public String score;
        public String gpu;
        public Long freeGpus;
        public Long neededGpus;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class RuntimeStatus {
        public Integer currentReplicas;
        public Integer desiredReplicas;
        public Integer minReplicas;
        public Integer maxReplicas;
        /** "3", or "current/desired (min-max)" when autoscaling. */
        public String replicas;
    }
}
