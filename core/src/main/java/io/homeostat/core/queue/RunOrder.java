package io.homeostat.core.queue;

import io.homeostat.core.Request;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.IntUnaryOperator;

/**
 * The {@link QueueOrder} shape for any mix of bids: a small sorted insertion buffer above sorted
 * runs, merged {@value #FAN_IN} at a time into runs {@value #FAN_IN} times larger, with an
 * {@link ArrivalOrder} ring for the oldest arrival.
 *
 * <h2>Why this shape</h2>
 * With every bid different, a new request sorts anywhere among the queued ones. A search tree pays
 * for that where the entry lands: at a million queued, the B-tree this replaced (sorted blocks under a
 * sorted root) spent 640-1,040 ns per insert + pop, ten to sixteen times its cost at a thousand, in
 * ~5 dependent cache misses and a half-block shift per insert into a block no recent operation had
 * touched (docs/benchmarks.md). This is the cache-aware answer of the external-memory literature:
 * Sanders' sequence heap ("Fast priority queues for cached memory", 1999), the priority-queue form of
 * the log-structured merge tree (O'Neil et al. 1996) and of Bentley and Saxe's logarithmic method
 * (1980). An insert lands in a buffer that stays in L1; every {@value #BUFFER} inserts the buffer
 * becomes a run, and every {@value #FAN_IN} runs of a level are merged into one run of the next by a
 * tournament (loser) tree, reading and writing arrays front to back, which the hardware prefetcher
 * streams. A request that waits long is copied once per level it sinks through, at most three
 * times, by sequential passes instead of random probes; one served soon (a high bid) never
 * leaves the buffer. A first version merged two runs at a time (a binary counter): 6.9 copies per
 * insert + pop at a million queued, and the copies cost more than the B-tree's searches saved.
 *
 * <pre>
 *   insert ─► buffer (≤ 128, sorted, in L1) ──full──► a run of level 0
 *   level 0:  up to 8 runs of ≤ 128 entries   ──8th──► merged into one run of level 1
 *   level 1:  up to 8 runs of ≤ 1,024         ──8th──► level 2: up to 8 runs of ≤ 8,192 ──8th──► level 3
 *   level 3:  any number of runs of ≤ 65,536, never merged (bounds the longest merge, {@link #TOP_LEVEL})
 *   each run sorted worst → best in [lo, hi);  the runs sit in a heap by their best entry
 *   best  = the better of the buffer's top and the heap's top run's top       (pop: hi--, sift down)
 *   worst = the worst of all bottoms (lo)                                     (shed: lo++)
 * </pre>
 *
 * <h2>Finding an entry</h2>
 * Entries arrive here in seq order (offers number them; restore and the move from lanes add them
 * sorted by seq), the buffer becomes a run in that order and a merge joins consecutive runs of one
 * level, so every run holds the entries of one interval of seqs and no two intervals meet. A
 * removal by key ({@link #remove}, {@link #contains}) therefore picks the one run whose interval holds
 * the seq and binary-searches it alone: O(runs + log n).
 *
 * <p>A removal from inside a run (expiry, cancellation) leaves a hole: the slot keeps its tuple, so the
 * run stays sorted, with its seq flagged ({@link #HOLE_BIT}); the ends skip holes, the next merge drops
 * them, and a run with more holes than entries is compacted. A run drained to a quarter of its arrays
 * moves to smaller ones. Insert: O(log 128) in the buffer plus at most three copies, amortized (a
 * merge of up to 65,536 entries every so often). Pop: O(log runs). Shed: O(runs).
 *
 * @param <P> payload type
 */
