package io.homeostat.core.time;

/** Unit conversions used at the edges (settings in ms, metrics in ms or s; the core in ns). */
public final class Durations {
    public static final long NANOS_PER_MS = 1_000_000L;
    public static final double NANOS_PER_SECOND = 1e9;

    private Durations() {
    }

    /** Milliseconds (a setting) to whole nanoseconds, rounded. */
    public static long msToNanos(double ms) {
        return Math.round(ms * NANOS_PER_MS);
    }

    public static double nanosToMs(long ns) {
        return ns / (double) NANOS_PER_MS;
    }

    public static double nanosToSeconds(long ns) {
        return ns / NANOS_PER_SECOND;
    }
}
