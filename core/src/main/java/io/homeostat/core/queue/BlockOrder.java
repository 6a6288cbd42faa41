package io.homeostat.core.queue;

import io.homeostat.core.Request;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.IntUnaryOperator;

/**
 * The {@link QueueOrder} shape for any mix of bids: every queued entry in service order, kept as a
 * sorted list of small sorted blocks, a B+-tree of height two whose root is one sorted array, with
 * an {@link ArrivalOrder} ring for the oldest arrival.
 *
 * <h2>Why this shape</h2>
 * The queue needs the best entry (pop), the worst (shed) and the removal of any entry (expiry,
 * cancellation), for any mix of bids: a handful of priority classes or every bid different. A
 * heap pays for its O(log n) in cache misses once its entries no longer fit in cache: at a
 * million queued requests with distinct bids, an earlier heap-of-lanes version spent 4-16 us per
 * insert + pop, 20-50 times its cost at a thousand (docs/benchmarks.md). A B-tree with wide
 * leaves (Bayer and McCreight 1972) keeps the hot paths in cache instead:
 * <ul>
 *   <li>pop and shed touch only the two end blocks, which the previous pop/shed left in cache:
 *       O(1), no search;</li>
 *   <li>insert and remove binary-search the root (one routing tuple per block: tens of KB at a
 *       million entries, resident in L2), then one block, then shift at most half of it;</li>
 *   <li>comparisons read primitive arrays (key, seq) side by side; the arrival, which only breaks
 *       ties between equal keys, is read from the request then, so a search does not chase
 *       pointers and a shift moves no arrival array;</li>
 *   <li>there is no entry object: a block holds, per slot, the request and its bookkeeping (tokens,
 *       blocks and deadline flag in one long, the arrival-ring index) in arrays beside the keys. At a
 *       million queued, an entry object per request doubled what the collector copies and cost a
 *       cache miss per pop (docs/benchmarks.md); a pop now reads the end block's arrays in order;</li>
 *   <li>the root keeps free room at both ends and shifts its shorter side when a block is added or
 *       dropped.</li>
 * </ul>
 *
 * <pre>
 *   root (sorted):  min(b0)   min(b1)   ...   min(bN-1)        routing: last block whose min &lt;= t
 *                     |         |                 |
 *   blocks:        [w .. ]   [ .. .. ]   ...   [ .. b]         each sorted worst → best in [lo, hi)
 *                   ^ worst overall (shed)          ^ best overall (pop)
 * </pre>
 *
 * Order (ascending = worse): lower key, then later arrival, then higher seq; seq is unique, so no
 * two tuples are equal. Blocks split when full and merge with a neighbour when two fit in half a
 * block, so occupancy stays above a quarter and memory proportional to the live count.
 *
 * @param <P> payload type
 */
final class BlockOrder<P> extends QueueOrder<P> {
    /** Slots per block: a block's keys span 16 cache lines; splits move the root every ~{@code CAP/2} inserts. */
    static final int CAP = 256;
    private static final int MERGE_BELOW = CAP / 2;

    private Block<P>[] blocks = newBlocks(8);
    private double[] minKey = new double[8];
    private long[] minArrival = new long[8];
    private long[] minSeq = new long[8];
    /** The root occupies physical slots [r0, r0 + nb) of its arrays; logical block i is at r0 + i. */
    private int r0 = 4;
    private int nb;
    /** The blocks the last few inserts went to (priority classes insert at a few places over and over). */
    private final int[] fingers = new int[FINGERS];
    private int nextFinger;
    private static final int FINGERS = 4;
    /** Emptied blocks kept for the next splits, so a queue in steady state allocates no blocks. */
    private Block<P>[] spares = newBlocks(4);
    private int nSpares;
    private final ArrivalOrder arrivals = new ArrivalOrder(this);

    @SuppressWarnings("unchecked")
    private static <P> Block<P>[] newBlocks(int n) {
        return (Block<P>[]) new Block<?>[n];
    }

