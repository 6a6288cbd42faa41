package io.homeostat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What a report is drawn from: the results, batches and stability metrics of a run, each read from
 * the JSON form of its Avro record (the lines {@code consume} prints, or records read straight
 * from the topics through {@link AvroJson}), so a report from files and one from topics are the
 * same computation.
 */
public final class ReportData {
    /** One answered request. */
    public record Result(String id, String tenant, String status, double endToEndMs, double queuedMs, double serviceMs,
                         int batchSize, long clientUs, String executor, String device) {
    }

    /** One cut batch. */
    public record BatchRow(long cutUs, int size, String policy, double windowMs, double entropyBits) {
    }

    /** One request's queue wait inside a batch, with its bid. */
    public record Wait(String tenant, double bid, double waitMs, long cutUs) {
    }

    /** One StabilityMetrics snapshot. */
    public record Metrics(long timestampUs, String pool, double entropyBits, double windowMs, double rho, int freeBlocks,
                          int queueDepth, double meanBatchSize, double lambdaPerS, String regime) {
    }

    final List<Result> results = new ArrayList<>();
    final List<BatchRow> batches = new ArrayList<>();
    final List<Wait> waits = new ArrayList<>();
    final List<Metrics> metrics = new ArrayList<>();
    private final Predicate<String> requestFilter;
    private final long metricsFromUs;

    /** Everything. */
    public ReportData() {
        this(id -> true, Long.MIN_VALUE);
    }

    /** Only requests {@code requestFilter} accepts (and batches holding them), metrics from {@code metricsFromUs}. */
    public ReportData(Predicate<String> requestFilter, long metricsFromUs) {
        this.requestFilter = requestFilter;
        this.metricsFromUs = metricsFromUs;
    }

    public void addResult(JsonNode r) {
        if (!requestFilter.test(r.path("request_id").asText())) {
            return;
        }
        JsonNode t = r.path("timing");
        results.add(new Result(r.path("request_id").asText(), r.path("tenant").asText(), r.path("status").asText(),
            t.path("end_to_end_ms").asDouble(), t.path("queued_ms").asDouble(), t.path("service_ms").asDouble(),
            r.path("batch_size").asInt(), t.path("client_us").asLong(), r.path("executor").asText(), r.path("device").asText()));
    }

    public void addBatch(JsonNode b) {
        List<Wait> mine = new ArrayList<>();
        long cut = b.path("cut_us").asLong();
        for (JsonNode br : b.path("requests")) {
            JsonNode req = br.path("request");
            if (requestFilter.test(req.path("request_id").asText())) {
                mine.add(new Wait(req.path("tenant").asText(), req.path("priority_bid").asDouble(), br.path("wait_us").asLong() / 1e3, cut));
            }
        }
        if (mine.isEmpty()) {
            return;
        }
        waits.addAll(mine);
        batches.add(new BatchRow(cut, b.path("requests").size(), b.path("policy").asText(), b.path("window_ms").asDouble(),
            b.path("entropy_bits").asDouble()));
    }

    public void addMetrics(JsonNode m) {
        long ts = m.path("timestamp_us").asLong();
        if (ts < metricsFromUs) {
            return;
        }
        metrics.add(new Metrics(ts, m.path("pool").asText(), m.path("entropy_bits").asDouble(),
            m.path("adaptive_window_ms").asDouble(), m.path("queueing_rho").asDouble(), m.path("free_blocks").asInt(),
            m.path("queue_depth").asInt(), m.path("mean_batch_size").asDouble(), m.path("queueing_lambda").asDouble(),
            m.path("regime").asText()));
    }

    public int resultCount() {
        return results.size();
    }

    /** The earliest time in the data, epoch us: the origin of the time axes. */
    long originUs() {
        long t = Long.MAX_VALUE;
        for (Result r : results) {
            t = Math.min(t, r.clientUs());
        }
        for (Metrics m : metrics) {
            t = Math.min(t, m.timestampUs());
        }
        for (BatchRow b : batches) {
            t = Math.min(t, b.cutUs());
        }
        return t == Long.MAX_VALUE ? 0 : t;
    }

    /** Results by status. */
    Map<String, Long> statusCounts() {
        Map<String, Long> m = new TreeMap<>();
        for (Result r : results) {
            m.merge(r.status(), 1L, Long::sum);
        }
        return m;
    }

    /** Sorted end-to-end latencies of OK results, optionally of one tenant (null: all). */
    double[] latencies(String tenant) {
        return results.stream().filter(r -> r.status().equals("OK") && (tenant == null || tenant.equals(r.tenant())))
            .mapToDouble(Result::endToEndMs).sorted().toArray();
    }

    java.util.SortedSet<String> tenants() {
        java.util.SortedSet<String> s = new java.util.TreeSet<>();
        results.forEach(r -> s.add(r.tenant()));
        return s;
    }

    /** The q-quantile (nearest rank) of sorted {@code xs}; NaN when empty. */
    static double quantile(double[] xs, double q) {
        if (xs.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.min(xs.length - 1, Math.max(0, Math.ceil(q * xs.length) - 1));
        return xs[i];
    }

    static double mean(double[] xs) {
        return xs.length == 0 ? Double.NaN : Arrays.stream(xs).average().orElse(Double.NaN);
    }
}
