package io.homeostat.core.policy;

/**
 * What a {@link BatchPolicy} may look at: a read-only view of one pool at {@link #nowNs()}.
 * All times are <b>recorded</b> times (arrivals as the scheduler stamped them), so a decision
 * taken late (a skipped punctuator tick) still sees the deadline that passed.
 */
public interface PolicyInput {
    /** The decision time. */
    long nowNs();

    /** Requests queued. */
    int queueSize();

    /** Tokens (prompt + max new) queued. */
    long queuedTokens();

    /** KV blocks queued. */
    long queuedBlocks();

    /** Earliest arrival among queued requests ({@link Long#MAX_VALUE} when empty). */
    long oldestArrivalNs();

    /** Latest arrival the pool has queued (the moment the queue last grew). */
    long latestArrivalNs();

    /** Earliest deadline among queued requests ({@link io.homeostat.core.Request#NO_DEADLINE} if none). */
    long earliestDeadlineNs();

    /** Inter-arrival entropy H, bits. */
    double entropyBits();

    /** The batch limits in force. */
    BatchLimits limits();

    /** KV blocks the next batch may take ({@link Integer#MAX_VALUE}: no limit known). */
    int blockBudget();

    /** Expected service time of a batch of {@code batchSize} requests, {@code S(B)}. */
    long expectedServiceNs(int batchSize);
}
