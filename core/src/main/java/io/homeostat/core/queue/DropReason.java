package io.homeostat.core.queue;

/** Why a request left the scheduler without being batched. Every drop is reported to the caller. */
public enum DropReason {
    /** The queue bound was reached and this request had the lowest effective priority (REJECTED). */
    QUEUE_FULL,
    /** Its deadline passed while it was queued, or had passed on arrival (EXPIRED). */
    EXPIRED,
    /** It can never run: more tokens than a batch may hold, or more KV blocks than the pool has (REJECTED). */
    TOO_LARGE
}
