package io.homeostat.core.fairness;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Per-tenant service and demand over a metrics interval, for Jain's index (DESIGN.md section 3).
 *
 * <p>A tenant's demand in an interval is what it had queued at the start plus what it queued
 * during the interval; its service is what was dispatched. {@code x = service / demand} lies in
 * [0, 1] and does not reward a tenant for simply sending more. Tenants without demand in the
 * interval are not counted. Queued counts are not persisted: after a restore they are rebuilt
 * from the queue's entries ({@link #onQueued}), and the interval restarts.
 */
public final class FairnessLedger {
    private static final class Tenant {
        long pending;
        long demand;
        long served;
        long maxWaitNs;
    }

    private final Map<String, Tenant> tenants = new HashMap<>();
    private double[] scratch = new double[8];

    /** A request of {@code tenant} entered the queue. */
    public void onQueued(String tenant) {
        Tenant t = tenants.computeIfAbsent(tenant, k -> new Tenant());
        t.pending++;
        t.demand++;
    }

    /** A request of {@code tenant} was dispatched after waiting {@code waitNs}. */
    public void onDispatched(String tenant, long waitNs) {
        Tenant t = tenant(tenant);
        t.pending--;
        t.served++;
        t.maxWaitNs = Math.max(t.maxWaitNs, waitNs);
    }

    /** A queued request of {@code tenant} left without service (shed or expired). */
    public void onDropped(String tenant) {
        tenant(tenant).pending--;
    }

    /** Jain's index over tenants with demand in the interval so far. */
    public double currentIndex() {
        int n = 0;
        if (scratch.length < tenants.size()) {
            scratch = new double[Math.max(tenants.size(), scratch.length * 2)];
        }
        for (Tenant t : tenants.values()) {
            if (t.demand > 0) {
                scratch[n++] = Math.min(1.0, t.served / (double) t.demand);
            }
        }
        return JainFairness.index(scratch, n);
    }

    /** Longest wait of a request dispatched for {@code tenant} in this interval, ns (0 if none). */
    public long maxWaitNs(String tenant) {
        Tenant t = tenants.get(tenant);
        return t == null ? 0 : t.maxWaitNs;
    }

    /** Requests of {@code tenant} queued now. */
    public long pending(String tenant) {
        Tenant t = tenants.get(tenant);
        return t == null ? 0 : t.pending;
    }

    /** Tenants known to the ledger (with queued requests or activity this interval). */
    public int tenants() {
        return tenants.size();
    }

    /** Returns the interval's index and starts the next interval (demand = what is still queued). */
    public double closeInterval() {
        double j = currentIndex();
        for (Iterator<Tenant> it = tenants.values().iterator(); it.hasNext(); ) {
            Tenant t = it.next();
            if (t.pending <= 0) {
                it.remove();
            } else {
                t.demand = t.pending;
                t.served = 0;
                t.maxWaitNs = 0;
            }
        }
        return j;
    }

    private Tenant tenant(String tenant) {
        Tenant t = tenants.get(tenant);
        if (t == null) {
            throw new IllegalStateException("tenant " + tenant + " has nothing queued");
        }
        return t;
    }
}
