package io.homeostat.core.queue;

import io.homeostat.core.Request;
import java.util.function.Consumer;

/**
 * The queued entries in service order: best first is higher key, then earlier arrival, then lower
 * seq (seq is unique, so no two tuples are equal). Two shapes hold them, and the queue moves its
 * entries between them (docs/benchmarks.md has the measurements behind the choice):
 *
 * <pre>
 *   LaneOrder (up to 8 distinct bids, arrivals nearly in order):  one FIFO per bid, O(1) insert and pop
 *       │  a ninth bid, or an arrival far behind its lane's tail
 *       ▼
 *   RunOrder  (any bids):  an insertion buffer over sorted runs merged 8 at a time,
 *                          O(log n) amortized insert (sequential copies), O(log runs) pop
 *       │  the queue empties
 *       ▼
 *   LaneOrder again
 * </pre>
 *
 * An operation that takes an entry out ({@link #pollBest}, {@link #pollWorst}, {@link #remove})
 * leaves what it took in the {@code last*} fields, for the queue to read before its next call: no
 * entry object is built for a removal nobody looks at.
 *
 * @param <P> payload type
 */
abstract class QueueOrder<P> {
    /** The request, key, seq and bookkeeping ({@link #meta}) of the entry the last removal took out. */
    Request<P> lastRequest;
    double lastKey;
    long lastSeq;
    long lastMeta;

    /** Whether tuple 1 is served after tuple 2. */
    static boolean worse(double k1, long a1, long s1, double k2, long a2, long s2) {
        if (k1 != k2) {
            return k1 < k2;
        }
        if (a1 != a2) {
            return a1 > a2;
        }
        return s1 > s2;
    }

    /** Packs a request's tokens (32 bits, unsigned), KV blocks (31 bits) and deadline flag (1 bit). */
    static long meta(long tokens, int blocks, boolean hasDeadline) {
        return tokens << 32 | (long) blocks << 1 | (hasDeadline ? 1 : 0);
    }

    /** {@link #meta(long, int, boolean)} of a request. */
    static long meta(Request<?> r) {
        return meta(r.tokens(), r.blocks(), r.hasDeadline());
    }

    static long tokensOf(long meta) {
        return meta >>> 32;
    }

    static int blocksOf(long meta) {
        return (int) ((meta & 0xFFFF_FFFFL) >>> 1);
    }

    static boolean hasDeadline(long meta) {
        return (meta & 1) != 0;
    }

    /**
     * Places an entry (its arrival is the request's); false, with nothing changed, when this shape
     * does not take it (the queue then moves everything to a shape that does).
     */
    abstract boolean add(Request<P> r, double key, long seq, long meta);

    /** The best entry (served next), or null. */
    abstract QueuedRequest<P> best();

    /** Takes out the best entry into {@code last*}; false when empty. */
    abstract boolean pollBest();

    /** Takes out the worst entry into {@code last*}; false when empty. */
    abstract boolean pollWorst();

    /** Takes out the entry with e's request, key and seq into {@code last*}; false when it is not here. */
    abstract boolean remove(QueuedRequest<P> e);

    /** Whether the entry with e's request, key and seq is here. */
    abstract boolean contains(QueuedRequest<P> e);

    /** The earliest queued arrival, or {@link Long#MAX_VALUE} when empty. */
    abstract long oldestArrivalNs();

    /** Visits every entry, best first. */
    abstract void forEachBestFirst(Consumer<QueuedRequest<P>> action);
}
