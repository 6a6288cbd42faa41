package io.homeostat.bench.core;

import io.homeostat.core.entropy.EntropyConfig;
import io.homeostat.core.entropy.EntropySensor;
import io.homeostat.core.policy.BatchPolicies;
import io.homeostat.sim.PolicyResult;
import io.homeostat.sim.ReportFormat;
import io.homeostat.sim.SimulationReport;
import io.homeostat.sim.Simulator;
import io.homeostat.sim.trace.Trace;
import io.homeostat.sim.trace.TraceFormat;
import io.homeostat.sim.trace.TraceRecord;
import io.homeostat.sim.trace.Traces;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tables of docs/policies.md: every registered policy over a trace at several speeds, through
 * {@link Simulator#run} (the same core classes the Streams application runs), printed as Markdown.
 *
 * <pre>
 *   trace ─► for speed k: H range of the sped-up arrivals (EntropySensor, n = 50, 1 ms bins)
 *                         Simulator.run(trace, all policies, sim.speed = k, --set overrides)
 *                         ─► one Markdown table (+ the simulator's own plain-text table on stderr)
 * </pre>
 *
 * <p>{@code java -cp "$CP" io.homeostat.bench.core.PolicyTable TRACE FORMAT SPEEDS [key=value ...]}, e.g.
 * {@code ../shared/traces/AzureLLMInferenceTrace_code.csv azure 1,10,100}.
 */
public final class PolicyTable {
    private PolicyTable() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: PolicyTable TRACE azure|mooncake|jsonl SPEED[,SPEED...] [key=value ...]");
            System.exit(2);
        }
        Path path = Path.of(args[0]);
        Trace trace = Traces.load(path, TraceFormat.parse(args[1]));
        Map<String, String> settings = new HashMap<>();
        for (int i = 3; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("expected key=value, got '" + args[i] + "'");
            }
            settings.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        List<String> policies = BatchPolicies.names();
        for (String speed : args[2].split(",")) {
            Map<String, String> s = new HashMap<>(settings);
            s.put("sim.speed", speed);
            SimulationReport r = Simulator.run(trace, policies, s);
            System.err.println(ReportFormat.table(r));
            System.out.println(markdown(r, entropyRange(trace.sortedByArrival(), Double.parseDouble(speed))));
        }
    }

    /** min, median, max of H over the full windows of the arrivals sped up by {@code speed}. */
    static double[] entropyRange(List<TraceRecord> sorted, double speed) {
        EntropySensor sensor = new EntropySensor(EntropyConfig.defaults());
        double[] h = new double[Math.max(0, sorted.size())];
        int n = 0;
        long first = sorted.isEmpty() ? 0 : sorted.get(0).arrivalNs();
        for (TraceRecord rec : sorted) {
            sensor.record(Math.round((rec.arrivalNs() - first) / speed));
            if (sensor.isFull()) {
                h[n++] = sensor.entropyBits();
            }
        }
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
        double[] sortedH = Arrays.copyOf(h, n);
        Arrays.sort(sortedH);
        return new double[] {sortedH[0], sortedH[n / 2], sortedH[n - 1]};
    }

    static String markdown(SimulationReport r, double[] h) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "#### %s, speed %s× (%d requests, %.2f req/s, H %.2f–%.2f bits, median %.2f)%n%n",
            r.trace(), num(r.speed()), r.requests(), r.meanRatePerS(), h[0], h[2], h[1]));
        sb.append("| policy | served | rejected | p50 ms | p95 ms | p99 ms | SLO % | req/s | mean B | Jain | worker busy % "
            + "| mean w ms | max wait ms a / b / c / d |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (PolicyResult p : r.results()) {
            StringBuilder waits = new StringBuilder();
            for (double w : p.maxWaitMsByTenant().values()) {
                waits.append(waits.length() == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%.0f", w));
            }
            sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %.1f | %.1f | %.2f | %.3f | %.2f | %.3f | %.1f | %.1f | %s |%n",
                p.policy(), p.served(), p.rejected() + p.expired(), p.p50Ms(), p.p95Ms(), p.p99Ms(),
                100 * p.sloAttainment(), p.throughputPerS(), p.meanBatchSize(), p.jain(), 100 * p.workerBusy(),
                p.meanWindowMs(), waits));
        }
        return sb.toString();
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
