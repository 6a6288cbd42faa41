package io.homeostat.sim;

/**
 * The documented, seeded rule that gives trace records without a tenant or bid one ("seeded-4"):
 * four tenants with shares 40 / 30 / 20 / 10 % and bids 1 / 2 / 3 / 4 (the smaller the tenant,
 * the more it bids), drawn per record from a uniform number that depends only on the seed and the
 * record's index (a SplitMix64 hash), so the assignment does not depend on order, speed or policy.
 * A record that carries a tenant keeps it (bid 1 if it has none); one that carries a bid keeps it.
 */
public final class TenantAssignment {
    static final String[] TENANTS = {"tenant-a", "tenant-b", "tenant-c", "tenant-d"};
    static final double[] CUMULATIVE_SHARE = {0.4, 0.7, 0.9, 1.0};
    static final double[] BIDS = {1, 2, 3, 4};
    private final long seed;

    public TenantAssignment(long seed) {
        this.seed = seed;
    }

    /** The tenant slot (0..3) of record {@code index}. */
    int slot(long index) {
        double u = (mix(seed ^ (index * 0x9E3779B97F4A7C15L)) >>> 11) * 0x1.0p-53;
        for (int k = 0; k < CUMULATIVE_SHARE.length; k++) {
            if (u < CUMULATIVE_SHARE[k]) {
                return k;
            }
        }
        return CUMULATIVE_SHARE.length - 1;
    }

    public String tenant(long index, String given) {
        return given != null ? given : TENANTS[slot(index)];
    }

    public double bid(long index, String givenTenant, double givenBid) {
        if (!Double.isNaN(givenBid)) {
            return givenBid;
        }
        return givenTenant != null ? 1.0 : BIDS[slot(index)];
    }

    /** SplitMix64's finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
