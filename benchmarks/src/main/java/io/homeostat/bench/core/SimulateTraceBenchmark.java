package io.homeostat.bench.core;

import io.homeostat.core.policy.BatchPolicies;
import io.homeostat.sim.PolicyResult;
import io.homeostat.sim.SimulationReport;
import io.homeostat.sim.Simulator;
import io.homeostat.sim.trace.Trace;
import io.homeostat.sim.trace.TraceFormat;
import io.homeostat.sim.trace.Traces;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Wall time of simulating a whole trace through all four policies (issue 3 goal: seconds, not
 * minutes), the way {@code ./homeostat simulate --policy all} does it: {@link Simulator#run}, one
 * thread per policy up to the core count.
 *
 * <pre>
 *   load trace (timed apart) ─► [run 1 .. warm-up + runs] Simulator.run(trace, all policies) ─► wall ms
 * </pre>
 *
 * A plain timed loop, not JMH: one run takes seconds, so the first (cold JIT) run is reported on its own
 * and then each of the following runs; the JIT-warm figure is what a long-lived process pays, the cold
 * one what a single command-line call pays (plus JVM start).
 *
 * <p>{@code java -cp "$CP" io.homeostat.bench.core.SimulateTraceBenchmark [trace] [format] [speed] [runs]},
 * defaults: {@code ../shared/traces/AzureLLMInferenceTrace_code.csv azure 1 5}.
 */
public final class SimulateTraceBenchmark {
    private SimulateTraceBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path trace = Path.of(args.length > 0 ? args[0] : "../shared/traces/AzureLLMInferenceTrace_code.csv");
        TraceFormat format = TraceFormat.parse(args.length > 1 ? args[1] : "azure");
        String speed = args.length > 2 ? args[2] : "1";
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        long t0 = System.nanoTime();
        Trace t = Traces.load(trace, format);
        System.out.printf(Locale.ROOT, "loaded %d records from %s in %.0f ms%n", t.records().size(), trace,
            (System.nanoTime() - t0) / 1e6);
        List<String> policies = BatchPolicies.names();
        for (int r = 0; r <= runs; r++) {
            long s = System.nanoTime();
            SimulationReport rep = Simulator.run(t, policies, Map.of("sim.speed", speed));
            double ms = (System.nanoTime() - s) / 1e6;
            StringBuilder per = new StringBuilder();
            for (PolicyResult p : rep.results()) {
                per.append(String.format(Locale.ROOT, " %s %.0f ms", p.policy(), p.wallMs()));
            }
            System.out.printf(Locale.ROOT, "%s: all %d policies in %.0f ms (each:%s)%n", r == 0 ? "cold run" : "run " + r,
                policies.size(), ms, per);
        }
    }
}
