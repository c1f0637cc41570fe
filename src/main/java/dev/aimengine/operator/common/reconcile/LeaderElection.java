package dev.aimengine.operator.common.reconcile;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Leader election with a coordination.k8s.io Lease in the operator's namespace, so that two replicas (a rolling
 * update, or a standby) never reconcile at the same time: only the holder of the Lease starts its controllers; the
 * others wait and take over when it stops renewing (the Lease is not released on stop, so a takeover takes up to the
 * lease duration). A leader that finds the Lease held by another, or not renewed for a lease duration, exits and its
 * pod restarts as a follower, rather than risk two writers.
 *
 * <p>That check is done here, not by JOSDK's {@code exitOnStopLeading}: JOSDK calls {@code System.exit} from the
 * thread that stops the operator, which during a normal shutdown (SIGTERM) is the thread Quarkus' shutdown waits
 * for, and the process then never ends.
 *
 * <p>Quarkus' operator extension activates this in the {@code prod} profile (the packaged operator); {@code mvn
 * quarkus:dev} and the tests run without it. {@code aim.leader-election.enabled=false} (env
 * {@code AIM_LEADER_ELECTION_ENABLED}) turns it off for a single-replica install.
 */
public class LeaderElection {
    private static final Logger LOG = Logger.getLogger(LeaderElection.class);
    private static volatile boolean stopping;
    private static final java.util.concurrent.atomic.AtomicBoolean watching = new java.util.concurrent.atomic.AtomicBoolean();

    @Produces
    @Dependent
    LeaderElectionConfiguration leaderElection(
            @ConfigProperty(name = "aim.leader-election.enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "aim.leader-election.lease-name", defaultValue = "aim-engine-operator-lock") String lease,
            @ConfigProperty(name = "aim.leader-election.lease-duration", defaultValue = "15s") Duration leaseDuration,
            @ConfigProperty(name = "aim.leader-election.renew-deadline", defaultValue = "10s") Duration renewDeadline,
            @ConfigProperty(name = "aim.leader-election.retry-period", defaultValue = "2s") Duration retryPeriod,
            KubernetesClient client) {
        if (!enabled) {
            LOG.info("leader election is off (aim.leader-election.enabled=false): run a single replica");
            return null;
        }
        String identity = identity();
        LOG.infof("leader election: Lease %s/%s as %s", OperatorNamespace.get(), lease, identity);
        return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(lease)
                .withLeaseNamespace(OperatorNamespace.get())
                .withIdentity(identity)
                .withLeaseDuration(leaseDuration)
                .withRenewDeadline(renewDeadline)
                .withRetryPeriod(retryPeriod)
                .withExitOnStopLeading(false)
                .withLeaderCallbacks(new LeaderCallbacks(() -> {
                }, () -> {
                }, leader -> {
                    if (identity.equals(leader)) {
                        watch(client, OperatorNamespace.get(), lease, identity, leaseDuration, retryPeriod);
                    }
                }))
                .build();
    }

    void stopping(@Observes @Priority(1) ShutdownEvent event) {
        stopping = true;
    }

    /** Once leader, check the Lease every retry period; exit when it is no longer ours. */
    private static void watch(KubernetesClient client, String namespace, String name, String identity,
            Duration leaseDuration, Duration retryPeriod) {
        if (!watching.compareAndSet(false, true)) {
            return; // one check per process, however often we are told we lead
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "leader-lease-check");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            if (stopping) {
                timer.shutdown();
                return;
            }
            String lost;
            try {
                lost = lost(client.leases().inNamespace(namespace).withName(name).get(), identity, leaseDuration,
                        ZonedDateTime.now());
            } catch (KubernetesClientException e) {
                return; // the API server is unreachable: so are our writes; look again
            }
            if (lost != null && !stopping) {
                LOG.infof("leader election: %s; exiting so that this pod restarts as a follower", lost);
                timer.shutdown();
                // from a daemon thread, so that an exit racing a shutdown cannot hold the JVM
                Thread exit = new Thread(() -> System.exit(1), "leader-lost-exit");
                exit.setDaemon(true);
                exit.start();
            }
        }, retryPeriod.toMillis(), retryPeriod.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Why the Lease is no longer this operator's, or null while it is. */
    static String lost(Lease lease, String identity, Duration leaseDuration, ZonedDateTime now) {
        if (lease == null || lease.getSpec() == null) {
            return "the Lease is gone";
        }
        String holder = lease.getSpec().getHolderIdentity();
        if (!identity.equals(holder)) {
            return "the Lease is held by " + holder;
        }
        ZonedDateTime renewed = lease.getSpec().getRenewTime();
        if (renewed != null && renewed.plus(leaseDuration).isBefore(now)) {
            return "the Lease was last renewed at " + renewed + ", more than " + leaseDuration.toSeconds() + " s ago";
        }
        return null;
    }

    /**
     * The pod's name ({@code POD_NAME} from the Downward API) when set; otherwise the host name with a random suffix,
     * so that two operators on one machine are never taken for the same holder.
     */
    static String identity() {
        String pod = System.getenv("POD_NAME");
        if (pod != null && !pod.isBlank()) {
            return pod.trim();
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "aim-engine-operator";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
