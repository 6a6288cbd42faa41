package io.homeostat.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A progress bar on stderr: {@code [=====>    ] 1234/2000  62%  117 req/s  ETA 0:07  lag p99 3.2 ms}.
 * Redrawn in place on a terminal; elsewhere (a pipe, CI, a test) one line every few seconds.
 */
final class Progress {
    private static final int WIDTH = 28;
    private final PrintWriter err;
    private final String label;
    private final long total;
    private final boolean terminal;
    private final long startNs = System.nanoTime();
    private final long everyNs;
    private long lastDrawNs;

    Progress(PrintWriter err, String label, long total, boolean enabled) {
        this.err = enabled ? err : null;
        this.label = label;
        this.total = total;
        this.terminal = System.console() != null;
        this.everyNs = terminal ? 200_000_000L : 5_000_000_000L;
    }

    /** Redraws when due; {@code extra} is appended (e.g. the lag). */
    void update(long done, double remainingS, String extra) {
        long now = System.nanoTime();
        if (err == null || now - lastDrawNs < everyNs) {
            return;
        }
        lastDrawNs = now;
        draw(done, remainingS, extra, now);
    }

    /** The final state, always drawn, then a newline on a terminal. */
    void finish(long done, String extra) {
        if (err == null) {
            return;
        }
        draw(done, 0, extra, System.nanoTime());
        if (terminal) {
            err.println();
        }
        err.flush();
    }

    private void draw(long done, double remainingS, String extra, long now) {
        double elapsedS = (now - startNs) / 1e9;
        double rate = elapsedS > 0 ? done / elapsedS : 0;
        double frac = total == 0 ? 1 : Math.min(1, done / (double) total);
        int filled = (int) Math.round(frac * WIDTH);
        StringBuilder bar = new StringBuilder(WIDTH);
        for (int i = 0; i < WIDTH; i++) {
            bar.append(i < filled ? '=' : i == filled ? '>' : ' ');
        }
        String line = String.format(Locale.ROOT, "%s [%s] %d/%d %3.0f%%  %.1f req/s  ETA %s%s", label, bar, done, total,
            100 * frac, rate, clock(remainingS), extra == null ? "" : "  " + extra);
        if (terminal) {
            err.print("\r" + line + "\u001b[K");
        } else {
            err.println(line);
        }
        err.flush();
    }

    static String clock(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
            : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
