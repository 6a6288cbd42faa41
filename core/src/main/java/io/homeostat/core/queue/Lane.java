package io.homeostat.core.queue;

/**
 * All queued requests with one bid value, in arrival order. With one aging rate, equal bids age
 * in lock step, so a lane's order by key is its order by arrival: the lane is a FIFO ring
 * (insertion from the tail keeps it sorted when an arrival comes out of order) and only its two
 * ends ever matter to the rest of the queue. Removed entries in the middle stay as tombstones
 * until an end reaches them.
 */
final class Lane<P> {
    final double bid;
    final long bidBits;
    final int[] pos = {-1, -1, -1};  // index in each LaneHeap, by LaneHeap kind
    private QueuedRequest<P>[] ring;
    private int head;
    private int count;  // ring slots in use, tombstones included
    private int live;

    Lane(double bid, long bidBits) {
        this.bid = bid;
        this.bidBits = bidBits;
        this.ring = newRing(4);
    }

    @SuppressWarnings("unchecked")
    private static <P> QueuedRequest<P>[] newRing(int n) {
        return (QueuedRequest<P>[]) new QueuedRequest<?>[n];
    }

    int live() {
        return live;
    }

    QueuedRequest<P> first() {
        return ring[head];
    }

    QueuedRequest<P> last() {
        return ring[index(count - 1)];
    }

    private int index(int i) {
        int j = head + i;
        return j < ring.length ? j : j - ring.length;
    }

    /** Adds {@code e} in (arrival, seq) order. O(1) for in-order arrivals. */
    void add(QueuedRequest<P> e) {
        if (count == ring.length) {
            grow();
        }
        int i = count;
        while (i > 0) {
            QueuedRequest<P> prev = ring[index(i - 1)];
            if (prev.arrivalNs() < e.arrivalNs() || (prev.arrivalNs() == e.arrivalNs() && prev.seq() < e.seq())) {
                break;
            }
            ring[index(i)] = prev;
            i--;
        }
        ring[index(i)] = e;
        count++;
        live++;
    }

    /** Removes and returns the first live entry. */
    QueuedRequest<P> pollFirst() {
        QueuedRequest<P> e = ring[head];
        e.removed = true;
        live--;
        trimFront();
        return e;
    }

    /** Removes and returns the last live entry. */
    QueuedRequest<P> pollLast() {
        QueuedRequest<P> e = last();
        e.removed = true;
        live--;
        trimBack();
        return e;
    }

    /** Removes {@code e}, which must be a live entry of this lane. */
    void remove(QueuedRequest<P> e) {
        boolean wasFirst = e == ring[head];
        boolean wasLast = e == last();
        e.removed = true;
        live--;
        if (wasFirst) {
            trimFront();
        } else if (wasLast) {
            trimBack();
        }
    }

    private void trimFront() {
        while (count > 0 && ring[head].removed) {
            ring[head] = null;
            head = head + 1 == ring.length ? 0 : head + 1;
            count--;
        }
        if (count == 0) {
            head = 0;
        }
    }

    private void trimBack() {
        while (count > 0 && last().removed) {
            ring[index(count - 1)] = null;
            count--;
        }
        if (count == 0) {
            head = 0;
        }
    }

    private void grow() {
        QueuedRequest<P>[] bigger = newRing(ring.length * 2);
        for (int i = 0; i < count; i++) {
            bigger[i] = ring[index(i)];
        }
        ring = bigger;
        head = 0;
    }

    /** Visits the live entries in lane order. */
    void forEachLive(java.util.function.Consumer<QueuedRequest<P>> action) {
        for (int i = 0; i < count; i++) {
            QueuedRequest<P> e = ring[index(i)];
            if (!e.removed) {
                action.accept(e);
            }
        }
    }
}
