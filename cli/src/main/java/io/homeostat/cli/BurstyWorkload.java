package io.homeostat.cli;

import io.homeostat.sim.trace.TraceRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The demo's built-in workload: 30 s of traffic whose regime changes every few seconds, so the
 * entropy sensor, the adaptive window and the queue all have something to react to. Deterministic:
 * the same seed gives the same arrivals and sizes. Token counts are already in model units (no
 * trace mapping); tenants and bids come from the simulator's seeded rule when replayed.
 *
 * <pre>
 *   phase   0-8 s    8-10 s   10-16 s      16-18 s   18-26 s   26-30 s
 *   kind    Poisson  burst    periodic     burst     quiet     Poisson
 *   rate    30/s     250/s    20/s (50 ms) 250/s     10/s      60/s
 *   ≈ 1,700 requests; prompts 8..100 tokens (median ~40), outputs 1..12 tokens
 * </pre>
 */
final class BurstyWorkload {
    /** One phase: its length, its rate, and whether gaps are exact (periodic) or exponential (Poisson). */
    record Phase(double seconds, double ratePerS, boolean periodic) {
    }

    static final List<Phase> PHASES = List.of(new Phase(8, 30, false), new Phase(2, 250, false), new Phase(6, 20, true),
        new Phase(2, 250, false), new Phase(8, 10, false), new Phase(4, 60, false));

    private BurstyWorkload() {
    }

    static List<TraceRecord> generate(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<TraceRecord> out = new ArrayList<>();
        double phaseStart = 0;
        for (Phase p : PHASES) {
            double t = phaseStart;
            double end = phaseStart + p.seconds();
            while (true) {
                t += p.periodic() ? 1 / p.ratePerS() : -Math.log(1 - rnd.nextDouble()) / p.ratePerS();
                if (t >= end) {
                    break;
                }
                int prompt = (int) Math.max(8, Math.min(100, Math.round(Math.exp(Math.log(40) + 0.5 * gaussian(rnd)))));
                int output = 1;
                while (output < 12 && rnd.nextDouble() < 0.6) {
                    output++;
                }
                long index = out.size();
                out.add(TraceRecord.basic(index, index + 1, Math.round(t * 1e9), prompt, output));
            }
            phaseStart = end;
        }
        return out;
    }

    private static double gaussian(SplittableRandom rnd) {
        double u = 1 - rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    static double spanSeconds() {
        return PHASES.stream().mapToDouble(Phase::seconds).sum();
    }
}
