package io.homeostat.core.queue;

import io.homeostat.core.Request;

/**
 * A request as an {@link AgedPriorityQueue} holds it: the request, its queue sequence number (the
 * order it was first offered; persisted with the entry so that a restore rebuilds the same order)
 * and its constant ordering key {@code bid - alpha * (arrival - origin)}.
 *
 * <p>A value, not the queue's storage: the queue keeps its entries in primitive arrays and hands out
 * a new {@code QueuedRequest} from {@link AgedPriorityQueue#offer}, {@link AgedPriorityQueue#peek} and
 * {@link AgedPriorityQueue#poll}, so a queued request costs the collector one object (the request),
 * not two. Two of them are equal when they name the same queued request (same seq and request);
 * {@link AgedPriorityQueue#contains} tells whether it is still queued.
 *
 * @param <P> payload type
 */
public final class QueuedRequest<P> {
    private final Request<P> request;
    private final long seq;
    private final double key;

    QueuedRequest(Request<P> request, long seq, double key) {
        this.request = request;
        this.seq = seq;
        this.key = key;
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
        return request.arrivalNs();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QueuedRequest<?> q && q.seq == seq && q.request.equals(request);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(seq);
    }

    @Override
    public String toString() {
        return "QueuedRequest[" + request.id() + ", seq=" + seq + ", bid=" + request.bid() + ", arrival="
            + request.arrivalNs() + "]";
    }
}
