package io.homeostat.core.queue;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Every queued entry in service order, kept as a sorted list of small sorted blocks: a B+-tree
 * of height two whose root is one sorted array.
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
 *   <li>comparisons read primitive arrays (key, arrival, seq) side by side, never the entry
 *       objects, so a search does not chase pointers.</li>
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
final class ServiceOrder<P> {
    /** Slots per block: a block's keys span 16 cache lines; splits move the root every ~{@code CAP/2} inserts. */
    static final int CAP = 256;
    private static final int MERGE_BELOW = CAP / 2;

    private Block<P>[] blocks = newBlocks(8);
    private double[] minKey = new double[8];
    private long[] minArrival = new long[8];
    private long[] minSeq = new long[8];
    private int nb;
    /** The blocks the last few inserts went to (priority classes insert at a few places over and over). */
    private final int[] fingers = new int[FINGERS];
    private int nextFinger;
    private static final int FINGERS = 4;
    /** Emptied blocks kept for the next splits, so a queue in steady state allocates no blocks. */
    private Block<P>[] spares = newBlocks(4);
    private int nSpares;

    @SuppressWarnings("unchecked")
    private static <P> Block<P>[] newBlocks(int n) {
        return (Block<P>[]) new Block<?>[n];
    }

    /** Whether tuple 1 is served after tuple 2 (ascending order of this structure). */
    static boolean worse(double k1, long a1, long s1, double k2, long a2, long s2) {
        if (k1 != k2) {
            return k1 < k2;
        }
        if (a1 != a2) {
            return a1 > a2;
        }
        return s1 > s2;
    }

    void add(QueuedRequest<P> e) {
        double k = e.key;
        long a = e.arrivalNs();
        long s = e.seq();
        if (nb == 0) {
            insertBlock(0, freshBlock());
        }
        int bi = fingerFor(k, a, s);
        if (bi < 0) {
            bi = route(k, a, s);
            fingers[nextFinger] = bi;
            nextFinger = (nextFinger + 1) & (FINGERS - 1);
        }
        Block<P> b = blocks[bi];
        if (b.size() == CAP) {
            split(bi);
            if (!worse(k, a, s, minKey[bi + 1], minArrival[bi + 1], minSeq[bi + 1])) {
                bi++;
            }
            b = blocks[bi];
        }
        int at = b.insert(b.upperBound(k, a, s), e, k, a, s);
        if (at == b.lo) {
            refreshMin(bi);
        }
    }

    /** The best entry (served next), or null. */
    QueuedRequest<P> best() {
        if (nb == 0) {
            return null;
        }
        Block<P> b = blocks[nb - 1];
        return b.entries[b.hi - 1];
    }

    QueuedRequest<P> pollBest() {
        if (nb == 0) {
            return null;
        }
        int bi = nb - 1;
        Block<P> b = blocks[bi];
        QueuedRequest<P> e = b.entries[b.hi - 1];
        b.removeAt(b.hi - 1);
        afterRemoval(bi);
        return e;
    }

    QueuedRequest<P> pollWorst() {
        if (nb == 0) {
            return null;
        }
        Block<P> b = blocks[0];
        QueuedRequest<P> e = b.entries[b.lo];
        b.removeAt(b.lo);
        afterRemoval(0);
        return e;
    }

    /** Removes {@code e} (located by its tuple); false when it is not here. */
    boolean remove(QueuedRequest<P> e) {
        if (nb == 0) {
            return false;
        }
        double k = e.key;
        long a = e.arrivalNs();
        long s = e.seq();
        int bi = route(k, a, s);
        Block<P> b = blocks[bi];
        int i = b.upperBound(k, a, s) - 1;
        if (i < b.lo || b.entries[i] != e) {
            return false;
        }
        b.removeAt(i);
        afterRemoval(bi);
        return true;
    }

    /** Visits every entry, best first. */
    void forEachBestFirst(Consumer<QueuedRequest<P>> action) {
        for (int bi = nb - 1; bi >= 0; bi--) {
            Block<P> b = blocks[bi];
            for (int i = b.hi - 1; i >= b.lo; i--) {
                action.accept(b.entries[i]);
            }
        }
    }

