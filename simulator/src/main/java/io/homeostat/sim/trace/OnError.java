package io.homeostat.sim.trace;

/** What to do with a malformed trace line. */
public enum OnError {
    /** Stop at the first malformed line with its error. */
    STOP,
    /** Skip it, count it and keep its message (the first few are kept for the report). */
    SKIP
}
