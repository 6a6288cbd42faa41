package io.homeostat.core.control;

/**
 * Arrival rate as an exponentially time-decayed count.
 *
 * <p>Why not the seed's EMA of {@code 1 / gap}: for Poisson arrivals {@code E[1/gap]} is infinite,
 * so that estimate is ruled by the shortest gaps and overshoots without bound (DESIGN.md section 3).
 * A decayed count {@code c(t) = sum exp(-(t - t_i) / T)} has {@code E[c] = lambda T (1 - e^{-E/T})}
 * after observing for {@code E}; dividing by {@code T (1 - e^{-E/T})} makes it unbiased from the
 * first arrival on, and its relative noise at steady state is about {@code 1 / sqrt(2 lambda T)}.
 * {@code E} is floored (default 1 s) so a first burst of k arrivals reads as about k per second.
 */
public final class DecayedRate {
    private final double tauNs;
    private final long minObservationNs;
    private double count;
    private long lastNs;
    private long firstNs;
    private boolean started;

    public DecayedRate(double timeConstantNs, long minObservationNs) {
        if (!(timeConstantNs > 0) || minObservationNs <= 0) {
            throw new IllegalArgumentException("time constant and min observation must be positive");
        }
        this.tauNs = timeConstantNs;
        this.minObservationNs = minObservationNs;
    }

    /** Counts one event at {@code tNs} (an event older than the last one is decayed accordingly). */
    public void record(long tNs) {
        if (!started) {
            started = true;
            firstNs = tNs;
            lastNs = tNs;
            count = 1;
        } else if (tNs >= lastNs) {
            count = count * Math.exp(-(tNs - lastNs) / tauNs) + 1;
            lastNs = tNs;
        } else {
            count += Math.exp(-(lastNs - tNs) / tauNs);
            firstNs = Math.min(firstNs, tNs);
        }
    }

    /** Events per second at {@code nowNs}; 0 before the first event. */
    public double perSecond(long nowNs) {
        if (!started) {
            return 0;
        }
        double c = nowNs > lastNs ? count * Math.exp(-(nowNs - lastNs) / tauNs) : count;
        long observed = Math.max(nowNs - firstNs, minObservationNs);
        double window = tauNs * -Math.expm1(-observed / tauNs);
        return c / window * 1e9;
    }

    State exportState() {
        return new State(count, lastNs, firstNs, started);
    }

    void restore(State s) {
        count = s.count();
        lastNs = s.lastNs();
        firstNs = s.firstNs();
        started = s.started();
    }

    /** Persisted form. */
    public record State(double count, long lastNs, long firstNs, boolean started) {
    }
}