    @Override
    boolean add(Request<P> r, double k, long s, long meta) {
        long a = r.arrivalNs();
        int slot = arrivals.add(k, a, s);
        if (nb == 0) {
            insertBlock(0, freshBlock());
        }
        int bi = fingerFor(k, a, s);
        if (bi < 0) {
            bi = route(k, a, s);
            fingers[nextFinger] = bi;
            nextFinger = (nextFinger + 1) & (FINGERS - 1);
        }
        Block<P> b = blocks[r0 + bi];
        if (b.size() == CAP) {
            split(bi);
            if (!worse(k, a, s, minKey[r0 + bi + 1], minArrival[r0 + bi + 1], minSeq[r0 + bi + 1])) {
                bi++;
            }
            b = blocks[r0 + bi];
        }
        int at = b.insert(b.upperBound(k, a, s), r, k, a, s, meta, slot);
        if (at == b.lo) {
            refreshMin(bi);
        }
        return true;
    }

    @Override
    QueuedRequest<P> best() {
        if (nb == 0) {
            return null;
        }
        Block<P> b = blocks[r0 + nb - 1];
        return b.view(b.hi - 1);
    }

    @Override
    boolean pollBest() {
        if (nb == 0) {
            return false;
        }
        int bi = nb - 1;
        take(bi, blocks[r0 + bi].hi - 1);
        return true;
    }

    @Override
    boolean pollWorst() {
        if (nb == 0) {
            return false;
        }
        take(0, blocks[r0].lo);
        return true;
    }

    @Override
    boolean remove(QueuedRequest<P> e) {
        double k = e.key();
        long a = e.arrivalNs();
        long s = e.seq();
        int bi = locateBlock(k, a, s);
        if (bi < 0) {
            return false;
        }
        take(bi, blocks[r0 + bi].upperBound(k, a, s) - 1);
        return true;
    }

    @Override
    boolean contains(QueuedRequest<P> e) {
        return locateBlock(e.key(), e.arrivalNs(), e.seq()) >= 0;
    }

    @Override
    long oldestArrivalNs() {
        return arrivals.oldestArrivalNs();
    }

    /** Sets the arrival-ring slot of the entry with this tuple (the ring moved it). */
    void setSlot(double k, long a, long s, int slot) {
        int bi = locateBlock(k, a, s);
        if (bi < 0) {
            throw new IllegalStateException("no queued entry with seq " + s + " to move to arrival slot " + slot);
        }
        Block<P> b = blocks[r0 + bi];
        b.slots[b.upperBound(k, a, s) - 1] = slot;
    }

    /** Renumbers every entry's arrival-ring slot (the ring was compacted). */
    void remapSlots(IntUnaryOperator newSlot) {
        for (int bi = 0; bi < nb; bi++) {
            Block<P> b = blocks[r0 + bi];
            for (int i = b.lo; i < b.hi; i++) {
                b.slots[i] = newSlot.applyAsInt(b.slots[i]);
            }
        }
    }

    @Override
    void forEachBestFirst(Consumer<QueuedRequest<P>> action) {
        for (int bi = nb - 1; bi >= 0; bi--) {
            Block<P> b = blocks[r0 + bi];
            for (int i = b.hi - 1; i >= b.lo; i--) {
                action.accept(b.view(i));
            }
        }
    }

    /** The block holding the tuple, or -1. */
    private int locateBlock(double k, long a, long s) {
        if (nb == 0) {
            return -1;
        }
        int bi = route(k, a, s);
        Block<P> b = blocks[r0 + bi];
        int i = b.upperBound(k, a, s) - 1;
        return i >= b.lo && b.seqs[i] == s && b.keys[i] == k && b.requests[i].arrivalNs() == a ? bi : -1;
    }

    private void take(int bi, int i) {
        Block<P> b = blocks[r0 + bi];
        lastRequest = b.requests[i];
        lastKey = b.keys[i];
        lastSeq = b.seqs[i];
        lastMeta = b.metas[i];
        arrivals.remove(b.slots[i]);
        boolean minGone = i == b.lo;
        b.removeAt(i);
        afterRemoval(bi, minGone);
    }

    /** A remembered block that {@link #route} would also choose for the tuple, or -1 (then route). */
    private int fingerFor(double k, long a, long s) {
        for (int f : fingers) {
            if (f < nb && (f == 0 || !worse(k, a, s, minKey[r0 + f], minArrival[r0 + f], minSeq[r0 + f]))
                && (f + 1 == nb || worse(k, a, s, minKey[r0 + f + 1], minArrival[r0 + f + 1], minSeq[r0 + f + 1]))) {
                return f;
            }
        }
        return -1;
    }