final class RunOrder<P> extends QueueOrder<P> implements ArrivalOrder.Slots {
    /** Entries the insertion buffer holds before it becomes a run. */
    static final int BUFFER = 128;
    /** Runs a level holds before they are merged into one run of the next level. */
    static final int FAN_IN = 8;
    /**
     * The level whose runs are never merged (runs of at most {@code BUFFER · FAN_IN^TOP} = 65,536
     * entries), so the longest merge is 65,536 entries, ~3.5 ms on the CI machine. Merging on into
     * runs of 524,288 stalled one insert for ~25 ms at a million queued, and each level more would
     * multiply that by eight (docs/benchmarks.md). The price is a run count that grows with the queue
     * past ~500k: n / 65,536 at the top, ~37 runs in all at 1M. A top of 2 (runs of 8,192, ~136 runs at
     * 1M) cost ~100 ns more per insert + pop there, the pops' run tops no longer staying in cache.
     */
    static final int TOP_LEVEL = 3;
    /** Set in a slot's seq when the entry was removed from inside its run. */
    static final long HOLE_BIT = Long.MIN_VALUE;

    /** Entries the buffer takes before it becomes a run ({@link #BUFFER}; smaller in tests, to reach deep levels). */
    private final int bufferCap;
    /** Runs per level before a merge ({@link #FAN_IN}). */
    private final int fanIn;
    /** The level whose runs are never merged ({@link #TOP_LEVEL}). */
    private final int topLevel;
    /** Sorted, with room on both sides (an insert shifts the shorter side); never holds holes. */
    private Run<P> buffer;
    /** The smallest seq the buffer may hold (every run holds only smaller ones). */
    private long bufferFloor = Long.MIN_VALUE;
    private long maxSeqAdded = Long.MIN_VALUE;
    /** levels[l][0 .. counts[l]): level l's runs, oldest first; a higher level is older. */
    @SuppressWarnings("unchecked")
    private Run<P>[][] levels = (Run<P>[][]) new Run<?>[4][];
    private int[] counts = new int[4];
    private int nLevels;
    /** Every run, best top first (a binary heap). */
    private Run<P>[] heap = newRuns(16);
    /** The key of each heap run's top, beside the heap, so a sift compares doubles in one array. */
    private double[] heapTop = new double[16];
    private int heapSize;
    /** Buffers turned into level-0 runs come back here after their merge. */
    private final Run<P>[] spareBuffers;
    private int nSpareBuffers;
    private final ArrivalOrder arrivals = new ArrivalOrder(this);

    RunOrder() {
        this(BUFFER, FAN_IN, TOP_LEVEL);
    }

    RunOrder(int bufferCap, int fanIn, int topLevel) {
        if (bufferCap < 1 || fanIn < 2 || topLevel < 0) {
            throw new IllegalArgumentException("buffer " + bufferCap + ", fan-in " + fanIn + " and top level " + topLevel
                + " must be >= 1, >= 2 and >= 0");
        }
        this.bufferCap = bufferCap;
        this.fanIn = fanIn;
        this.topLevel = topLevel;
        buffer = new Run<>(2 * bufferCap);
        buffer.lo = bufferCap;
        buffer.hi = bufferCap;
        spareBuffers = newRuns(fanIn);
    }

    @SuppressWarnings("unchecked")
    private static <P> Run<P>[] newRuns(int n) {
        return (Run<P>[]) new Run<?>[n];
    }

    @Override
    boolean add(Request<P> r, double k, long s, long meta) {
        if (s <= maxSeqAdded) {
            throw new IllegalArgumentException("entries must come in seq order: seq " + s + " after " + maxSeqAdded);
        }
        maxSeqAdded = s;
        int slot = arrivals.add(k, r.arrivalNs(), s);
        if (buffer.size() == bufferCap) {
            flush();
        }
        buffer.insertSorted(r, k, s, meta, slot);
        return true;
    }

    @Override
    QueuedRequest<P> best() {
        Run<P> b = bestRun();
        return b == null ? null : b.view(b.hi - 1);
    }

    @Override
    boolean pollBest() {
        Run<P> b = bestRun();
        if (b == null) {
            return false;
        }
        take(b, b.hi - 1);
        if (b != buffer) {
            if (b.hi == b.lo) {
                dropRun(b);
            } else {
                Run<P> smaller = b.shrunk(32 * bufferCap);
                if (smaller != b) {
                    replaceRun(b, smaller);
                    heap[0] = smaller;
                }
                heapTop[0] = smaller.key(smaller.hi - 1);
                siftRootDown();
            }
        }
        return true;
    }

