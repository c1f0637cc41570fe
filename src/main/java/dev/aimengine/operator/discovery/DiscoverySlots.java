package dev.aimengine.operator.discovery;

import dev.aimengine.operator.common.reconcile.OperatorNamespace;
import dev.aimengine.operator.common.reconcile.ResourceApplier;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;

/**
 * Keeps discovery within its cluster-wide limit: at most {@value #LIMIT} discovery Jobs run at a time (each pulls a
 * large image and may hold a GPU). Creating a Job is a short critical section — count the running ones, create if
 * below the limit — held under the Lease {@code aim-discovery-lock} in the operator's namespace (as AIM Engine names
 * it), so operator instances never race past the limit. Only the count-and-create is locked, not a whole reconcile.
 * When the limit is reached or the Lease is busy, nothing is created and the template looks again shortly.
 */
@ApplicationScoped
@RBACRule(apiGroups = "coordination.k8s.io", resources = "leases", verbs = { "get", "create", "update" })
public class DiscoverySlots {
    private static final Logger LOG = Logger.getLogger(DiscoverySlots.class);
    public static final int LIMIT = 10;
    public static final String LEASE = "aim-discovery-lock";
    static final int LEASE_SECONDS = 30;
    private static final Duration ACQUIRE_FOR = Duration.ofSeconds(2);
    private static final String IDENTITY = System.getenv().getOrDefault("POD_NAME",
            System.getenv().getOrDefault("HOSTNAME", "aim-engine"));

    @Inject
    KubernetesClient client;
    @Inject
    Clock clock;

    /** Creates the Job if fewer than {@value #LIMIT} discovery Jobs are running; false when it had to wait. */
    public synchronized boolean create(Job job, ResourceApplier applier) {
        String ns = OperatorNamespace.get();
        if (!acquire(ns)) {
            LOG.debugf("discovery lock busy; %s waits", job.getMetadata().getName());
            return false;
        }
        try {
            long running = client.batch().v1().jobs().inAnyNamespace().withLabelSelector(DiscoveryJobs.SELECTOR).list()
                    .getItems().stream().filter(j -> !DiscoveryJobs.finished(j)).count();
            if (running >= LIMIT) {
                LOG.debugf("%d discovery jobs running; %s waits", running, job.getMetadata().getName());
                return false;
            }
            applier.apply(job);
            return true;
        } finally {
            release(ns);
        }
    }

    private boolean acquire(String ns) {
        Instant deadline = clock.instant().plus(ACQUIRE_FOR);
        while (true) {
            try {
                Lease lease = client.leases().inNamespace(ns).withName(LEASE).get();
                ZonedDateTime now = ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
                if (lease == null) {
                    client.leases().inNamespace(ns).resource(new LeaseBuilder().withNewMetadata().withName(LEASE)
                            .withNamespace(ns).endMetadata().withNewSpec().withHolderIdentity(IDENTITY)
                            .withLeaseDurationSeconds(LEASE_SECONDS).withAcquireTime(now).withRenewTime(now).endSpec()
                            .build()).create();
                    return true;
                }
                if (free(lease, now)) {
                    lease.getSpec().setHolderIdentity(IDENTITY);
                    lease.getSpec().setLeaseDurationSeconds(LEASE_SECONDS);
                    lease.getSpec().setAcquireTime(now);
                    lease.getSpec().setRenewTime(now);
                    client.leases().inNamespace(ns).resource(lease).update();
                    return true;
                }
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    LOG.debugf("cannot take the discovery lock: %s", e.getMessage());
                    return false;
                }
            }
            if (clock.instant().isAfter(deadline)) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** Free: nobody holds it, or the holder's lease has run out (or it is ours). */
    static boolean free(Lease lease, ZonedDateTime now) {
        var spec = lease.getSpec();
        if (spec == null || spec.getHolderIdentity() == null || spec.getHolderIdentity().isEmpty()
                || IDENTITY.equals(spec.getHolderIdentity()) || spec.getRenewTime() == null) {
            return true;
        }
        int seconds = spec.getLeaseDurationSeconds() == null ? LEASE_SECONDS : spec.getLeaseDurationSeconds();
        return spec.getRenewTime().plusSeconds(seconds).isBefore(now);
    }

    private void release(String ns) {
        try {
            Lease lease = client.leases().inNamespace(ns).withName(LEASE).get();
            if (lease != null && lease.getSpec() != null && IDENTITY.equals(lease.getSpec().getHolderIdentity())) {
                lease.getSpec().setHolderIdentity(null);
                lease.getSpec().setRenewTime(null);
                client.leases().inNamespace(ns).resource(lease).update();
            }
        } catch (KubernetesClientException e) {
            // an unreleased lease runs out by itself
            LOG.debugf("cannot release the discovery lock: %s", e.getMessage());
        }
    }
}
