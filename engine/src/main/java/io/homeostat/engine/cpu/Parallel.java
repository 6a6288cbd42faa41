package io.homeostat.engine.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;

/**
 * A fixed pool of compute threads and one primitive: split {@code [0, n)} into contiguous chunks and run
 * them in parallel. Work smaller than {@code grain} runs on the caller's thread, so tiny steps pay no
 * hand-off cost.
 */
public final class Parallel implements AutoCloseable {
    /** A body over a half-open range. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private final ForkJoinPool pool;
    private final int threads;

    public Parallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : new ForkJoinPool(threads, p -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName("homeostat-cpu-" + t.getPoolIndex());
            t.setDaemon(true);
            return t;
        }, null, false);
    }

    public int threads() {
        return threads;
    }

    /** Runs {@code body} over {@code [0, n)} in about {@code threads} chunks of at least {@code grain}. */
    public void forRange(int n, int grain, RangeBody body) {
        if (pool == null || n <= grain) {
            body.run(0, n);
            return;
        }
        int chunks = Math.min(threads * 2, Math.max(1, n / Math.max(1, grain)));
        if (chunks <= 1) {
            body.run(0, n);
            return;
        }
        pool.invoke(new Chunk(body, 0, n, (n + chunks - 1) / chunks));
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private static final class Chunk extends RecursiveAction {
        private static final long serialVersionUID = 1L;
        private final transient RangeBody body;
        private final int from;
        private final int to;
        private final int size;

        Chunk(RangeBody body, int from, int to, int size) {
            this.body = body;
            this.from = from;
            this.to = to;
            this.size = size;
        }

        @Override
        protected void compute() {
            if (to - from <= size) {
                body.run(from, to);
                return;
            }
            int mid = from + ((to - from) / size / 2) * size;
            if (mid == from) {
                mid = from + size;
            }
            invokeAll(new Chunk(body, from, mid, size), new Chunk(body, mid, to, size));
        }
    }
}
