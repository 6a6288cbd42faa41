package io.homeostat.cli;

import io.homeostat.avro.StabilityMetrics;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * The demo's live line on stderr, from what a client can see — the requests it sent, the results
 * and the scheduler's metrics on their topics:
 * {@code in 812  out 790  queue 14  H 3.12 bits  w 26.7 ms  rho 0.41  B 7.9  p99 412 ms}.
 * Redrawn in place on a terminal; elsewhere one line every 5 s.
 */
final class StatusLine implements AutoCloseable {
    private final PrintWriter err;
    private final ResultsTracker tracker;
    private final IntSupplier sent;
    private final boolean terminal = System.console() != null;
    private final Thread thread;
    private volatile boolean closed;

    StatusLine(PrintWriter err, ResultsTracker tracker, IntSupplier sent) {
        this.err = err;
        this.tracker = tracker;
        this.sent = sent;
        this.thread = new Thread(this::loop, "homeostat-status");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    String line() {
        StabilityMetrics m = tracker.lastMetrics();
        double p99 = tracker.latencyMs(0.99);
        String metrics = m == null ? "  (waiting for the first metrics)"
            : String.format(Locale.ROOT, "  queue %d  H %.2f bits  w %.1f ms  rho %.2f  B %.1f", m.getQueueDepth(),
                m.getEntropyBits(), m.getAdaptiveWindowMs(), m.getQueueingRho(), m.getMeanBatchSize());
        return String.format(Locale.ROOT, "in %d  out %d%s  p99 %s ms", sent.getAsInt(), tracker.answeredCount(), metrics,
            Double.isNaN(p99) ? "-" : String.format(Locale.ROOT, "%.0f", p99));
    }

    private void loop() {
        long every = terminal ? 250 : 5_000;
        while (!closed) {
            try {
                Thread.sleep(every);
            } catch (InterruptedException e) {
                return;
            }
            if (closed) {
                return;
            }
            draw();
        }
    }

    private synchronized void draw() {
        if (terminal) {
            err.print("\r" + line() + "\u001b[K");
        } else {
            err.println(line());
        }
        err.flush();
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (terminal) {
                err.print("\r" + line() + "\u001b[K\n");
            } else {
                err.println(line());
            }
            err.flush();
        }
    }
}
