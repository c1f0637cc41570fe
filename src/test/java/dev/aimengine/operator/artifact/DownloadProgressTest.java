package dev.aimengine.operator.artifact;

import dev.aimengine.operator.api.v1alpha1.AIMArtifact;
import dev.aimengine.operator.api.v1alpha1.AIMArtifactStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DownloadProgressTest {
    static final long E = 5L << 30;

    static AIMArtifactStatus status(Integer percentage, boolean withDownloadBlock) {
        AIMArtifactStatus s = new AIMArtifactStatus();
        if (percentage != null) {
            s.progress = new AIMArtifactStatus.Progress();
            s.progress.percentage = percentage;
            s.progress.displayPercentage = percentage + " %";
            s.progress.downloadedBytes = 123L;
            s.progress.totalBytes = E;
        }
        if (withDownloadBlock) {
            s.download = new AIMArtifactStatus.Download();
            s.download.protocol = "XET";
            s.download.attempt = 1;
            s.download.message = "Downloading via XET";
        }
        return s;
    }

    static String summary(Condition c) {
        return c.getType() + "/" + c.getStatus() + "/" + c.getReason() + "/" + c.getMessage();
    }

    @Test
    void completedJobIsVerifiedWithFullProgress() {
        AIMArtifactStatus s = status(45, true);
        Condition c = DownloadProgress.decorate(s, true, false, E);
        assertEquals("DownloadComplete/True/Verified/Download and verification complete", summary(c));
        assertEquals(E, s.progress.totalBytes);
        assertEquals(E, s.progress.downloadedBytes);
        assertEquals(100, s.progress.percentage);
        assertEquals("100 %", s.progress.displayPercentage);
        assertEquals("Complete", s.download.message);
        assertEquals("XET", s.download.protocol);
    }

    @Test
    void completedJobWithoutDownloadBlockDoesNotCreateOne() {
        AIMArtifactStatus s = status(null, false);
        DownloadProgress.decorate(s, true, false, E);
        assertNull(s.download);
        assertEquals(100, s.progress.percentage);
    }

    @Test
    void completionWinsOverAFailedPod() {
        AIMArtifactStatus s = status(100, false);
        assertEquals("Verified", DownloadProgress.decorate(s, true, true, E).getReason());
    }

    @Test
    void failureAfter100PercentIsAVerificationFailure() {
        AIMArtifactStatus s = status(100, true);
        Condition c = DownloadProgress.decorate(s, false, true, E);
        assertEquals("DownloadComplete/False/VerificationFailed/Download completed but verification failed",
                summary(c));
        assertEquals("N/A", s.progress.displayPercentage);
        assertEquals(100, s.progress.percentage);
        assertEquals("Downloading via XET", s.download.message);
        assertTrue(DownloadProgress.isFailure(c));
    }

    @Test
    void failureBefore100PercentIsAFailedDownload() {
        AIMArtifactStatus s = status(40, false);
        Condition c = DownloadProgress.decorate(s, false, true, E);
        assertEquals("DownloadComplete/False/Downloading/Download failed before completion", summary(c));
        assertEquals("N/A", s.progress.displayPercentage);
        assertEquals(40, s.progress.percentage);
        assertTrue(DownloadProgress.isFailure(c));
    }

    @Test
    void failureWithoutProgressCreatesProgressWithNotAvailable() {
        AIMArtifactStatus s = status(null, false);
        DownloadProgress.decorate(s, false, true, E);
        assertEquals("N/A", s.progress.displayPercentage);
        assertNull(s.progress.percentage);
        assertNull(s.progress.totalBytes);
    }

    @Test
    void runningAt100PercentIsVerifying() {
        AIMArtifactStatus s = status(100, false);
        Condition c = DownloadProgress.decorate(s, false, false, E);
        assertEquals("DownloadComplete/True/Verifying/Download complete, verifying integrity...", summary(c));
        assertEquals("100 %", s.progress.displayPercentage);
        assertFalse(DownloadProgress.isFailure(c));
    }

    @Test
    void runningBelow100PercentIsDownloading() {
        AIMArtifactStatus s = status(45, false);
        Condition c = DownloadProgress.decorate(s, false, false, E);
        assertEquals("DownloadComplete/False/Downloading/Download in progress", summary(c));
        assertEquals("45 %", s.progress.displayPercentage);
        assertFalse(DownloadProgress.isFailure(c));
        assertEquals("DownloadComplete/False/Downloading/Download in progress",
                summary(DownloadProgress.decorate(status(null, false), false, false, E)));
    }

    @Test
    void modeIsDedicatedWhenOwned() {
        AIMArtifact a = ArtifactObjectsTest.bare("hf://org/model");
        assertEquals("Shared", DownloadProgress.mode(a));
        a.getMetadata().setOwnerReferences(List.of());
        assertEquals("Shared", DownloadProgress.mode(a));
        a.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder().withApiVersion("aim.eai.amd.com/v1alpha1")
                .withKind("AIMTemplateCache").withName("c").withUid("cu").build()));
        assertEquals("Dedicated", DownloadProgress.mode(a));
    }

    @Test
    void pvcIsRecordedOnce() {
        AIMArtifactStatus s = new AIMArtifactStatus();
        DownloadProgress.recordPvc(s, null, 10);
        assertNull(s.persistentVolumeClaim);
        assertNull(s.allocatedSize);

        PersistentVolumeClaim pvc = ArtifactObjects.pvc(ArtifactObjectsTest.bare("hf://org/model"), 5L << 30, 10, null);
        DownloadProgress.recordPvc(s, pvc, 10);
        assertEquals("6Gi", s.allocatedSize.toString());
        assertEquals(10, s.headroomPercent);
        assertEquals(pvc.getMetadata().getName(), s.persistentVolumeClaim);

        // Later headroom changes do not rewrite what was recorded.
        DownloadProgress.recordPvc(s, pvc, 25);
        assertEquals(10, s.headroomPercent);

        AIMArtifactStatus zero = new AIMArtifactStatus();
        zero.allocatedSize = new Quantity("0");
        zero.persistentVolumeClaim = "kept";
        DownloadProgress.recordPvc(zero, pvc, 20);
        assertEquals("6Gi", zero.allocatedSize.toString());
        assertEquals(20, zero.headroomPercent);
        assertEquals("kept", zero.persistentVolumeClaim);
    }

    @Test
    void jobAndPodStates() {
        Job complete = job("Complete", "True");
        Job failed = job("Failed", "True");
        Job notYet = job("Complete", "False");
        assertTrue(DownloadProgress.isComplete(complete));
        assertFalse(DownloadProgress.isFailed(complete));
        assertTrue(DownloadProgress.isFailed(failed));
        assertFalse(DownloadProgress.isComplete(notYet));
        assertFalse(DownloadProgress.isComplete(null));
        assertFalse(DownloadProgress.isComplete(new Job()));

        assertTrue(DownloadProgress.anyPodFailed(List.of(pod("Running"), pod("Failed"))));
        assertFalse(DownloadProgress.anyPodFailed(List.of(pod("Running"), pod("Pending"), new PodBuilder().build())));
        assertFalse(DownloadProgress.anyPodFailed(null));
    }

    static Job job(String type, String status) {
        return new JobBuilder().withNewStatus().addNewCondition().withType(type).withStatus(status).endCondition()
                .endStatus().build();
    }

    static io.fabric8.kubernetes.api.model.Pod pod(String phase) {
        return new PodBuilder().withNewStatus().withPhase(phase).endStatus().build();
    }
}