    @Override
    boolean pollWorst() {
        Run<P> w = buffer.size() > 0 ? buffer : null;
        for (int h = 0; h < heapSize; h++) {
            Run<P> r = heap[h];
            if (w == null || r.worseThan(r.lo, w, w.lo)) {
                w = r;
            }
        }
        if (w == null) {
            return false;
        }
        takeFromRun(w, w.lo);
        return true;
    }

    @Override
    boolean remove(QueuedRequest<P> e) {
        Run<P> run = runFor(e.seq());
        int i = run == null ? -1 : run.find(e.key(), e.arrivalNs(), e.seq());
        if (i < 0) {
            return false;
        }
        takeFromRun(run, i);
        return true;
    }

    @Override
    boolean contains(QueuedRequest<P> e) {
        Run<P> run = runFor(e.seq());
        return run != null && run.find(e.key(), e.arrivalNs(), e.seq()) >= 0;
    }

    @Override
    long oldestArrivalNs() {
        return arrivals.oldestArrivalNs();
    }

    @Override
    public void setSlot(double k, long a, long s, int slot) {
        Run<P> run = runFor(s);
        int i = run == null ? -1 : run.find(k, a, s);
        if (i < 0) {
            throw new IllegalStateException("no queued entry with seq " + s + " to move to arrival slot " + slot);
        }
        run.data[i * Run.W + Run.SLOT] = slot;
    }

    @Override
    public void remapSlots(IntUnaryOperator newSlot) {
        buffer.remapSlots(newSlot);
        for (int h = 0; h < heapSize; h++) {
            heap[h].remapSlots(newSlot);
        }
    }

    @Override
    void forEachBestFirst(Consumer<QueuedRequest<P>> action) {
        int n = heapSize + 1;
        Run<P>[] runs = newRuns(n);
        int[] at = new int[n];
        runs[0] = buffer;
        System.arraycopy(heap, 0, runs, 1, heapSize);
        for (int l = 0; l < n; l++) {
            at[l] = runs[l].hi - 1;
        }
        while (true) {
            int best = -1;
            for (int l = 0; l < n; l++) {
                Run<P> r = runs[l];
                while (at[l] >= r.lo && r.seq(at[l]) < 0) {
                    at[l]--;
                }
                if (at[l] >= r.lo && (best < 0 || runs[best].worseThan(at[best], r, at[l]))) {
                    best = l;
                }
            }
            if (best < 0) {
                return;
            }
            action.accept(runs[best].view(at[best]--));
        }
    }

    /** Slots held between the ends of the buffer and every run, holes included (for tests: memory follows the live count). */
    int slotsHeld() {
        int n = buffer.hi - buffer.lo;
        for (int h = 0; h < heapSize; h++) {
            n += heap[h].hi - heap[h].lo;
        }
        return n;
    }

    /** Runs besides the buffer (for tests). */
    int runCount() {
        return heapSize;
    }

    /** The buffer or the run whose top is served next, or null when empty. */
    private Run<P> bestRun() {
        Run<P> h = heapSize > 0 ? heap[0] : null;
        if (buffer.size() > 0 && (h == null || h.worseThan(h.hi - 1, buffer, buffer.hi - 1))) {
            return buffer;
        }
        return h;
    }

    /** The run whose seq interval holds {@code s} (newest first: the buffer, then level 0 up), or null. */
    private Run<P> runFor(long s) {
        if (s >= bufferFloor) {
            return buffer;
        }
        for (int l = 0; l < nLevels; l++) {
            Run<P>[] level = levels[l];
            for (int i = counts[l] - 1; i >= 0; i--) {
                if (level[i].floor <= s) {
                    return level[i];
                }
            }
        }
        return null;
    }

    private void take(Run<P> run, int i) {
        lastRequest = run.requests[i];
        lastKey = run.key(i);
        lastSeq = run.seq(i);
        lastMeta = run.meta(i);
        arrivals.remove(run.slot(i));
        if (run == buffer) {
            buffer.removeShifting(i);
        } else {
            run.removeAt(i);
        }
    }

