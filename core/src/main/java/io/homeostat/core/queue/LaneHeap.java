package io.homeostat.core.queue;

import java.util.Arrays;

/**
 * An indexed 4-ary heap over lanes, in one of three orders. Each lane stores its position in
 * each heap, so a lane whose end changed is re-sifted in O(log lanes). With few distinct bids
 * (priority classes) these heaps stay tiny and hot in cache whatever the queue length.
 *
 * <p>Each slot caches the ordering fields of its lane's relevant end (key, arrival, seq) in
 * primitive arrays beside the lane reference, refreshed whenever the queue reports that end
 * changed ({@link #add}, {@link #update}). A comparison then reads two adjacent array cells
 * instead of chasing lane → ring → entry → request: with many distinct bids (a heap of a million
 * lanes) that pointer chase was four cache misses per comparison (benchmarks/ AgedPriorityQueueBenchmark,
 * docs/benchmarks.md).
 */
final class LaneHeap<P> {
    /** Lanes by their first entry, best first: the pop side. */
    static final int TOP = 0;
    /** Lanes by their last entry, worst first: the shed side. */
    static final int LOW = 1;
    /** Lanes by their first entry's arrival, earliest first: the oldest queued request. */
    static final int OLDEST = 2;

    /** Children per node: four keys share a cache line, and the heap is half as deep as a binary one. */
    private static final int ARITY = 4;

    private final int kind;
    private Lane<P>[] heap;
    private double[] keys;
    private long[] arrivals;
    private long[] seqs;
    private int size;

    @SuppressWarnings("unchecked")
    LaneHeap(int kind) {
        this.kind = kind;
        this.heap = (Lane<P>[]) new Lane<?>[8];
        this.keys = new double[8];
        this.arrivals = new long[8];
        this.seqs = new long[8];
    }

    int size() {
        return size;
    }

    Lane<P> peek() {
        return size == 0 ? null : heap[0];
    }

    void forEach(java.util.function.Consumer<Lane<P>> action) {
        for (int i = 0; i < size; i++) {
            action.accept(heap[i]);
        }
    }

    void add(Lane<P> lane) {
        if (size == heap.length) {
            int n = size * 2;
            heap = Arrays.copyOf(heap, n);
            keys = Arrays.copyOf(keys, n);
            arrivals = Arrays.copyOf(arrivals, n);
            seqs = Arrays.copyOf(seqs, n);
        }
        int i = size++;
        place(i, lane);
        siftUp(i);
    }

    void remove(Lane<P> lane) {
        int i = lane.pos[kind];
        lane.pos[kind] = -1;
        size--;
        if (i == size) {
            heap[size] = null;
            return;
        }
        shift(size, i);
        heap[size] = null;
        siftDown(siftUp(i));
    }

    /** Restores heap order after {@code lane}'s relevant end changed. */
    void update(Lane<P> lane) {
        int i = lane.pos[kind];
        place(i, lane);
        siftDown(siftUp(i));
    }

    /** Puts {@code lane} at slot {@code i} with its current ordering fields. */
    private void place(int i, Lane<P> lane) {
        QueuedRequest<P> e = kind == LOW ? lane.last() : lane.first();
        heap[i] = lane;
        keys[i] = kind == OLDEST ? 0.0 : e.key;
        arrivals[i] = e.arrivalNs();
        seqs[i] = e.seq();
        lane.pos[kind] = i;
    }

    /**
     * Whether slot {@code i} belongs above slot {@code j}. TOP: served first (higher key, then earlier
     * arrival, then lower seq, as {@link QueuedRequest#servedBefore}); LOW: the reverse; OLDEST: earlier
     * arrival, then lower seq (its keys are all 0, so the same rule applies).
     */
    private boolean above(int i, int j) {
        return kind == LOW ? servedBefore(j, i) : servedBefore(i, j);
    }

    private boolean servedBefore(int i, int j) {
        double ki = keys[i];
        double kj = keys[j];
        if (ki != kj) {
            return ki > kj;
        }
        long ai = arrivals[i];
        long aj = arrivals[j];
        if (ai != aj) {
            return ai < aj;
        }
        return seqs[i] < seqs[j];
    }

    /** Moves slot {@code from}'s lane and fields to slot {@code to} (a hole). */
    private void shift(int from, int to) {
        Lane<P> lane = heap[from];
        heap[to] = lane;
        keys[to] = keys[from];
        arrivals[to] = arrivals[from];
        seqs[to] = seqs[from];
        lane.pos[kind] = to;
    }

    /** Whether fields (k, a, s) belong above slot {@code j}. */
    private boolean aboveSlot(double k, long a, long s, int j) {
        return kind == LOW ? before(keys[j], arrivals[j], seqs[j], k, a, s) : before(k, a, s, keys[j], arrivals[j], seqs[j]);
    }

    /** Whether slot {@code j} belongs above fields (k, a, s). */
    private boolean slotAbove(int j, double k, long a, long s) {
        return kind == LOW ? before(k, a, s, keys[j], arrivals[j], seqs[j]) : before(keys[j], arrivals[j], seqs[j], k, a, s);
    }

    private static boolean before(double k1, long a1, long s1, double k2, long a2, long s2) {
        if (k1 != k2) {
            return k1 > k2;
        }
        if (a1 != a2) {
            return a1 < a2;
        }
        return s1 < s2;
    }

    /* Sifts move a hole: the sifted lane's fields wait in locals and land once, at the end. */

    private int siftUp(int i) {
        Lane<P> lane = heap[i];
        double k = keys[i];
        long a = arrivals[i];
        long s = seqs[i];
        while (i > 0) {
            int parent = (i - 1) / ARITY;
            if (!aboveSlot(k, a, s, parent)) {
                break;
            }
            shift(parent, i);
            i = parent;
        }
        land(i, lane, k, a, s);
        return i;
    }

    private void siftDown(int i) {
        Lane<P> lane = heap[i];
        double k = keys[i];
        long a = arrivals[i];
        long s = seqs[i];
        while (true) {
            int first = ARITY * i + 1;
            if (first >= size) {
                break;
            }
            int best = first;
            int end = Math.min(size, first + ARITY);
            for (int c = first + 1; c < end; c++) {
                if (above(c, best)) {
                    best = c;
                }
            }
            if (!slotAbove(best, k, a, s)) {
                break;
            }
            shift(best, i);
            i = best;
        }
        land(i, lane, k, a, s);
    }

    private void land(int i, Lane<P> lane, double k, long a, long s) {
        heap[i] = lane;
        keys[i] = k;
        arrivals[i] = a;
        seqs[i] = s;
        lane.pos[kind] = i;
    }
}
