package dev.aimengine.operator.artifact;

import dev.aimengine.operator.api.v1alpha1.AIMArtifact;
import dev.aimengine.operator.api.v1alpha1.AIMArtifactStatus;
import dev.aimengine.operator.api.v1alpha1.AIMCacheMode;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

import java.math.BigDecimal;
import java.util.List;

/**
 * The artifact status decoration: the {@code DownloadComplete} condition with {@code progress} and
 * {@code download.message}, {@code mode}, and the PVC fields recorded once the PVC exists.
 * <p>
 * {@code DownloadComplete} is not a component condition (its type does not end in {@code Ready}), so it never
 * counts towards the artifact's overall status; the download Job and its pods do that as components.
 */
public final class DownloadProgress {

    public static final String CONDITION_TYPE = "DownloadComplete";

    public static final String REASON_VERIFIED = "Verified";
    public static final String REASON_VERIFYING = "Verifying";
    public static final String REASON_DOWNLOADING = "Downloading";
    public static final String REASON_VERIFICATION_FAILED = "VerificationFailed";

    public static final String MESSAGE_VERIFIED = "Download and verification complete";
    public static final String MESSAGE_VERIFYING = "Download complete, verifying integrity...";
    public static final String MESSAGE_DOWNLOADING = "Download in progress";
    public static final String MESSAGE_FAILED_BEFORE_COMPLETION = "Download failed before completion";
    public static final String MESSAGE_VERIFICATION_FAILED = "Download completed but verification failed";

    /** {@code download.message} once the download Job has completed. */
    public static final String DOWNLOAD_MESSAGE_COMPLETE = "Complete";
    public static final String DISPLAY_COMPLETE = "100 %";
    public static final String DISPLAY_NOT_AVAILABLE = "N/A";

    private static final String TRUE = "True";
    private static final String FALSE = "False";

    private DownloadProgress() {
    }

    /**
     * Decorates the status from the state of the download Job, and returns the {@code DownloadComplete}
     * condition (type, status, reason, message; no timestamps). Call it only while a download Job exists; without
     * one the condition is left as it is. The first matching case wins:
     * <ol>
     * <li>the Job completed → True {@value #REASON_VERIFIED}; {@code progress} becomes
     * {@code {totalBytes: E, downloadedBytes: E, percentage: 100, displayPercentage: "100 %"}} and, when a
     * {@code download} block exists, its message {@value #DOWNLOAD_MESSAGE_COMPLETE};</li>
     * <li>the Job or one of its pods failed → False {@value #REASON_VERIFICATION_FAILED} when the downloader had
     * already reported 100 %, else False {@value #REASON_DOWNLOADING} "{@value #MESSAGE_FAILED_BEFORE_COMPLETION}";
     * {@code progress.displayPercentage} becomes {@code "N/A"} (creating {@code progress} if needed);</li>
     * <li>the downloader reported 100 % → True {@value #REASON_VERIFYING} (the image verifies after downloading);</li>
     * <li>otherwise False {@value #REASON_DOWNLOADING} "{@value #MESSAGE_DOWNLOADING}".</li>
     * </ol>
     *
     * @param status the status being written; modified in place
     * @param jobComplete the Job has condition {@code Complete=True}
     * @param jobOrPodFailed the Job has condition {@code Failed=True} or any of its pods is in phase Failed
     * @param expectedSizeBytes E, the effective model size
     */
    public static Condition decorate(AIMArtifactStatus status, boolean jobComplete, boolean jobOrPodFailed,
            long expectedSizeBytes) {
        boolean reported100 = status.progress != null && status.progress.percentage != null
                && status.progress.percentage >= 100;
        if (jobComplete) {
            AIMArtifactStatus.Progress done = new AIMArtifactStatus.Progress();
            done.totalBytes = expectedSizeBytes;
            done.downloadedBytes = expectedSizeBytes;
            done.percentage = 100;
            done.displayPercentage = DISPLAY_COMPLETE;
            status.progress = done;
            if (status.download != null) {
                status.download.message = DOWNLOAD_MESSAGE_COMPLETE;
            }
            return condition(TRUE, REASON_VERIFIED, MESSAGE_VERIFIED);
        }
        if (jobOrPodFailed) {
            if (status.progress == null) {
                status.progress = new AIMArtifactStatus.Progress();
            }
            status.progress.displayPercentage = DISPLAY_NOT_AVAILABLE;
            return reported100 ? condition(FALSE, REASON_VERIFICATION_FAILED, MESSAGE_VERIFICATION_FAILED)
                    : condition(FALSE, REASON_DOWNLOADING, MESSAGE_FAILED_BEFORE_COMPLETION);
        }
        return reported100 ? condition(TRUE, REASON_VERIFYING, MESSAGE_VERIFYING)
                : condition(FALSE, REASON_DOWNLOADING, MESSAGE_DOWNLOADING);
    }

