package io.homeostat.core.queue;

import io.homeostat.core.Request;

/**
 * A request in an {@link AgedPriorityQueue}: the request, its queue sequence number (the order it
 * was first offered; persisted with the entry so that a restore rebuilds the same order) and its
 * constant ordering key {@code bid - alpha * (arrival - origin)}.
 *
 * @param <P> payload type
 */
public final class QueuedRequest<P> {
    private final Request<P> request;
    private final long seq;
    final double key;
    Lane<P> lane;
    boolean removed;

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

    /** Whether it is still in its queue. */
    public boolean isQueued() {
        return !removed;
    }

    /** Order within the queue: higher key, then earlier arrival, then lower seq first. */
    boolean servedBefore(QueuedRequest<?> o) {
        if (key != o.key) {
            return key > o.key;
        }
        if (arrivalNs() != o.arrivalNs()) {
            return arrivalNs() < o.arrivalNs();
        }
        return seq < o.seq;
    }

    @Override
    public String toString() {
        return "QueuedRequest[" + request.id() + ", seq=" + seq + ", bid=" + request.bid() + ", arrival="
            + request.arrivalNs() + "]";
    }
}