    /** {@link #take} for a removal anywhere (shed, removal by key): the heap is rebuilt if the run's top changed. */
    private void takeFromRun(Run<P> run, int i) {
        boolean top = i == run.hi - 1;
        take(run, i);
        if (run == buffer) {
            return;
        }
        if (run.hi == run.lo) {
            dropRun(run);
        } else if (top) {
            rebuildHeap();
        }
    }

    /**
     * Turns the full buffer into a run of level 0 and merges every level below the top that reaches
     * {@link #FAN_IN} runs into one run of the next, like a base-8 counter's carry: level l is merged
     * once every 8^(l+1) flushes, so each entry is copied once per level it reaches.
     */
    private void flush() {
        Run<P> full = buffer;
        full.floor = bufferFloor;
        bufferFloor = maxSeqAdded; // the entry being added, which goes to the new buffer
        buffer = nSpareBuffers > 0 ? spareBuffers[--nSpareBuffers] : new Run<>(2 * bufferCap);
        buffer.lo = bufferCap;
        buffer.hi = bufferCap;
        addRun(0, full);
        for (int l = 0; l < topLevel && counts[l] == fanIn; l++) {
            Run<P> merged = Tournament.merge(levels[l], fanIn);
            for (int i = 0; i < fanIn; i++) {
                Run<P> r = levels[l][i];
                levels[l][i] = null;
                if (l == 0 && nSpareBuffers < fanIn) {
                    r.clear();
                    spareBuffers[nSpareBuffers++] = r;
                }
            }
            counts[l] = 0;
            addRun(l + 1, merged);
        }
        rebuildHeap();
    }

    private void addRun(int l, Run<P> r) {
        if (l == levels.length) {
            levels = Arrays.copyOf(levels, 2 * l);
            counts = Arrays.copyOf(counts, 2 * l);
        }
        if (levels[l] == null) {
            levels[l] = newRuns(fanIn);
        } else if (counts[l] == levels[l].length) { // the top level, which is never merged
            levels[l] = Arrays.copyOf(levels[l], 2 * counts[l]);
        }
        levels[l][counts[l]++] = r;
        nLevels = Math.max(nLevels, l + 1);
    }

    /** Where run r sits: its level in the high 32 bits, its index in that level in the low 32. */
    private long placeOf(Run<P> r) {
        for (int l = 0; l < nLevels; l++) {
            for (int i = 0; i < counts[l]; i++) {
                if (levels[l][i] == r) {
                    return (long) l << 32 | i;
                }
            }
        }
        throw new IllegalStateException("run not found");
    }

    /** Puts {@code by} in {@code r}'s place in its level (the caller fixes the heap). */
    private void replaceRun(Run<P> r, Run<P> by) {
        long at = placeOf(r);
        levels[(int) (at >>> 32)][(int) at] = by;
    }

    /** Forgets an emptied run. */
    private void dropRun(Run<P> r) {
        long at = placeOf(r);
        int l = (int) (at >>> 32);
        int i = (int) at;
        System.arraycopy(levels[l], i + 1, levels[l], i, counts[l] - i - 1);
        levels[l][--counts[l]] = null;
        rebuildHeap();
    }

    /** Puts every non-empty run in the heap, best top first: O(runs). */
    private void rebuildHeap() {
        int n = 0;
        for (int l = 0; l < nLevels; l++) {
            for (int i = 0; i < counts[l]; i++) {
                if (n == heap.length) {
                    heap = Arrays.copyOf(heap, 2 * n);
                    heapTop = Arrays.copyOf(heapTop, 2 * n);
                }
                Run<P> r = levels[l][i];
                heapTop[n] = r.key(r.hi - 1);
                heap[n++] = r;
            }
        }
        Arrays.fill(heap, n, heapSize > n ? heapSize : n, null);
        heapSize = n;
        for (int h = (n >>> 1) - 1; h >= 0; h--) {
            siftDown(h);
        }
    }

    /** Whether heap run x's top is served after heap run y's. */
    private boolean topWorse(int x, int y) {
        double kx = heapTop[x];
        double ky = heapTop[y];
        return kx != ky ? kx < ky : tieWorse(heap[x], heap[y]);
    }

    /** Whether run rx's top is served after run ry's when their keys are equal (arrival, then seq). */
    private static <P> boolean tieWorse(Run<P> rx, Run<P> ry) {
        return rx.worseThan(rx.hi - 1, ry, ry.hi - 1);
    }

