package io.homeostat.sim;

import io.homeostat.core.control.CompletionReport;
import io.homeostat.core.scheduler.ScheduledBatch;
import java.util.ArrayDeque;

/**
 * One pool's worker in virtual time: runs batches one at a time in the order they were cut (as
 * the worker consuming the pool's batches partition does), each for {@code S(B, tokens)}. Its KV
 * pool holds the running batch's blocks and nothing else: after a batch, every block is free
 * (no prefix cache is simulated).
 */
final class SimulatedWorker {
    private final ServiceModel model;
    private final int totalBlocks;
    private final ArrayDeque<ScheduledBatch<Integer>> waiting = new ArrayDeque<>();
    private ScheduledBatch<Integer> running;
    private long startNs;
    private long doneNs = Long.MAX_VALUE;
    private long busyNs;

    SimulatedWorker(ServiceModel model, int totalBlocks) {
        this.model = model;
        this.totalBlocks = totalBlocks;
    }

    void submit(ScheduledBatch<Integer> b, long nowNs) {
        waiting.add(b);
        if (running == null) {
            startNext(nowNs);
        }
    }

    /** When the running batch finishes, or {@link Long#MAX_VALUE} when idle. */
    long doneNs() {
        return doneNs;
    }

    boolean idle() {
        return running == null && waiting.isEmpty();
    }

    /** Virtual time spent executing batches so far. */
    long busyNs() {
        return busyNs;
    }

    ScheduledBatch<Integer> running() {
        return running;
    }

    long startNs() {
        return startNs;
    }

    /** Finishes the running batch at {@link #doneNs()}, starts the next, returns the report. */
    CompletionReport complete() {
        ScheduledBatch<Integer> b = running;
        long service = doneNs - startNs;
        long now = doneNs;
        busyNs += service;
        running = null;
        doneNs = Long.MAX_VALUE;
        startNext(now);
        return new CompletionReport(b.sequence(), b.size(), service, b.blocks(), totalBlocks, 0, totalBlocks);
    }

    private void startNext(long nowNs) {
        ScheduledBatch<Integer> b = waiting.poll();
        if (b != null) {
            running = b;
            startNs = nowNs;
            doneNs = nowNs + model.serviceNs(b.size(), b.tokens());
        }
    }
}
