package io.homeostat.core.entropy;

/**
 * The traffic regime read from the inter-arrival entropy H (DESIGN.md section 3, seed thresholds):
 * low H means regular arrivals, high H means gaps spread over many bins, i.e. bursts and lulls.
 */
public enum Regime {
    /** H below the stable threshold (default 1.5 bits). */
    STABLE,
    /** H between the thresholds, both ends included. */
    TRANSITION,
    /** H above the burst threshold (default 2.5 bits). */
    CRITICAL_BURST;

    /** The regime of {@code h} under {@code cfg}'s thresholds. */
    public static Regime of(double h, EntropyConfig cfg) {
        if (h < cfg.stableBelowBits()) {
            return STABLE;
        }
        return h > cfg.burstAboveBits() ? CRITICAL_BURST : TRANSITION;
    }
}