    /**
     * Restores the heap after its top run's top got worse (a pop), bottom-up (Floyd; Wegener's
     * "bottom-up heapsort", 1993): the hole walks down to a leaf along the better children, one
     * comparison per level, and the run climbs back from there. The popped run's next entry is
     * usually worse than most run tops, so it climbs a step or two: about log2(runs) + 2 comparisons
     * against the 2 log2(runs) of a sift that tests the run at every level.
     */
    private void siftRootDown() {
        Run<P> r = heap[0];
        double k = heapTop[0];
        int n = heapSize;
        int h = 0;
        int c;
        while ((c = 2 * h + 1) < n) {
            if (c + 1 < n && topWorse(c, c + 1)) {
                c++;
            }
            heap[h] = heap[c];
            heapTop[h] = heapTop[c];
            h = c;
        }
        while (h > 0) {
            int p = (h - 1) >>> 1;
            double kp = heapTop[p];
            Run<P> rp = heap[p];
            if (k != kp ? k < kp : tieWorse(r, rp)) {
                break;
            }
            heap[h] = rp;
            heapTop[h] = kp;
            h = p;
        }
        heap[h] = r;
        heapTop[h] = k;
    }

    private void siftDown(int h) {
        int half = heapSize >>> 1;
        while (h < half) {
            int c = 2 * h + 1;
            if (c + 1 < heapSize && topWorse(c, c + 1)) {
                c++;
            }
            if (!topWorse(h, c)) {
                break;
            }
            swap(h, c);
            h = c;
        }
    }

    private void swap(int x, int y) {
        Run<P> r = heap[x];
        heap[x] = heap[y];
        heap[y] = r;
        double k = heapTop[x];
        heapTop[x] = heapTop[y];
        heapTop[y] = k;
    }

    /**
     * A k-way merge by a tournament tree of losers (Knuth, TAOCP vol. 3, 5.4.1): each entry out costs
     * log2 k comparisons, against the k - 1 of a scan of the heads. Ascending: the worst entry first.
     */
    private static final class Tournament<P> {
        private final Run<P>[] in;
        private final int[] pos;
        private final int[] end;
        /** The key at each input's position, +infinity when exhausted (checked exactly on ties). */
        private final double[] cur;
        /** tree[0]: the input whose entry goes out next; tree[1 .. m): the loser of each match. */
        private final int[] tree;
        private final int m;

        private Tournament(Run<P>[] in, int n) {
            int size = 1;
            while (size < n) {
                size <<= 1;
            }
            m = size;
            this.in = Arrays.copyOf(in, m);
            pos = new int[m];
            end = new int[m];
            cur = new double[m];
            tree = new int[m];
            for (int x = 0; x < m; x++) {
                if (x < n) {
                    pos[x] = in[x].lo;
                    end[x] = in[x].hi;
                }
                cur[x] = pos[x] < end[x] ? in[x].key(pos[x]) : Double.POSITIVE_INFINITY;
            }
            int[] winner = new int[2 * m];
            for (int x = 0; x < m; x++) {
                winner[m + x] = x;
            }
            for (int node = m - 1; node >= 1; node--) {
                int a = winner[2 * node];
                int b = winner[2 * node + 1];
                boolean aFirst = first(a, b);
                winner[node] = aFirst ? a : b;
                tree[node] = aFirst ? b : a;
            }
            tree[0] = winner[1];
        }

        /** Merges the live entries of in[0 .. n) into a new run of exactly their count. */
        static <P> Run<P> merge(Run<P>[] in, int n) {
            int total = 0;
            long floor = Long.MAX_VALUE;
            for (int x = 0; x < n; x++) {
                total += in[x].size();
                floor = Math.min(floor, in[x].floor);
            }
            Run<P> out = new Run<>(Math.max(total, 1));
            out.floor = floor;
            new Tournament<>(in, n).into(out);
            return out;
        }

