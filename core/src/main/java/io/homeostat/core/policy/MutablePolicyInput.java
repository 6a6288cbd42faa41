package io.homeostat.core.policy;

import io.homeostat.core.Request;

/** A settable {@link PolicyInput}, for tests, benchmarks and what-if tools. */
public final class MutablePolicyInput implements PolicyInput {
    private long nowNs;
    private int queueSize;
    private long queuedTokens;
    private long queuedBlocks;
    private long oldestArrivalNs = Long.MAX_VALUE;
    private long latestArrivalNs = Long.MIN_VALUE;
    private long earliestDeadlineNs = Request.NO_DEADLINE;
    private double entropyBits;
    private BatchLimits limits = BatchLimits.defaults();
    private int blockBudget = Integer.MAX_VALUE;
    private double serviceInterceptNs = 10e6;
    private double serviceSlopeNs = 1e6;

    @Override public long nowNs() { return nowNs; }
    @Override public int queueSize() { return queueSize; }
    @Override public long queuedTokens() { return queuedTokens; }
    @Override public long queuedBlocks() { return queuedBlocks; }
    @Override public long oldestArrivalNs() { return oldestArrivalNs; }
    @Override public long latestArrivalNs() { return latestArrivalNs; }
    @Override public long earliestDeadlineNs() { return earliestDeadlineNs; }
    @Override public double entropyBits() { return entropyBits; }
    @Override public BatchLimits limits() { return limits; }
    @Override public int blockBudget() { return blockBudget; }

    @Override
    public long expectedServiceNs(int batchSize) {
        return Math.round(serviceInterceptNs + serviceSlopeNs * batchSize);
    }

    public MutablePolicyInput now(long v) { nowNs = v; return this; }
    public MutablePolicyInput queueSize(int v) { queueSize = v; return this; }
    public MutablePolicyInput queuedTokens(long v) { queuedTokens = v; return this; }
    public MutablePolicyInput queuedBlocks(long v) { queuedBlocks = v; return this; }
    public MutablePolicyInput oldestArrival(long v) { oldestArrivalNs = v; return this; }
    public MutablePolicyInput latestArrival(long v) { latestArrivalNs = v; return this; }
    public MutablePolicyInput earliestDeadline(long v) { earliestDeadlineNs = v; return this; }
    public MutablePolicyInput entropy(double v) { entropyBits = v; return this; }
    public MutablePolicyInput limits(BatchLimits v) { limits = v; return this; }
    public MutablePolicyInput blockBudget(int v) { blockBudget = v; return this; }

    /** {@code S(B) = a + b B}, nanoseconds. */
    public MutablePolicyInput service(double interceptNs, double slopeNs) {
        serviceInterceptNs = interceptNs;
        serviceSlopeNs = slopeNs;
        return this;
    }
}
