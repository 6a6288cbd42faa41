package io.homeostat.core.time;

/**
 * The only source of "now" for code that needs one (Caffeine's {@code Ticker} idea). The core
 * itself takes times as explicit {@code long} nanosecond arguments; drivers own a clock:
 * the Streams layer an epoch-based one (from the punctuator's timestamp), the simulator a
 * {@link ManualClock} in virtual time. Nothing in the core reads the system clock.
 */
@FunctionalInterface
public interface Clock {
    /** Current time in nanoseconds on this clock's time line (epoch-based or virtual). */
    long nanos();
}