        /** Whether input x's entry goes out before input y's (it is worse). */
        private boolean first(int x, int y) {
            double a = cur[x];
            double b = cur[y];
            if (a != b) {
                return a < b;
            }
            boolean xDone = pos[x] == end[x];
            boolean yDone = pos[y] == end[y];
            if (xDone || yDone) {
                return !xDone;
            }
            return in[x].worseThan(pos[x], in[y], pos[y]);
        }

        private void into(Run<P> out) {
            int o = 0;
            while (true) {
                int w = tree[0];
                int i = pos[w];
                if (i == end[w]) {
                    break;
                }
                o = out.put(o, in[w], i);
                pos[w] = ++i;
                cur[w] = i < end[w] ? in[w].key(i) : Double.POSITIVE_INFINITY;
                for (int node = (w + m) >>> 1; node > 0; node >>>= 1) {
                    int t = tree[node];
                    if (first(t, w)) {
                        tree[node] = w;
                        w = t;
                    }
                }
                tree[0] = w;
            }
            out.lo = 0;
            out.hi = o;
            out.holes = 0;
        }
    }

    /**
     * Entries sorted worst → best in slots [lo, hi), which never start or end with a hole. A slot's
     * key (raw bits), arrival, seq, bookkeeping and arrival-ring index sit side by side in one long
     * array (40 B), beside the request array: two streams per run, so an eight-way merge reads 16
     * sequential streams (with one array per field it read 40, more than the prefetchers follow). The
     * arrival is kept for ties of equal keys (strict priority, alpha 0, gives every entry of a bid the
     * same key): reading it from the request cost a pointer chase per comparison, 40% more per
     * insert + pop with sixteen bids at a million queued.
     */
    private static final class Run<P> {
        static final int W = 5;
        static final int KEY = 0;
        static final int ARRIVAL = 1;
        static final int SEQ = 2;
        static final int META = 3;
        static final int SLOT = 4;

        final long[] data;
        final Request<P>[] requests;
        int lo;
        int hi;
        /** Holes in [lo, hi). */
        int holes;
        /** The smallest seq this run may hold: runs hold disjoint intervals of seqs. */
        long floor;

        @SuppressWarnings("unchecked")
        Run(int cap) {
            data = new long[cap * W];
            requests = (Request<P>[]) new Request<?>[cap];
        }

        int capacity() {
            return requests.length;
        }

        int size() {
            return hi - lo - holes;
        }

        double key(int i) {
            return Double.longBitsToDouble(data[i * W + KEY]);
        }

        long arrival(int i) {
            return data[i * W + ARRIVAL];
        }

        long seq(int i) {
            return data[i * W + SEQ];
        }

        long meta(int i) {
            return data[i * W + META];
        }

        int slot(int i) {
            return (int) data[i * W + SLOT];
        }

        /** Whether slot i here is served after slot j of {@code o} (holes compare by the tuple they keep). */
        boolean worseThan(int i, Run<P> o, int j) {
            double k = key(i);
            double ok = o.key(j);
            if (k != ok) {
                return k < ok;
            }
            return worse(k, arrival(i), seq(i) & ~HOLE_BIT, ok, o.arrival(j), o.seq(j) & ~HOLE_BIT);
        }

        /** Whether (k, a, s) is served after slot m. */
        boolean tupleWorseThan(double k, long a, long s, int m) {
            double km = key(m);
            return k != km ? k < km : worse(k, a, s, km, arrival(m), seq(m) & ~HOLE_BIT);
        }

        /** The first slot whose tuple is above (k, a, s). */
        int upperBound(double k, long a, long s) {
            int l = lo;
            int h = hi;
            while (l < h) {
                int m = (l + h) >>> 1;
                if (tupleWorseThan(k, a, s, m)) {
                    h = m;
                } else {
                    l = m + 1;
                }
            }
            return l;
        }

        /** The slot of the live entry with this tuple, or -1. */
        int find(double k, long a, long s) {
            int i = upperBound(k, a, s) - 1;
            return i >= lo && seq(i) == s && key(i) == k && arrival(i) == a ? i : -1;
        }