    /** The last block whose minimum is not above the tuple; block 0 for a tuple below every block. */
    private int route(double k, long a, long s) {
        int lo = 0;
        int hi = nb - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (worse(k, a, s, minKey[r0 + mid], minArrival[r0 + mid], minSeq[r0 + mid])) {
                hi = mid - 1;
            } else {
                lo = mid;
            }
        }
        return lo;
    }

    private void afterRemoval(int bi, boolean minGone) {
        Block<P> b = blocks[r0 + bi];
        if (b.size() == 0) {
            removeBlock(bi);
            return;
        }
        if (minGone) {
            refreshMin(bi);
        }
        if (b.size() < MERGE_BELOW / 2) {
            if (bi > 0 && blocks[r0 + bi - 1].size() + b.size() <= MERGE_BELOW) {
                merge(bi - 1);
            } else if (bi + 1 < nb && blocks[r0 + bi + 1].size() + b.size() <= MERGE_BELOW) {
                merge(bi);
            }
        }
    }

    private void refreshMin(int bi) {
        Block<P> b = blocks[r0 + bi];
        minKey[r0 + bi] = b.keys[b.lo];
        minArrival[r0 + bi] = b.requests[b.lo].arrivalNs();
        minSeq[r0 + bi] = b.seqs[b.lo];
    }

    /** Moves the upper half of full block {@code bi} into a new block after it. */
    private void split(int bi) {
        Block<P> b = blocks[r0 + bi];
        Block<P> c = freshBlock();
        int half = b.size() / 2;
        int from = b.lo + half;
        int n = b.hi - from;
        c.lo = (CAP - n) / 2;
        c.hi = c.lo + n;
        b.copyTo(from, c, c.lo, n);
        Arrays.fill(b.requests, from, b.hi, null);
        b.hi = from;
        insertBlock(bi + 1, c);
        refreshMin(bi + 1);
    }

    /** Appends block {@code bi + 1} to block {@code bi} and drops it. */
    private void merge(int bi) {
        Block<P> left = blocks[r0 + bi];
        Block<P> right = blocks[r0 + bi + 1];
        int total = left.size() + right.size();
        left.recentre(total);
        right.copyTo(right.lo, left, left.hi, right.size());
        left.hi += right.size();
        Arrays.fill(right.requests, right.lo, right.hi, null);
        right.lo = CAP / 2;
        right.hi = CAP / 2;
        removeBlock(bi + 1);
        refreshMin(bi);
    }

    private Block<P> freshBlock() {
        if (nSpares == 0) {
            return new Block<>();
        }
        Block<P> b = spares[--nSpares];
        spares[nSpares] = null;
        b.lo = CAP / 2;
        b.hi = CAP / 2;
        return b;
    }

    /**
     * Opens logical position {@code at} in the root, moving whichever side is shorter: priority
     * classes split blocks near the worst end (the lowest bid's arrivals) as often as anywhere, so a
     * root that only shifted right paid O(blocks) for most splits at a million queued.
     */
    private void insertBlock(int at, Block<P> b) {
        boolean left = at < nb - at;
        if (left ? r0 == 0 : r0 + nb == blocks.length) {
            reroot(nb + 1);
            left = at < nb - at;
        }
        if (left) {
            moveRoot(r0, r0 - 1, at);
            r0--;
        } else {
            moveRoot(r0 + at, r0 + at + 1, nb - at);
        }
        blocks[r0 + at] = b;
        nb++;
    }

    private void removeBlock(int at) {
        Block<P> b = blocks[r0 + at];
        if (at < nb - 1 - at) {
            moveRoot(r0, r0 + 1, at);
            blocks[r0] = null;
            r0++;
        } else {
            moveRoot(r0 + at + 1, r0 + at, nb - 1 - at);
            blocks[r0 + nb - 1] = null;
        }
        nb--;
        // empty, its request slots already cleared; keep up to an eighth of the live blocks for reuse
        if (nSpares < Math.max(4, nb / 8)) {
            if (nSpares == spares.length) {
                spares = Arrays.copyOf(spares, nSpares * 2);
            }
            spares[nSpares++] = b;
        }
    }

    /** Re-centres the root in arrays of at least twice {@code room} (growing them if needed). */
    private void reroot(int room) {
        int cap = Math.max(blocks.length, 2 * room);
        if (cap != blocks.length) {
            blocks = Arrays.copyOf(blocks, cap);
            minKey = Arrays.copyOf(minKey, cap);
            minArrival = Arrays.copyOf(minArrival, cap);
            minSeq = Arrays.copyOf(minSeq, cap);
        }
        int to = (cap - nb) / 2;
        moveRoot(r0, to, nb);
        if (to > r0) {
            Arrays.fill(blocks, r0, Math.min(to, r0 + nb), null);
        } else {
            Arrays.fill(blocks, Math.max(to + nb, r0), r0 + nb, null);
        }
        r0 = to;
    }

    private void moveRoot(int from, int to, int n) {
        System.arraycopy(blocks, from, blocks, to, n);
        System.arraycopy(minKey, from, minKey, to, n);
        System.arraycopy(minArrival, from, minArrival, to, n);
        System.arraycopy(minSeq, from, minSeq, to, n);
    }

    /** Up to {@link #CAP} entries sorted worst → best in slots [lo, hi): tuples, requests and bookkeeping side by side. */
    private static final class Block<P> {
        final double[] keys = new double[CAP];
        final long[] seqs = new long[CAP];
        @SuppressWarnings("unchecked")
        final Request<P>[] requests = (Request<P>[]) new Request<?>[CAP];
        final long[] metas = new long[CAP];
        final int[] slots = new int[CAP];
        int lo = CAP / 2;
        int hi = CAP / 2;

        int size() {
            return hi - lo;
        }

        /** The first slot whose tuple is above (k, a, s). */
        int upperBound(double k, long a, long s) {
            int l = lo;
            int h = hi;
            while (l < h) {
                int m = (l + h) >>> 1;
                if (worseThan(k, a, s, m)) {
                    h = m;
                } else {
                    l = m + 1;
                }
            }
            return l;
        }

        /**
         * Whether (k, a, s) is served after slot m. The arrival breaks ties of equal keys only, so it
         * is read from the request rather than kept in an array of its own that every shift moves.
         */
        boolean worseThan(double k, long a, long s, int m) {
            return k != keys[m] ? k < keys[m] : worse(k, a, s, keys[m], requests[m].arrivalNs(), seqs[m]);
        }

        QueuedRequest<P> view(int i) {
            return new QueuedRequest<>(requests[i], seqs[i], keys[i]);
        }

        /** Inserts before slot {@code p}, shifting the cheaper side (room permitting); returns the slot used. */
        int insert(int p, Request<P> r, double k, long a, long s, long meta, int slot) {
            boolean up = hi - p <= p - lo;
            if (up ? hi == CAP : lo == 0) {
                int before = lo;
                recentre(size() + 1);
                p += lo - before;
                up = hi < CAP && (lo == 0 || hi - p <= p - lo);
            }
            if (up) {
                shift(p, p + 1, hi - p);
                hi++;
            } else {
                shift(lo, lo - 1, p - lo);
                lo--;
                p--;
            }
            keys[p] = k;
            seqs[p] = s;
            requests[p] = r;
            metas[p] = meta;
            slots[p] = slot;
            return p;
        }

        void removeAt(int i) {
            if (i - lo < hi - 1 - i) {
                shift(lo, lo + 1, i - lo);
                requests[lo] = null;
                lo++;
            } else {
                shift(i + 1, i, hi - 1 - i);
                hi--;
                requests[hi] = null;
            }
        }

        /** Moves the content so that a block of {@code room} slots would sit centred. */
        void recentre(int room) {
            int n = size();
            int to = (CAP - room) / 2;
            if (to == lo) {
                return;
            }
            shift(lo, to, n);
            if (to > lo) {
                Arrays.fill(requests, lo, Math.min(to, hi), null);
            } else {
                Arrays.fill(requests, Math.max(to + n, lo), hi, null);
            }
            lo = to;
            hi = to + n;
        }

        private void shift(int from, int to, int n) {
            if (n == 0) {
                return;
            }
            System.arraycopy(keys, from, keys, to, n);
            System.arraycopy(seqs, from, seqs, to, n);
            System.arraycopy(requests, from, requests, to, n);
            System.arraycopy(metas, from, metas, to, n);
            System.arraycopy(slots, from, slots, to, n);
        }

        void copyTo(int from, Block<P> dst, int to, int n) {
            System.arraycopy(keys, from, dst.keys, to, n);
            System.arraycopy(seqs, from, dst.seqs, to, n);
            System.arraycopy(requests, from, dst.requests, to, n);
            System.arraycopy(metas, from, dst.metas, to, n);
            System.arraycopy(slots, from, dst.slots, to, n);
        }
    }
}
