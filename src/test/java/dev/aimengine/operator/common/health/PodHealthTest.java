package dev.aimengine.operator.common.health;

import dev.aimengine.operator.common.status.AIMStatus;
import dev.aimengine.operator.common.status.Component;
import dev.aimengine.operator.common.status.DependencyType;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.aimengine.operator.common.status.ErrorCategory.AUTH;
import static dev.aimengine.operator.common.status.ErrorCategory.INFRASTRUCTURE;
import static dev.aimengine.operator.common.status.ErrorCategory.INVALID_SPEC;
import static dev.aimengine.operator.common.status.ErrorCategory.MISSING_DOWNSTREAM_DEPENDENCY;
import static dev.aimengine.operator.common.status.ErrorCategory.MISSING_UPSTREAM_DEPENDENCY;
import static dev.aimengine.operator.common.status.ErrorCategory.RESOURCE_EXHAUSTION;
import static dev.aimengine.operator.common.health.Fixtures.assertError;
import static dev.aimengine.operator.common.health.Fixtures.assertState;
import static dev.aimengine.operator.common.health.Fixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Pod health: image pulls, failed pods and their logs, scheduling, readiness, in the order they are checked. */
class PodHealthTest {

    static final String C = "InferenceServicePods";

    static Pod pod(String name, String uid, String status) {
        return Fixtures.yaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, namespace: ns, uid: %s}
                spec:
                  containers: [{name: main, image: img}]
                status:
                %s
                """.formatted(name, uid, status.indent(2)), Pod.class);
    }

    static Pod pod(String status) {
        return pod("p-1", "uid-1", status);
    }

    static Pod failed(String containerStatuses) {
        return pod("phase: Failed\n" + containerStatuses);
    }

    static Pod failedMain(String reason, int exitCode, String message) {
        return failed("""
                containerStatuses:
                - name: main
                  ready: false
                  state:
                    terminated: {reason: %s, exitCode: %d, message: "%s"}
                """.formatted(reason, exitCode, message));
    }

    static Pod pulling(String reason, String message) {
        return pod("""
                phase: Pending
                containerStatuses:
                - name: main
                  ready: false
                  state:
                    waiting: {reason: %s, message: "%s"}
                """.formatted(reason, message));
    }

    static final LogReader NO_CALL = (p, c, n) -> fail("logs must not be read");

    static LogReader logs(String text) {
        return (p, c, n) -> text;
    }

    static Component inspect(Pod pod, LogReader logs) {
        return PodHealth.inspect(C, List.of(pod), List.of(), logs);
    }

    @Test
    void noPods() {
        assertError(PodHealth.inspect(C, List.of(), List.of(), NO_CALL), C, MISSING_DOWNSTREAM_DEPENDENCY,
                AIMStatus.Progressing, "NoPods", "No pods found");
        assertError(PodHealth.inspect(C, null, null, null), C, MISSING_DOWNSTREAM_DEPENDENCY,
                AIMStatus.Progressing, "NoPods", "No pods found");
    }

    @Test
    void componentsAreDownstream() {
        assertEquals(DependencyType.DOWNSTREAM, PodHealth.inspect(C, List.of(), null, null).dependency());
        assertEquals("InferenceServicePodsReady", PodHealth.inspect(C, List.of(), null, null).conditionType());
    }

    @Nested
    class ImagePull {

        @Test
        void authFailure() {
            String msg = "failed to pull and unpack image: 401 Unauthorized";
            assertError(inspect(pulling("ErrImagePull", msg), NO_CALL), C, AUTH, AIMStatus.Failed,
                    "ImagePullAuthFailure", "Container main: " + msg);
        }

        @Test
        void authWordsAreCaseInsensitive() {
            String msg = "pull access DENIED for registry.local/x";
            assertError(inspect(pulling("ImagePullBackOff", msg), NO_CALL), C, AUTH, AIMStatus.Failed,
                    "ImagePullAuthFailure", "Container main: " + msg);
        }

        @Test
        void notFound() {
            String msg = "rpc error: code = NotFound desc = failed to resolve reference: ghcr.io/x:1: not found";
            assertError(inspect(pulling("ErrImagePull", msg), NO_CALL), C, MISSING_UPSTREAM_DEPENDENCY,
                    AIMStatus.Degraded, "ImageNotFound", "Container main: " + msg);
            String manifest = "manifest unknown";
            assertError(inspect(pulling("ImagePullBackOff", manifest), NO_CALL), C, MISSING_UPSTREAM_DEPENDENCY,
                    AIMStatus.Degraded, "ImageNotFound", "Container main: " + manifest);
        }

        @Test
        void backOff() {
            String msg = "Back-off pulling image \\\"ghcr.io/x:1\\\"";
            assertError(inspect(pulling("ImagePullBackOff", msg), NO_CALL), C, INFRASTRUCTURE, AIMStatus.Degraded,
                    "ImagePullBackOff", "Container main: Back-off pulling image \"ghcr.io/x:1\"");
        }

        @Test
        void otherWaitingReasonsAreNoPullFailure() {
            assertState(inspect(pulling("ContainerCreating", "x"), NO_CALL), C, AIMStatus.Pending, "PodsPending",
                    "Pods are pending");
        }

        @Test
        void initContainer() {
            Pod p = pod("""
                    phase: Pending
                    initContainerStatuses:
                    - name: fetch
                      ready: false
                      state:
                        waiting: {reason: ErrImagePull, message: "timeout"}
                    """);
            assertError(inspect(p, NO_CALL), C, INFRASTRUCTURE, AIMStatus.Degraded, "ImagePullBackOff",
                    "Container fetch: timeout");
        }

        @Test
        void winsOverAFailedPodListedEarlier() {
            Component c = PodHealth.inspect(C, List.of(failedMain("Error", 1, "x"), pulling("ErrImagePull", "403")),
                    List.of(), NO_CALL);
            assertEquals("ImagePullAuthFailure", c.effectiveReason());
        }
    }

    @Nested
    class Failed {

        @Test
        void oomKilledSkipsLogs() {
            assertError(inspect(failedMain("OOMKilled", 137, ""), NO_CALL), C, RESOURCE_EXHAUSTION,
                    AIMStatus.Failed, "PodOOMKilled", "Container main failed with exit code 137: ");
        }

        @Test
        void logReaderGetsContainerAndFiftyLines() {
            List<String> calls = new ArrayList<>();
            Pod p = failedMain("Error", 1, "boom");
            PodHealth.inspect(C, List.of(p), null, (pod, container, lines) -> {
                assertEquals(p, pod);
                calls.add(container + "/" + lines);
                return "";
            });
            assertEquals(List.of("main/50"), calls);
        }

        @Test
        void sourceNotFoundFromLog() {
            String line = "huggingface_hub.errors.RepositoryNotFoundError: 401 Client Error. Repository Not Found";
            assertError(inspect(failedMain("Error", 1, "boom"), logs("Downloading...\n  " + line + "  \nbye")), C,
                    INVALID_SPEC, AIMStatus.Failed, "SourceNotFound",
                    "Source resource not found (404): Container main failed with exit code 1: boom"
                            + "\n\nLog excerpt:\n" + line);
        }

        @Test
        void sourceNotFoundIsCheckedBeforeAuth() {
            String log = "401 Unauthorized for url https://hf.co/api/models/x\nrepository not found";
            Component c = inspect(failedMain("Error", 1, ""), logs(log));
            assertEquals("SourceNotFound", c.effectiveReason());
            assertEquals("Source resource not found (404): Container main failed with exit code 1: "
                    + "\n\nLog excerpt:\nrepository not found", c.effectiveMessage());
        }

        @Test
        void patternOrderBeatsLineOrder() {
            // "NoSuchKey" comes later in the pattern list than "404.*not.*found", so the later line wins.
            Component c = inspect(failedMain("Error", 1, ""), logs("NoSuchKey: key x\nHTTP 404 object not found"));
            assertEquals("Source resource not found (404): Container main failed with exit code 1: "
                    + "\n\nLog excerpt:\nHTTP 404 object not found", c.effectiveMessage());
        }

        @Test
        void s3AuthFromLog() {
            String line = "botocore.exceptions.ClientError: An error occurred (InvalidAccessKeyId) when calling";
            assertError(inspect(failedMain("Error", 2, "dl"), logs(line)), C, AUTH, AIMStatus.Failed, "AuthError",
                    "Authentication error detected in pod logs: Container main failed with exit code 2: dl"
                            + "\n\nLog excerpt:\n" + line);
        }

        @Test
        void huggingFaceAuthIsCaseInsensitive() {
            String line = "CANNOT ACCESS GATED REPO for url https://huggingface.co/meta-llama/x";
            Component c = inspect(failedMain("Error", 1, ""), logs("start\n" + line));
            assertEquals(AUTH, c.errors().get(0).category());
            assertEquals("AuthError", c.effectiveReason());
            assertEquals("Authentication error detected in pod logs: Container main failed with exit code 1: "
                    + "\n\nLog excerpt:\n" + line, c.effectiveMessage());
        }

        @Test
        void storageFullFromLog() {
            String line = "OSError: [Errno 28] No space left on device";
            assertError(inspect(failedMain("Error", 1, ""), logs(line + "\n")), C, RESOURCE_EXHAUSTION,
                    AIMStatus.Failed, "StorageFull",
                    "Storage full error detected in pod logs: Container main failed with exit code 1: "
                            + "\n\nLog excerpt:\n" + line);
        }

        @Test
        void infrastructurePatternFallsBackToTerminationReason() {
            String line = "Error: forbidden: User \"system:serviceaccount:ns:x\" cannot get resource \"pods\"";
            // The infrastructure family is tried first, so the later "model not found" line does not count.
            assertError(inspect(failedMain("Error", 1, "x"), logs(line + "\nmodel not found")), C, INVALID_SPEC,
                    AIMStatus.Failed, "PodFailed",
                    "Container main failed with exit code 1: x\n\nLog excerpt:\n" + line);
        }

        @Test
        void unrecognisedLogShowsLastThreeLines() {
            assertError(inspect(failedMain("Error", 3, "x"), logs("l1\nl2\nl3\nl4\nl5\n\n")), C, INVALID_SPEC,
                    AIMStatus.Failed, "PodFailed",
                    "Container main failed with exit code 3: x\n\nLog excerpt:\nl3\nl4\nl5");
        }

        @Test
        void missingLogsLeaveTheMessageAlone() {
            String plain = "Container main failed with exit code 1: x";
            assertEquals(plain, inspect(failedMain("Error", 1, "x"), logs(null)).effectiveMessage());
            assertEquals(plain, inspect(failedMain("Error", 1, "x"), logs("")).effectiveMessage());
            assertEquals(plain, inspect(failedMain("Error", 1, "x"), null).effectiveMessage());
            Component thrown = inspect(failedMain("Error", 1, "x"), (p, c, n) -> {
                throw new IllegalStateException("logs gone");
            });
            assertError(thrown, C, INVALID_SPEC, AIMStatus.Failed, "PodFailed", plain);
        }

        @Test
        void terminationReasons() {
            for (String reason : List.of("Error", "ContainerCannotRun", "CreateContainerConfigError",
                    "CreateContainerError", "SomethingNew")) {
                assertError(inspect(failedMain(reason, 1, "m"), null), C, INVALID_SPEC, AIMStatus.Failed,
                        "PodFailed", "Container main failed with exit code 1: m");
            }
            assertError(inspect(failedMain("DeadlineExceeded", 1, "m"), null), C, INVALID_SPEC, AIMStatus.Failed,
                    "PodDeadlineExceeded", "Container main failed with exit code 1: m");
            assertError(inspect(failedMain("Evicted", 1, "m"), null), C, INFRASTRUCTURE, AIMStatus.Degraded,
                    "PodEvicted", "Container main failed with exit code 1: m");
        }

        @Test
        void zeroExitCodeKeepsMessageAndSkipsLogs() {
            assertError(inspect(failedMain("Completed", 0, "done"), NO_CALL), C, INVALID_SPEC, AIMStatus.Failed,
                    "PodFailed", "done");
            assertError(inspect(failedMain("Completed", 0, ""), NO_CALL), C, INVALID_SPEC, AIMStatus.Failed,
                    "PodFailed", "Container main terminated with reason: Completed");
        }

        @Test
        void podLevelReasons() {
            Pod evicted = pod("""
                    phase: Failed
                    reason: Evicted
                    message: "The node was low on resource: ephemeral-storage."
                    """);
            assertError(inspect(evicted, NO_CALL), C, INFRASTRUCTURE, AIMStatus.Degraded, "PodEvicted",
                    "The node was low on resource: ephemeral-storage.");
            Pod deadline = pod("phase: Failed\nreason: DeadlineExceeded\n");
            assertError(inspect(deadline, NO_CALL), C, INVALID_SPEC, AIMStatus.Failed, "PodDeadlineExceeded",
                    "Pod failed");
            assertError(inspect(pod("phase: Failed\n"), NO_CALL), C, INVALID_SPEC, AIMStatus.Failed, "PodFailed",
                    "Pod failed");
        }

        @Test
        void initContainerFailureReadsItsLogs() {
            Pod p = failed("""
                    initContainerStatuses:
                    - name: download
                      ready: false
                      state:
                        terminated: {reason: Error, exitCode: 2, message: "bad"}
                    containerStatuses:
                    - name: main
                      ready: false
                      state:
                        waiting: {reason: PodInitializing}
                    """);
            List<String> containers = new ArrayList<>();
            Component c = inspect(p, (pod, container, n) -> {
                containers.add(container);
                return "s3 bucket error: NoSuchBucket";
            });
            assertEquals(List.of("download"), containers);
            assertError(c, C, INVALID_SPEC, AIMStatus.Failed, "SourceNotFound",
                    "Source resource not found (404): Init container download failed with exit code 2: bad"
                            + "\n\nLog excerpt:\ns3 bucket error: NoSuchBucket");
        }

        @Test
        void initContainerZeroExit() {
            Pod p = failed("""
                    initContainerStatuses:
                    - name: prep
                      ready: false
                      state:
                        terminated: {reason: Completed, exitCode: 0}
                    """);
            assertError(inspect(p, NO_CALL), C, INVALID_SPEC, AIMStatus.Failed, "PodFailed",
                    "Init container prep terminated with reason: Completed");
        }

        @Test
        void failedWinsOverReady() {
            Component c = PodHealth.inspect(C, List.of(running(true), failedMain("OOMKilled", 137, "")), List.of(),
                    NO_CALL);
            assertEquals("PodOOMKilled", c.effectiveReason());
        }
    }

    static Pod running(boolean ready) {
        return pod("""
                phase: Running
                conditions:
                - {type: Initialized, status: "True"}
                - {type: Ready, status: "%s"}
                """.formatted(ready ? "True" : "False"));
    }

    @Nested
    class Phases {

        @Test
        void runningAndReady() {
            assertState(inspect(running(true), NO_CALL), C, AIMStatus.Ready, "PodsReady", "Pods are ready");
        }

        @Test
        void succeeded() {
            assertState(inspect(pod("phase: Succeeded\n"), NO_CALL), C, AIMStatus.Ready, "PodsReady",
                    "Pods are ready");
        }

        @Test
        void oneReadyPodIsEnough() {
            Component c = PodHealth.inspect(C, List.of(running(false), pod("phase: Pending\n"), running(true)),
                    List.of(), NO_CALL);
            assertState(c, C, AIMStatus.Ready, "PodsReady", "Pods are ready");
        }

        @Test
        void runningNotReady() {
            assertState(inspect(running(false), NO_CALL), C, AIMStatus.Starting, "PodsStarting",
                    "Pods are running, waiting for readiness");
            assertState(inspect(pod("phase: Running\n"), NO_CALL), C, AIMStatus.Starting, "PodsStarting",
                    "Pods are running, waiting for readiness");
        }

        @Test
        void startingWinsOverPending() {
            Component c = PodHealth.inspect(C, List.of(pod("phase: Pending\n"), running(false)), List.of(), NO_CALL);
            assertEquals(AIMStatus.Starting, c.state());
        }

        @Test
        void otherPhase() {
            assertState(inspect(pod("phase: Unknown\n"), NO_CALL), C, AIMStatus.Progressing, "PodsProgressing",
                    "Pods are progressing");
        }
    }

    @Nested
    class Pending {

        final Pod pending = pod("p-1", "uid-1", "phase: Pending\n");

        @Test
        void noEvents() {
            assertState(PodHealth.inspect(C, List.of(pending), null, NO_CALL), C, AIMStatus.Pending, "PodsPending",
                    "Pods are pending");
        }

        @Test
        void theSchedulersVerdictOnThePodNeedsNoEvent() {
            Pod unschedulable = pod("p-1", "uid-1", """
                    phase: Pending
                    conditions:
                    - {type: PodScheduled, status: "False", reason: Unschedulable,
                       message: "0/2 nodes are available: 2 Insufficient amd.com/gpu."}
                    """);
            assertState(PodHealth.inspect(C, List.of(unschedulable), List.of(), NO_CALL), C, AIMStatus.Pending,
                    "FailedScheduling", "0/2 nodes are available: 2 Insufficient amd.com/gpu.");
        }

        @Test
        void latestWaitingEventOfThisPodWins() {
            List<Event> events = List.of(
                    event("p-1", "uid-1", "Warning", "FailedScheduling", "0/3 nodes are available: 3 Insufficient "
                            + "amd.com/gpu.", "2025-01-01T00:00:05Z"),
                    event("p-1", "uid-1", "Warning", "FailedMount", "old mount problem", "2025-01-01T00:00:01Z"),
                    event("p-1", "uid-1", "Normal", "Pulling", "Pulling image", "2025-01-01T00:00:09Z"),
                    // same name, earlier incarnation of the pod: ignored although newest
                    event("p-1", "uid-0", "Warning", "FailedAttachVolume", "stale", "2025-01-01T00:01:00Z"),
                    // another pod: ignored
                    event("p-2", "uid-2", "Warning", "FailedCreatePodSandBox", "other", "2025-01-01T00:02:00Z"));
            assertState(PodHealth.inspect(C, List.of(pending), events, NO_CALL), C, AIMStatus.Pending,
                    "FailedScheduling", "0/3 nodes are available: 3 Insufficient amd.com/gpu.");
        }

        @Test
        void pullingMakesItProgressing() {
            List<Event> events = List.of(
                    event("p-1", "uid-1", "Normal", "Scheduled", "Assigned", "2025-01-01T00:00:01Z"),
                    event("p-1", "uid-1", "Normal", "Pulling", "Pulling image \\\"a\\\"", "2025-01-01T00:00:02Z"),
                    event("p-1", "uid-1", "Normal", "Pulling", "Pulling image \\\"b\\\"", "2025-01-01T00:00:03Z"));
            assertState(PodHealth.inspect(C, List.of(pending), events, NO_CALL), C, AIMStatus.Progressing,
                    "Pulling", "Pulling image \"b\"");
        }

        @Test
        void eventsOfAnotherPodOnlyAreIgnored() {
            List<Event> events = List.of(
                    event("p-1", "uid-9", "Warning", "FailedScheduling", "stale", "2025-01-01T00:00:01Z"));
            assertState(PodHealth.inspect(C, List.of(pending), events, NO_CALL), C, AIMStatus.Pending,
                    "PodsPending", "Pods are pending");
        }

        @Test
        void nextPendingPodIsAskedWhenTheFirstSaysNothing() {
            Pod second = pod("p-2", "uid-2", "phase: Pending\n");
            List<Event> events = List.of(
                    event("p-2", "uid-2", "Warning", "FailedMount", "secret \\\"s\\\" not found",
                            "2025-01-01T00:00:01Z"));
            assertState(PodHealth.inspect(C, List.of(pending, second), events, NO_CALL), C, AIMStatus.Pending,
                    "FailedMount", "secret \"s\" not found");
        }
    }
}