    /** A remembered block that {@link #route} would also choose for the tuple, or -1 (then route). */
    private int fingerFor(double k, long a, long s) {
        for (int f : fingers) {
            if (f < nb && (f == 0 || !worse(k, a, s, minKey[f], minArrival[f], minSeq[f]))
                && (f + 1 == nb || worse(k, a, s, minKey[f + 1], minArrival[f + 1], minSeq[f + 1]))) {
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
            if (worse(k, a, s, minKey[mid], minArrival[mid], minSeq[mid])) {
                hi = mid - 1;
            } else {
                lo = mid;
            }
        }
        return lo;
    }

    private void afterRemoval(int bi) {
        Block<P> b = blocks[bi];
        if (b.size() == 0) {
            removeBlock(bi);
            return;
        }
        refreshMin(bi);
        if (b.size() < MERGE_BELOW / 2) {
            if (bi > 0 && blocks[bi - 1].size() + b.size() <= MERGE_BELOW) {
                merge(bi - 1);
            } else if (bi + 1 < nb && blocks[bi + 1].size() + b.size() <= MERGE_BELOW) {
                merge(bi);
            }
        }
    }

    private void refreshMin(int bi) {
        Block<P> b = blocks[bi];
        minKey[bi] = b.keys[b.lo];
        minArrival[bi] = b.arrivals[b.lo];
        minSeq[bi] = b.seqs[b.lo];
    }

    /** Moves the upper half of full block {@code bi} into a new block after it. */
    private void split(int bi) {
        Block<P> b = blocks[bi];
        Block<P> c = freshBlock();
        int half = b.size() / 2;
        int from = b.lo + half;
        int n = b.hi - from;
        c.lo = (CAP - n) / 2;
        c.hi = c.lo + n;
        b.copyTo(from, c, c.lo, n);
        Arrays.fill(b.entries, from, b.hi, null);
        b.hi = from;
        insertBlock(bi + 1, c);
        refreshMin(bi + 1);
    }

    /** Appends block {@code bi + 1} to block {@code bi} and drops it. */
    private void merge(int bi) {
        Block<P> left = blocks[bi];
        Block<P> right = blocks[bi + 1];
        int total = left.size() + right.size();
        left.recentre(total);
        right.copyTo(right.lo, left, left.hi, right.size());
        left.hi += right.size();
        Arrays.fill(right.entries, right.lo, right.hi, null);
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

    private void insertBlock(int at, Block<P> b) {
        if (nb == blocks.length) {
            int n = nb * 2;
            blocks = Arrays.copyOf(blocks, n);
            minKey = Arrays.copyOf(minKey, n);
            minArrival = Arrays.copyOf(minArrival, n);
            minSeq = Arrays.copyOf(minSeq, n);
        }
        int tail = nb - at;
        System.arraycopy(blocks, at, blocks, at + 1, tail);
        System.arraycopy(minKey, at, minKey, at + 1, tail);
        System.arraycopy(minArrival, at, minArrival, at + 1, tail);
        System.arraycopy(minSeq, at, minSeq, at + 1, tail);
        blocks[at] = b;
        nb++;
    }

    private void removeBlock(int at) {
        Block<P> b = blocks[at];
        int tail = nb - at - 1;
        System.arraycopy(blocks, at + 1, blocks, at, tail);
        System.arraycopy(minKey, at + 1, minKey, at, tail);
        System.arraycopy(minArrival, at + 1, minArrival, at, tail);
        System.arraycopy(minSeq, at + 1, minSeq, at, tail);
        nb--;
        blocks[nb] = null;
        // empty, its entry slots already cleared; keep up to an eighth of the live blocks for reuse
        if (nSpares < Math.max(4, nb / 8)) {
            if (nSpares == spares.length) {
                spares = Arrays.copyOf(spares, nSpares * 2);
            }
            spares[nSpares++] = b;
        }
    }

    /** Up to {@link #CAP} entries sorted worst → best in slots [lo, hi), with their tuples beside them. */
    private static final class Block<P> {
        final double[] keys = new double[CAP];
        final long[] arrivals = new long[CAP];
        final long[] seqs = new long[CAP];
        @SuppressWarnings("unchecked")
        final QueuedRequest<P>[] entries = (QueuedRequest<P>[]) new QueuedRequest<?>[CAP];
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
                if (worse(k, a, s, keys[m], arrivals[m], seqs[m])) {
                    h = m;
                } else {
                    l = m + 1;
                }
            }
            return l;
        }

        /** Inserts before slot {@code p}, shifting the cheaper side (room permitting); returns the slot used. */
        int insert(int p, QueuedRequest<P> e, double k, long a, long s) {
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
            arrivals[p] = a;
            seqs[p] = s;
            entries[p] = e;
            return p;
        }

        void removeAt(int i) {
            if (i - lo < hi - 1 - i) {
                shift(lo, lo + 1, i - lo);
                entries[lo] = null;
                lo++;
            } else {
                shift(i + 1, i, hi - 1 - i);
                hi--;
                entries[hi] = null;
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
                Arrays.fill(entries, lo, Math.min(to, hi), null);
            } else {
                Arrays.fill(entries, Math.max(to + n, lo), hi, null);
            }
            lo = to;
            hi = to + n;
        }

        private void shift(int from, int to, int n) {
            if (n == 0) {
                return;
            }
            System.arraycopy(keys, from, keys, to, n);
            System.arraycopy(arrivals, from, arrivals, to, n);
            System.arraycopy(seqs, from, seqs, to, n);
            System.arraycopy(entries, from, entries, to, n);
        }

        void copyTo(int from, Block<P> dst, int to, int n) {
            System.arraycopy(keys, from, dst.keys, to, n);
            System.arraycopy(arrivals, from, dst.arrivals, to, n);
            System.arraycopy(seqs, from, dst.seqs, to, n);
            System.arraycopy(entries, from, dst.entries, to, n);
        }
    }
}
