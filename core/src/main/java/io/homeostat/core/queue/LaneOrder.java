package io.homeostat.core.queue;

import io.homeostat.core.Request;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The {@link QueueOrder} shape for a few priority levels: one FIFO lane per bid, at most
 * {@link #MAX_LANES}.
 *
 * <h2>Why</h2>
 * Priority in serving systems is usually a handful of levels (Triton's scheduler keeps one queue per
 * priority level; the simulator's tenant rule uses four bids), and DESIGN.md section 3 already keeps
 * one queue per class merged at pop where classes age differently. With one alpha the key
 * {@code bid - alpha * arrival} falls with arrival inside a lane, so a lane kept in arrival order is
 * in service order: an insert appends, a lane's best is its head and its worst its tail, and the
 * queue's best is the best of at most eight heads. Nothing is searched and nothing is shifted, and a
 * pop reads the heads of a few primitive arrays in sequence, which the hardware prefetcher streams
 * even when the entries were written a million operations earlier. A sorted structure for any bids
 * must place a new bid-3 key among bid-2 entries a second older: the B-tree that preceded
 * {@link RunOrder} cost three to four times as much per insert + pop at a million queued
 * (docs/benchmarks.md). The oldest arrival is the oldest of the heads.
 *
 * <pre>
 *   lane (bid 4):  head → [a1 s1][a2 s5][a3 s9] ... [aN sM] ← tail      an insert appends at the tail
 *   lane (bid 1):  head → [a1 s2][--s3 ][a3 s4] ... [aK sL] ← tail      -- = hole (removed from inside)
 *   best = the best head by (key, arrival, seq);  worst = the worst tail;  oldest = the oldest head
 *   per slot: key, arrival, seq, bookkeeping side by side, and the request   (a hole: request null,
 *             tuple kept, so a lane stays sorted)
 * </pre>
 *
 * A late arrival (older than its lane's tail) moves into place from the tail, like an insertion sort,
 * if that moves at most {@link #MAX_LATE_MOVES} slots. A removal from inside a lane (expiry,
 * cancellation) leaves a hole that the ends skip; a lane with more holes than entries is compacted,
 * and one that has shrunk to an eighth of its ring gets a smaller ring. {@link #add} refuses a ninth
 * bid and an arrival further behind its lane's tail; the queue then moves its entries to
 * {@link RunOrder}, so an insert or a pop here costs at most O(lanes + {@code MAX_LATE_MOVES}),
 * amortized, and a removal by key O(lanes + log n).
 *
 * @param <P> payload type
 */
final class LaneOrder<P> extends QueueOrder<P> {
    static final int MAX_LANES = 8;
    /** Slots a late arrival may move past in its lane before the queue moves to {@link RunOrder}. */
    static final int MAX_LATE_MOVES = 64;

    @SuppressWarnings("unchecked")
    private final Lane<P>[] lanes = (Lane<P>[]) new Lane<?>[MAX_LANES];
    private int n;

    @Override
    boolean add(Request<P> r, double key, long seq, long meta) {
        Lane<P> l = laneFor(r.bid());
        return l != null && l.add(r, key, seq, meta);
    }

    /** The lane of this bid: its own, else an empty one (re-labelled), else a new one; null when all eight hold others. */
    private Lane<P> laneFor(double bid) {
        Lane<P> own = laneOf(bid);
        if (own != null) {
            return own;
        }
        for (int i = 0; i < n; i++) {
            if (lanes[i].live == 0) {
                lanes[i].bid = bid;
                return lanes[i];
            }
        }
        return n < MAX_LANES ? (lanes[n++] = new Lane<>(bid)) : null;
    }

    /** Empties every lane and lets go of their rings (after the queue moved the entries elsewhere). */
    void clear() {
        Arrays.fill(lanes, 0, n, null);
        n = 0;
    }

    /** The lane whose head is served next, or null when empty. */
    private Lane<P> bestLane() {
        Lane<P> best = null;
        for (int i = 0; i < n; i++) {
            Lane<P> l = lanes[i];
            if (l.live > 0 && (best == null || l.beats(l.head, best, best.head))) {
                best = l;
            }
        }
        return best;
    }

    @Override
    QueuedRequest<P> best() {
        Lane<P> l = bestLane();
        return l == null ? null : l.view(l.head);
    }

    @Override
    boolean pollBest() {
        Lane<P> l = bestLane();
        if (l == null) {
            return false;
        }
        take(l, l.head);
        return true;
    }

    @Override
    boolean pollWorst() {
        Lane<P> worst = null;
        for (int i = 0; i < n; i++) {
            Lane<P> l = lanes[i];
            if (l.live > 0 && (worst == null || worst.beats(worst.tail - 1, l, l.tail - 1))) {
                worst = l;
            }
        }
        if (worst == null) {
            return false;
        }
        take(worst, worst.tail - 1);
        return true;
    }

    @Override
    boolean remove(QueuedRequest<P> e) {
        Lane<P> l = laneOf(e.request().bid());
        long at = l == null ? -1 : l.find(e.key(), e.arrivalNs(), e.seq());
        if (at < 0) {
            return false;
        }
        take(l, at);
        return true;
    }

    @Override
    boolean contains(QueuedRequest<P> e) {
        Lane<P> l = laneOf(e.request().bid());
        return l != null && l.find(e.key(), e.arrivalNs(), e.seq()) >= 0;
    }

    private Lane<P> laneOf(double bid) {
        for (int i = 0; i < n; i++) {
            if (lanes[i].bid == bid) {
                return lanes[i];
            }
        }
        return null;
    }

    private void take(Lane<P> l, long at) {
        int i = l.index(at);
        lastRequest = l.requests[i];
        lastKey = l.key(i);
        lastSeq = l.seq(i);
        lastMeta = l.meta(i);
        l.clear(at);
    }

    @Override
    long oldestArrivalNs() {
        long oldest = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            Lane<P> l = lanes[i];
            if (l.live > 0) {
                oldest = Math.min(oldest, l.arrival(l.index(l.head)));
            }
        }
        return oldest;
    }

    /** A merge of the lanes by service order, O(n · lanes): for snapshots. */
    @Override
    void forEachBestFirst(Consumer<QueuedRequest<P>> action) {
        merge(Lane::beats, action);
    }

    /**
     * Visits every entry in arrival order (then seq), merging the lanes, O(n · lanes): nearly seq
     * order, which {@link RunOrder} needs, and the order its arrival ring takes cheapest, since it then
     * only appends (in service order every entry would be a late arrival there, and the move
     * O(n<sup>2</sup>)).
     */
    void forEachInArrivalOrder(Consumer<QueuedRequest<P>> action) {
        merge(Lane::arrivesBefore, action);
    }

    /** An order of lane slots: whether slot {@code s1} of lane {@code l1} comes before slot {@code s2} of {@code l2}. */
    private interface SlotOrder<P> {
        boolean precedes(Lane<P> l1, long s1, Lane<P> l2, long s2);
    }

    /** Visits every live entry in the order that {@code first} says, each lane being sorted by it. */
    private void merge(SlotOrder<P> first, Consumer<QueuedRequest<P>> action) {
        long[] at = new long[n];
        for (int i = 0; i < n; i++) {
            at[i] = lanes[i].head;
        }
        while (true) {
            int next = -1;
            for (int i = 0; i < n; i++) {
                Lane<P> l = lanes[i];
                while (at[i] < l.tail && l.requests[l.index(at[i])] == null) {
                    at[i]++;
                }
                if (at[i] < l.tail && (next < 0 || first.precedes(l, at[i], lanes[next], at[next]))) {
                    next = i;
                }
            }
            if (next < 0) {
                return;
            }
            action.accept(lanes[next].view(at[next]++));
        }
    }

    /**
     * One bid's entries in arrival order (then seq) in ring slots [head, tail); both ends are live.
     * A slot's key, arrival, seq and bookkeeping sit side by side in one array (half a cache line),
     * so a pop reads two streams, not five: at a million queued that measured ~40 % faster per
     * insert + pop than one array per field (docs/benchmarks.md).
     */
    private static final class Lane<P> {
        private static final int MIN_RING = 16;
        private static final int FIELDS = 4; // key bits, arrival, seq, meta

        double bid;
        long[] slots;
        Request<P>[] requests;
        long head;
        long tail;
        int live;

        Lane(double bid) {
            this.bid = bid;
            ring(MIN_RING);
        }

        @SuppressWarnings("unchecked")
        private void ring(int capacity) {
            slots = new long[capacity * FIELDS];
            requests = (Request<P>[]) new Request<?>[capacity];
        }

        int index(long slot) {
            return (int) slot & (requests.length - 1);
        }

        double key(int i) {
            return Double.longBitsToDouble(slots[i * FIELDS]);
        }

        long arrival(int i) {
            return slots[i * FIELDS + 1];
        }

        long seq(int i) {
            return slots[i * FIELDS + 2];
        }

        long meta(int i) {
            return slots[i * FIELDS + 3];
        }

        /** Whether the entry at {@code slot} here is served before the one at {@code slot2} of lane {@code o}. */
        boolean beats(long slot, Lane<P> o, long slot2) {
            int i = index(slot);
            int j = o.index(slot2);
            return worse(o.key(j), o.arrival(j), o.seq(j), key(i), arrival(i), seq(i));
        }

        /** Whether the entry at {@code slot} here arrived (then was offered) before the one at {@code slot2} of lane {@code o}. */
        boolean arrivesBefore(long slot, Lane<P> o, long slot2) {
            int j = o.index(slot2);
            return before(index(slot), o.arrival(j), o.seq(j));
        }

        QueuedRequest<P> view(long slot) {
            int i = index(slot);
            return new QueuedRequest<>(requests[i], seq(i), key(i));
        }

        /** Appends (or, for a late arrival, moves into place from the tail); false when that is too far. */
        boolean add(Request<P> r, double k, long s, long meta) {
            if (tail - head == requests.length) {
                resize(live * 2 >= requests.length ? requests.length * 2 : requests.length);
            }
            long a = r.arrivalNs();
            long at = tail;
            while (at > head && !before(index(at - 1), a, s)) {
                if (tail - at == MAX_LATE_MOVES) {
                    return false;
                }
                at--;
            }
            for (long slot = tail; slot > at; slot--) {
                int to = index(slot);
                int from = index(slot - 1);
                System.arraycopy(slots, from * FIELDS, slots, to * FIELDS, FIELDS);
                requests[to] = requests[from];
            }
            int i = index(at);
            int f = i * FIELDS;
            slots[f] = Double.doubleToRawLongBits(k);
            slots[f + 1] = a;
            slots[f + 2] = s;
            slots[f + 3] = meta;
            requests[i] = r;
            tail++;
            live++;
            return true;
        }

        /** Whether slot i (live or a hole) comes before (a, s) in arrival order. */
        private boolean before(int i, long a, long s) {
            long ai = arrival(i);
            return ai < a || (ai == a && seq(i) < s);
        }

        /** The slot of the live entry with this tuple, or -1: binary search by (arrival, seq), holes keep theirs. */
        long find(double k, long a, long s) {
            long lo = head;
            long hi = tail;
            while (lo < hi) {
                long mid = (lo + hi) >>> 1;
                if (before(index(mid), a, s)) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            if (lo == tail) {
                return -1;
            }
            int i = index(lo);
            return requests[i] != null && seq(i) == s && arrival(i) == a && key(i) == k ? lo : -1;
        }

        /** Empties slot {@code at}; trims holes at the ends; compacts or shrinks the ring when it is mostly empty. */
        void clear(long at) {
            requests[index(at)] = null;
            live--;
            while (head < tail && requests[index(head)] == null) {
                head++;
            }
            while (tail > head && requests[index(tail - 1)] == null) {
                tail--;
            }
            if (requests.length > 4 * MIN_RING && live <= requests.length / 8) {
                resize(requests.length / 4);
            } else if (tail - head > 4 * MIN_RING && tail - head > 2L * live) {
                resize(requests.length);
            }
        }

        /** Copies the live entries, in order and without holes, to the front of a ring of {@code capacity} slots. */
        private void resize(int capacity) {
            long[] sl = slots;
            Request<P>[] rq = requests;
            int mask = rq.length - 1;
            ring(capacity);
            int j = 0;
            for (long slot = head; slot < tail; slot++) {
                int i = (int) slot & mask;
                if (rq[i] != null) {
                    System.arraycopy(sl, i * FIELDS, slots, j * FIELDS, FIELDS);
                    requests[j] = rq[i];
                    j++;
                }
            }
            head = 0;
            tail = j;
        }
    }
}
