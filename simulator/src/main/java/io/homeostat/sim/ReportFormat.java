package io.homeostat.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Locale;
import java.util.Map;

/** A {@link SimulationReport} as a table for people or JSON for machines. */
public final class ReportFormat {
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private ReportFormat() {
    }

    public static String json(SimulationReport r) {
        try {
            return JSON.writeValueAsString(r);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Plain text: a header with the settings, one row per policy, then max wait per tenant. */
    public static String table(SimulationReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "trace %s (%s): %d requests%s, speed %sx, span %.1f s, %.2f req/s%n",
            r.trace(), r.format(), r.requests(), r.skipped() > 0 ? " (" + r.skipped() + " malformed lines skipped)" : "",
            num(r.speed()), r.spanS(), r.meanRatePerS()));
        SimulatorConfig c = r.config();
        sb.append(String.format(Locale.ROOT, "service %s; SLO %s ms; batch <= %d requests, <= %d tokens; tick %s ms; seed %d%n",
            c.service(), num(c.sloMs()), r.maxBatch(), r.maxTokens(), num(c.tickMs()), c.seed()));
        sb.append(String.format(Locale.ROOT, "%-8s %7s %6s %6s %9s %9s %9s %7s %8s %7s %6s %6s %6s %6s%n", "policy",
            "served", "rejct", "expir", "p50_ms", "p95_ms", "p99_ms", "slo_%", "thru_r/s", "mean_B", "jain", "busy%", "H",
            "w_ms"));
        for (PolicyResult p : r.results()) {
            sb.append(String.format(Locale.ROOT,
                "%-8s %7d %6d %6d %9.1f %9.1f %9.1f %7.2f %8.2f %7.2f %6.3f %6.1f %6.2f %6.1f%n",
                p.policy(), p.served(), p.rejected(), p.expired(), p.p50Ms(), p.p95Ms(), p.p99Ms(),
                100 * p.sloAttainment(), p.throughputPerS(), p.meanBatchSize(), p.jain(), 100 * p.workerBusy(),
                p.meanEntropyBits(), p.meanWindowMs()));
        }
        sb.append("max queue wait per tenant (ms):\n");
        for (PolicyResult p : r.results()) {
            sb.append(String.format(Locale.ROOT, "  %-8s", p.policy()));
            for (Map.Entry<String, Double> e : p.maxWaitMsByTenant().entrySet()) {
                sb.append(String.format(Locale.ROOT, " %s %.1f", e.getKey(), e.getValue()));
            }
            sb.append(String.format(Locale.ROOT, "   (simulated in %.0f ms)%n", p.wallMs()));
        }
        return sb.toString();
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
