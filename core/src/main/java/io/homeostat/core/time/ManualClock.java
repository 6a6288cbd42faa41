package io.homeostat.core.time;

/** A clock that moves only when told to: virtual time for the simulator and for tests. */
public final class ManualClock implements Clock {
    private long now;

    public ManualClock(long startNanos) {
        this.now = startNanos;
    }

    @Override
    public long nanos() {
        return now;
    }

    /** Moves to {@code t}; time never runs backwards. */
    public void setNanos(long t) {
        if (t < now) {
            throw new IllegalArgumentException("time runs forward: " + t + " < " + now);
        }
        now = t;
    }

    public void advanceNanos(long delta) {
        setNanos(Math.addExact(now, delta));
    }
}