    /** Whether a {@code DownloadComplete} condition reports a failure (worth a Warning event rather than Normal). */
    public static boolean isFailure(Condition downloadComplete) {
        return FALSE.equals(downloadComplete.getStatus())
                && (REASON_VERIFICATION_FAILED.equals(downloadComplete.getReason())
                        || MESSAGE_FAILED_BEFORE_COMPLETION.equals(downloadComplete.getMessage()));
    }

    /** {@code status.mode}: {@code Dedicated} when the artifact has any owner reference, else {@code Shared}. */
    public static String mode(AIMArtifact artifact) {
        List<?> owners = artifact.getMetadata().getOwnerReferences();
        return (owners != null && !owners.isEmpty() ? AIMCacheMode.Dedicated : AIMCacheMode.Shared).name();
    }

    /**
     * Records the PVC in the status once it exists: {@code persistentVolumeClaim} (when not set yet) and, when
     * {@code allocatedSize} is unset or zero, {@code allocatedSize} = the PVC's storage request (if any) together
     * with {@code headroomPercent}. Nothing happens without a PVC.
     *
     * @param headroomPercent the headroom of the artifact's current runtime config
     */
    public static void recordPvc(AIMArtifactStatus status, PersistentVolumeClaim pvc, int headroomPercent) {
        if (pvc == null) {
            return;
        }
        if (isZero(status.allocatedSize)) {
            Quantity requested = ArtifactObjects.storageRequest(pvc);
            if (requested != null) {
                status.allocatedSize = new Quantity(requested.getAmount(), requested.getFormat());
            }
            status.headroomPercent = headroomPercent;
        }
        if (status.persistentVolumeClaim == null || status.persistentVolumeClaim.isEmpty()) {
            status.persistentVolumeClaim = pvc.getMetadata().getName();
        }
    }

    /** The Job has condition {@code Complete=True}. */
    public static boolean isComplete(Job job) {
        return hasTrueCondition(job, "Complete");
    }

    /** The Job has condition {@code Failed=True}. */
    public static boolean isFailed(Job job) {
        return hasTrueCondition(job, "Failed");
    }

    /** Any pod is in phase {@code Failed} (a pod may fail before its Job is marked failed). */
    public static boolean anyPodFailed(List<Pod> pods) {
        return pods != null && pods.stream()
                .anyMatch(p -> p.getStatus() != null && "Failed".equals(p.getStatus().getPhase()));
    }

    private static boolean hasTrueCondition(Job job, String type) {
        return job != null && job.getStatus() != null && job.getStatus().getConditions() != null
                && job.getStatus().getConditions().stream()
                        .anyMatch(c -> type.equals(c.getType()) && TRUE.equals(c.getStatus()));
    }

    private static boolean isZero(Quantity q) {
        if (q == null || q.getAmount() == null || q.getAmount().isEmpty()) {
            return true;
        }
        try {
            return q.getNumericalAmount().compareTo(BigDecimal.ZERO) == 0;
        } catch (ArithmeticException | IllegalArgumentException e) {
            return true;
        }
    }

    private static Condition condition(String status, String reason, String message) {
        return new ConditionBuilder().withType(CONDITION_TYPE).withStatus(status).withReason(reason)
                .withMessage(message).build();
    }
}
