package io.homeostat.core.queue;

import io.homeostat.core.Request;

/**
 * A request in an {@link AgedPriorityQueue}: the request, its queue sequence number (the order it
 * was first offered; persisted with the entry so that a restore rebuilds the same order) and its
 * constant ordering key {@code bid - alpha * (arrival - origin)}. The request's arrival, tokens,
 * blocks and whether it has a deadline are copied here at offer time, so the queue's bookkeeping at
 * dispatch reads one object (a cache miss once a million are queued), not two.
 *
 * @param <P> payload type
 */
public final class QueuedRequest<P> {
    private final Request<P> request;
    private final long seq;
    final double key;
    final long arrivalNs;
    final long tokens;
    final int blocks;
    final boolean hasDeadline;
    /** Its slot in the queue's {@link ArrivalOrder}. */
    long arrivalSlot;
    boolean removed;

    QueuedRequest(Request<P> request, long seq, double key) {
        this.request = request;
        this.seq = seq;
        this.key = key;
        this.arrivalNs = request.arrivalNs();
        this.tokens = request.tokens();
        this.blocks = request.blocks();
        this.hasDeadline = request.hasDeadline();
    }

    public Request<P> request() {
        return request;
    }

    /** Queue sequence number: unique per queue, increasing in offer order. */
    public long seq() {
        return seq;
    }

    /** The constant ordering key; a larger key is served first. */
    public double key() {
        return key;
    }

    public long arrivalNs() {
        return arrivalNs;
    }

    /** Whether it is still in its queue. */
    public boolean isQueued() {
        return !removed;
    }

    @Override
    public String toString() {
        return "QueuedRequest[" + request.id() + ", seq=" + seq + ", bid=" + request.bid() + ", arrival="
            + request.arrivalNs() + "]";
    }
}
