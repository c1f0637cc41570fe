package dev.aimengine.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.Quantity;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class AIMArtifactStatus extends AIMConditionedStatus {
    @SchemaFrom(type = AIMResourceStatusValue.class)
    @Default("Pending")
    public String status;

    /** Written by the downloader pod. */
    public Progress progress;
    /** Written by the downloader pod. */
    public Download download;
    /** "42 GiB", "850 MiB". */
    public String displaySize;
    public String persistentVolumeClaim;
    /** Dedicated when owned by a template cache, else Shared. */
    @SchemaFrom(type = AIMCacheMode.class)
    public String mode;
    public Long discoveredSizeBytes;
    /** PVC size requested, headroom included. */
    public Quantity allocatedSize;
    public Integer headroomPercent;
    public String lastUsed;

    @Override
    public String statusValue() {
        return status;
    }

    @Override
    public void statusValue(String value) {
        this.status = value;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Progress {
        public Long totalBytes;
        public Long downloadedBytes;
        @Min(0)
        @Max(100)
        public Integer percentage;
        /** "45 %", "100 %" or "N/A". */
        public String displayPercentage;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Download {
        public String protocol;
        public Integer attempt;
        public Integer totalAttempts;
        public String protocolSequence;
        public String message;
    }
}
