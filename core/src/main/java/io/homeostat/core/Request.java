package io.homeostat.core;

import java.util.Objects;

/**
 * An inference request as the scheduling core sees it. Drivers map their own types to it (the
 * Streams layer from the Avro {@code InferenceRequest}, the simulator from trace records) and
 * carry their original object along as the {@code payload}, which the core never looks at.
 *
 * <p>Priority: a <b>bigger bid wins</b>. Triton and vLLM use the opposite convention (a smaller
 * priority value is served first); map theirs with {@code bid = max - value} or similar.
 *
 * @param id           client-chosen id, non-empty
 * @param tenant       who pays; fairness is computed over tenants
 * @param bid          priority bid, finite and {@code >= 0}; bigger wins
 * @param arrivalNs    when the scheduler received it, nanoseconds on the driver's clock; aging,
 *                     windows and the entropy sensor all use this recorded time
 * @param promptTokens prompt tokens, {@code >= 0}
 * @param maxNewTokens upper bound on generated tokens, {@code >= 0}; prompt + max new {@code >= 1}
 * @param blocks       KV blocks accounted for it, usually {@link #blocksFor}
 * @param deadlineNs   absolute deadline on the same clock, or {@link #NO_DEADLINE}
 * @param payload      the driver's own object (may be null), passed through untouched
 * @param <P>          payload type
 */
public record Request<P>(String id, String tenant, double bid, long arrivalNs, int promptTokens, int maxNewTokens,
                         int blocks, long deadlineNs, P payload) {

    /** {@link #deadlineNs()} of a request without a deadline. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    public Request {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("request id must be non-empty");
        }
        Objects.requireNonNull(tenant, () -> "request " + id + ": tenant must not be null");
        if (!Double.isFinite(bid) || bid < 0) {
            throw new IllegalArgumentException("request " + id + ": bid must be finite and >= 0, was " + bid);
        }
        if (promptTokens < 0 || maxNewTokens < 0 || (long) promptTokens + maxNewTokens < 1) {
            throw new IllegalArgumentException("request " + id + ": token counts must be >= 0 with at least one token,"
                + " was prompt " + promptTokens + ", max new " + maxNewTokens);
        }
        if (blocks < 0) {
            throw new IllegalArgumentException("request " + id + ": blocks must be >= 0, was " + blocks);
        }
        bid = bid == 0.0 ? 0.0 : bid; // fold -0.0 into 0.0: equal bids get equal queue keys (and tie FIFO)
    }

    /** A request without a deadline, blocks computed from the tokens at {@code blockSizeTokens}. */
    public static <P> Request<P> of(String id, String tenant, double bid, long arrivalNs, int promptTokens,
                                    int maxNewTokens, int blockSizeTokens, P payload) {
        return new Request<>(id, tenant, bid, arrivalNs, promptTokens, maxNewTokens,
            blocksFor(promptTokens, maxNewTokens, blockSizeTokens), NO_DEADLINE, payload);
    }

    /** {@code ceil((prompt + maxNew) / blockSize)}: the KV blocks a request may hold at its longest. */
    public static int blocksFor(int promptTokens, int maxNewTokens, int blockSizeTokens) {
        if (blockSizeTokens < 1) {
            throw new IllegalArgumentException("block size must be >= 1 token, was " + blockSizeTokens);
        }
        long tokens = (long) promptTokens + maxNewTokens;
        return Math.toIntExact((tokens + blockSizeTokens - 1) / blockSizeTokens);
    }

    /** Prompt plus maximum new tokens. */
    public long tokens() {
        return (long) promptTokens + maxNewTokens;
    }

    public boolean hasDeadline() {
        return deadlineNs != NO_DEADLINE;
    }

    /** A copy with another deadline. */
    public Request<P> withDeadline(long newDeadlineNs) {
        return new Request<>(id, tenant, bid, arrivalNs, promptTokens, maxNewTokens, blocks, newDeadlineNs, payload);
    }
}
