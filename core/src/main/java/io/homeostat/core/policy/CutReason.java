package io.homeostat.core.policy;

/** Why a batch was cut (the Avro {@code Batch.cut_reason} values). */
public enum CutReason {
    /** The oldest queued request waited the policy's window (or max queue delay). */
    WINDOW,
    /** The queue holds at least a full batch by request count (or the policy's current cap). */
    FULL_REQUESTS,
    /** The queue holds at least a full batch by tokens. */
    FULL_TOKENS,
    /** The queue holds at least the KV-block budget. */
    FULL_BLOCKS,
    /** Triton: a preferred batch size could be formed. */
    PREFERRED_SIZE,
    /** A queued request's deadline is about to become unreachable. */
    DEADLINE,
    /** The driver asked to empty the queue (shutdown, end of a trace). */
    DRAIN
}