        /** Copies the entry at slot i of {@code src} to slot o unless it is a hole; returns the next free slot. */
        int put(int o, Run<P> src, int i) {
            long[] d = src.data;
            int from = i * W;
            int to = o * W;
            long s = d[from + SEQ];
            data[to] = d[from];
            data[to + ARRIVAL] = d[from + ARRIVAL];
            data[to + SEQ] = s;
            data[to + META] = d[from + META];
            data[to + SLOT] = d[from + SLOT];
            requests[o] = src.requests[i];
            return s < 0 ? o : o + 1;
        }

        /** Copies src's live entries, in order, to slots from o (src may be this run, with o <= src.lo); returns the next free slot. */
        int putLive(int o, Run<P> src) {
            for (int i = src.lo; i < src.hi; i++) {
                o = put(o, src, i);
            }
            return o;
        }

        QueuedRequest<P> view(int i) {
            return new QueuedRequest<>(requests[i], seq(i), key(i));
        }

        /** Inserts in order, shifting the shorter side (re-centring when that side has no room). */
        void insertSorted(Request<P> r, double k, long s, long meta, int slot) {
            long a = r.arrivalNs();
            int p = upperBound(k, a, s);
            boolean up = hi - p <= p - lo;
            if (up ? hi == capacity() : lo == 0) {
                int n = size();
                int to = (capacity() - n - 1) / 2;
                shift(lo, to, n);
                if (to > lo) {
                    Arrays.fill(requests, lo, Math.min(to, hi), null);
                } else {
                    Arrays.fill(requests, Math.max(to + n, lo), hi, null);
                }
                p += to - lo;
                lo = to;
                hi = to + n;
                up = hi < capacity() && (lo == 0 || hi - p <= p - lo);
            }
            if (up) {
                shift(p, p + 1, hi - p);
                hi++;
            } else {
                shift(lo, lo - 1, p - lo);
                lo--;
                p--;
            }
            int at = p * W;
            data[at + KEY] = Double.doubleToRawLongBits(k);
            data[at + ARRIVAL] = a;
            data[at + SEQ] = s;
            data[at + META] = meta;
            data[at + SLOT] = slot;
            requests[p] = r;
        }

        /** Removes slot i by shifting the shorter side (the buffer, which never holds holes). */
        void removeShifting(int i) {
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

        /** Removes slot i of a run: an end moves in (past any holes), an inner slot becomes a hole. */
        void removeAt(int i) {
            if (i == hi - 1) {
                requests[--hi] = null;
            } else if (i == lo) {
                requests[lo++] = null;
            } else {
                data[i * W + SEQ] |= HOLE_BIT;
                holes++;
                if (holes > size() && holes > 16) {
                    compact();
                }
                return;
            }
            while (hi > lo && seq(hi - 1) < 0) {
                requests[--hi] = null;
                holes--;
            }
            while (lo < hi && seq(lo) < 0) {
                requests[lo++] = null;
                holes--;
            }
            if (hi == lo) {
                lo = 0;
                hi = 0;
            }
        }

        /** Drops the holes in place (more holes than entries), keeping the order. */
        private void compact() {
            int o = putLive(lo, this);
            Arrays.fill(requests, o, hi, null);
            hi = o;
            holes = 0;
        }

        /** This run, or its live entries in arrays of twice their count once they fill less than a quarter of at least {@code minCapacity} slots. */
        Run<P> shrunk(int minCapacity) {
            int n = size();
            if (capacity() < minCapacity || n >= capacity() / 4) {
                return this;
            }
            Run<P> r = new Run<>(2 * n);
            r.floor = floor;
            r.lo = 0;
            r.hi = r.putLive(0, this);
            return r;
        }

        void remapSlots(IntUnaryOperator newSlot) {
            for (int i = lo; i < hi; i++) {
                if (seq(i) >= 0) {
                    data[i * W + SLOT] = newSlot.applyAsInt(slot(i));
                }
            }
        }

        void clear() {
            Arrays.fill(requests, lo, hi, null);
            lo = 0;
            hi = 0;
            holes = 0;
        }

        private void shift(int from, int to, int n) {
            if (n == 0) {
                return;
            }
            System.arraycopy(data, from * W, data, to * W, n * W);
            System.arraycopy(requests, from, requests, to, n);
        }
    }
}
