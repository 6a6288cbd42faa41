package io.homeostat.worker;

import io.homeostat.avro.WorkerMetrics;
import io.homeostat.engine.exec.ExecutionStats;
import io.homeostat.engine.kv.PoolStats;
import java.util.Arrays;

/** Accumulates one metrics interval of the worker's own figures (tokens/s, batch latency percentiles). */
final class WorkerMetricsWindow {
    private final String workerId;
    private long startUs;
    private long batches;
    private long requests;
    private long prefillTokens;
    private long decodeTokens;
    private long prefillNanos;
    private long decodeNanos;
    private long failedBatches;
    private double[] latencies = new double[64];
    private int n;

    WorkerMetricsWindow(String workerId, long nowUs) {
        this.workerId = workerId;
        this.startUs = nowUs;
    }

    void record(int size, ExecutionStats stats, double serviceMs, boolean failed) {
        batches++;
        requests += size;
        if (failed) {
            failedBatches++;
        } else {
            prefillTokens += stats.prefillTokens();
            decodeTokens += stats.decodeTokens();
            prefillNanos += stats.prefillNanos();
            decodeNanos += stats.decodeNanos();
        }
        if (n == latencies.length) {
            latencies = Arrays.copyOf(latencies, n * 2);
        }
        latencies[n++] = serviceMs;
    }

    boolean due(long nowUs, long intervalMs) {
        return nowUs - startUs >= intervalMs * 1000;
    }

    /** The interval's record; resets the window. */
    WorkerMetrics drain(long nowUs, String executor, String device, long retries, PoolStats pool) {
        double[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        WorkerMetrics m = WorkerMetrics.newBuilder()
                .setWorkerId(workerId).setTimestampUs(nowUs).setIntervalMs((nowUs - startUs) / 1000)
                .setExecutor(executor).setDevice(device).setBatches(batches).setRequests(requests)
                .setPrefillTokensPerS(rate(prefillTokens, prefillNanos)).setDecodeTokensPerS(rate(decodeTokens, decodeNanos))
                .setBatchLatencyP50Ms(percentile(sorted, 0.50)).setBatchLatencyP99Ms(percentile(sorted, 0.99))
                .setRetries(retries).setFailedBatches(failedBatches)
                .setPoolState(ResultAssembler.poolState(pool))
                .build();
        startUs = nowUs;
        batches = requests = prefillTokens = decodeTokens = prefillNanos = decodeNanos = failedBatches = 0;
        n = 0;
        return m;
    }

    private static double rate(long tokens, long nanos) {
        return nanos == 0 ? 0.0 : tokens / (nanos / 1e9);
    }

    static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return 0.0;
        }
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
