package dev.aimengine.operator.common.reconcile;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZonedDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When a leader considers its Lease lost (and exits to restart as a follower). */
class LeaderElectionTest {
    static final ZonedDateTime NOW = ZonedDateTime.parse("2026-01-01T00:00:00Z");
    static final Duration LEASE = Duration.ofSeconds(15);

    static Lease lease(String holder, ZonedDateTime renewed) {
        return new LeaseBuilder().withNewMetadata().withName("l").endMetadata().withNewSpec()
                .withHolderIdentity(holder).withRenewTime(renewed).endSpec().build();
    }

    @Test
    void aFreshlyRenewedLeaseOfOurOwnIsKept() {
        assertNull(LeaderElection.lost(lease("me", NOW.minusSeconds(3)), "me", LEASE, NOW));
    }

    @Test
    void anotherHolderAStaleRenewalOrNoLeaseMeanLost() {
        assertEquals("the Lease is held by other", LeaderElection.lost(lease("other", NOW), "me", LEASE, NOW));
        assertTrue(LeaderElection.lost(lease("me", NOW.minusSeconds(20)), "me", LEASE, NOW).contains("15 s ago"));
        assertEquals("the Lease is gone", LeaderElection.lost(null, "me", LEASE, NOW));
    }

    @Test
    void twoOperatorsOnOneHostGetDifferentIdentities() {
        if (System.getenv("POD_NAME") == null) {
            assertTrue(!LeaderElection.identity().equals(LeaderElection.identity()));
        }
    }
}
