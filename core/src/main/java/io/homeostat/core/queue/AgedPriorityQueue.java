package io.homeostat.core.queue;

import io.homeostat.core.Request;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * A bounded priority queue with lazy aging: {@code P_eff(t) = bid + alpha * (t - arrival)}.
 *
 * <h2>Why it is exact without re-sorting</h2>
 * With one {@code alpha} for all requests, {@code P_eff(a, t) - P_eff(b, t) = key(a) - key(b)}
 * with the constant {@code key = bid - alpha * arrival}: the order by effective priority is the
 * same at every instant, so it is kept by the constant key and never re-heapified (DESIGN.md
 * section 3). Keys are taken relative to an origin (the first arrival, persisted in {@link State})
 * so epoch-sized times do not eat the double's precision. {@code P_eff} itself is computed only
 * when a request is dispatched or dropped, for reporting.
 *
 * <h2>Direction</h2>
 * A <b>bigger</b> bid (and a longer wait) is served first. Triton and vLLM use the opposite
 * convention (smaller priority value first).
 *
 * <h2>Order and structure</h2>
 * Served first: higher key; among equal keys the earlier arrival; then the lower sequence number
 * (FIFO). The entries sit in one of two shapes of {@link QueueOrder}: {@link LaneOrder}, one FIFO
 * per bid, while there are at most eight distinct bids (priority levels; insert and pop O(1)), and
 * {@link RunOrder}, an insertion buffer over sorted runs merged eight at a time (a sequence heap), for
 * any mix (insert O(log n) amortized in sequential copies, pop O(log runs), shed O(runs), removal by
 * key O(runs + log n)). A ninth bid, or an arrival far behind its lane, moves every entry to the
 * runs once, O(n log n) (docs/benchmarks.md has the pause). The queue goes back to lanes when it
 * empties, and lets go of the runs.
 * Deadlines sit in a lazily-pruned min-heap.
 *
 * <h2>Starvation bound</h2>
 * A request r (bid b, arrival t) is served before every request that arrives later than
 * {@code t + (B - b) / alpha}, where B is the largest bid in use: only requests arriving within
 * that horizon can overtake it. {@code alpha = 0} gives strict priority (no bound).
 *
 * <h2>Bound</h2>
 * Past {@code maxRequests} the lowest effective priority (ties: the latest arrival) is shed and
 * returned with {@link DropReason#QUEUE_FULL}; it may be the request just offered.
 *
 * <p>Not thread-safe: one queue per pool, owned by one thread.
 *
 * @param <P> payload type
 */
public final class AgedPriorityQueue<P> {
    /** Current version of {@link State}. */
    public static final int STATE_VERSION = 1;
    private static final double NANOS_PER_SECOND = 1e9;

    private final QueueConfig config;
    private final double alpha;
    private final LaneOrder<P> lanes = new LaneOrder<>();
    private RunOrder<P> runs = new RunOrder<>();
    /** {@link #lanes} or {@link #runs}: the shape holding every entry. */
    private QueueOrder<P> order = lanes;
    private final DeadlineHeap<P> deadlines = new DeadlineHeap<>(this::contains);
    private long nextSeq = 1;
    private long originNs;
    private boolean hasOrigin;
    private int size;
    private long tokens;
    private long blocks;

    public AgedPriorityQueue(QueueConfig config) {
        this.config = config;
        this.alpha = config.alphaPerSecond();
    }

    public QueueConfig config() {
        return config;
    }

    /**
     * Queues {@code r} (its arrival is the time of the offer) and sheds past the bound.
     *
     * @return the queued entry and what was shed to make room (usually nothing; possibly the entry)
     */
    public Offer<P> offer(Request<P> r) {
        long seq = nextSeq++;
        double key = insert(r, seq);
        List<Dropped<P>> shed = shedPastBound(r.arrivalNs());
        boolean rejected = false;
        for (Dropped<P> d : shed) {
            rejected |= d.seq() == seq;
        }
        return new Offer<>(r, seq, key, shed, rejected);
    }

    /** The entry served next, or null when empty. */
    public QueuedRequest<P> peek() {
        return order.best();
    }

    /** Removes and returns the entry served next, or null when empty. */
    public QueuedRequest<P> poll() {
        if (!order.pollBest()) {
            return null;
        }
        return afterRemoval();
    }

    /** Removes {@code e} wherever it is (e.g. a request cancelled by its client); false if not queued here. */
    public boolean remove(QueuedRequest<P> e) {
        if (!order.remove(e)) {
            return false;
        }
        afterRemoval();
        return true;
    }

    /** Whether {@code e} is still queued here. */
    public boolean contains(QueuedRequest<P> e) {
        return order.contains(e);
    }

    /** Removes every request whose deadline is at or before {@code nowNs}, earliest deadline first. */
    public List<Dropped<P>> expire(long nowNs) {
        List<Dropped<P>> out = null;
        QueuedRequest<P> e;
        while ((e = deadlines.peek()) != null && e.request().deadlineNs() <= nowNs) {
            if (out == null) {
                out = new ArrayList<>();
            }
            long late = nowNs - e.request().deadlineNs();
            remove(e);
            out.add(new Dropped<>(e.request(), e.seq(), DropReason.EXPIRED,
                "deadline passed while queued (" + (late / 1_000_000) + " ms ago, after waiting "
                    + ((nowNs - e.arrivalNs()) / 1_000_000) + " ms)", nowNs, effectivePriority(e, nowNs)));
        }
        return out == null ? List.of() : out;
    }

    /** {@code P_eff = bid + alpha * (now - arrival)} in bid units (wait in seconds). */
    public double effectivePriority(QueuedRequest<P> e, long nowNs) {
        return e.request().bid() + alpha * ((nowNs - e.arrivalNs()) / NANOS_PER_SECOND);
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Sum of prompt + max new tokens over queued requests. */
    public long queuedTokens() {
        return tokens;
    }

    /** Sum of KV blocks over queued requests. */
    public long queuedBlocks() {
        return blocks;
    }

    /** Earliest arrival among queued requests, or {@link Long#MAX_VALUE} when empty. */
    public long oldestArrivalNs() {
        return order.oldestArrivalNs();
    }

    /** Earliest deadline among queued requests, or {@link Request#NO_DEADLINE}. */
    public long earliestDeadlineNs() {
        QueuedRequest<P> e = deadlines.peek();
        return e == null ? Request.NO_DEADLINE : e.request().deadlineNs();
    }

    /** Visits every queued entry, best first; the action may change the queue (it walks a copy). */
    public void forEach(Consumer<QueuedRequest<P>> action) {
        snapshotInServiceOrder().forEach(action);
    }

    /** All queued entries in service order, best first (O(n); for export, checks and tests). */
    public List<QueuedRequest<P>> snapshotInServiceOrder() {
        List<QueuedRequest<P>> out = new ArrayList<>(size);
        order.forEachBestFirst(out::add);
        return out;
    }

    /** What the queue itself must persist; entries are persisted by the caller, keyed by seq. */
    public State exportState() {
        return new State(STATE_VERSION, nextSeq, hasOrigin, originNs);
    }

    /**
     * Rebuilds a queue from its state and its entries (as persisted by the caller, in any order).
     * The rebuilt queue serves in exactly the original order: keys depend only on bid, arrival and
     * the persisted origin; ties on seq. Entries beyond the bound are shed and returned.
     */
    public static <P> Restored<P> restore(QueueConfig config, State state, Collection<Entry<P>> entries) {
        if (state.version() != STATE_VERSION) {
            throw new IllegalArgumentException("queue state version " + state.version()
                + " is not readable by this build (reads " + STATE_VERSION + ")");
        }
        AgedPriorityQueue<P> q = new AgedPriorityQueue<>(config);
        q.hasOrigin = state.hasOrigin();
        q.originNs = state.originNs();
        List<Entry<P>> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::seq));
        long maxSeq = 0;
        long latest = Long.MIN_VALUE;
        for (Entry<P> en : sorted) {
            if (en.seq() >= state.nextSeq()) {
                throw new IllegalArgumentException("queue entry seq " + en.seq() + " is not below the state's next seq "
                    + state.nextSeq() + ": state and entries are from different points in time");
            }
            if (en.seq() == maxSeq) {
                throw new IllegalArgumentException("duplicate queue entry seq " + en.seq());
            }
            q.insert(en.request(), en.seq());
            maxSeq = en.seq();
            latest = Math.max(latest, en.request().arrivalNs());
        }
        q.nextSeq = state.nextSeq();
        return new Restored<>(q, q.shedPastBound(latest));
    }

    /** Queues {@code r} under {@code seq} and returns its key. */
    private double insert(Request<P> r, long seq) {
        if (!hasOrigin) {
            originNs = r.arrivalNs();
            hasOrigin = true;
        }
        double key = r.bid() - alpha * ((r.arrivalNs() - originNs) / NANOS_PER_SECOND);
        long meta = QueueOrder.meta(r);
        if (!order.add(r, key, seq, meta)) {
            moveToRuns();
            runs.add(r, key, seq, meta);
        }
        if (r.hasDeadline()) {
            deadlines.add(new QueuedRequest<>(r, seq, key));
        }
        size++;
        tokens += r.tokens();
        blocks += r.blocks();
        return key;
    }

    /**
     * Moves every entry from the lanes to the runs (a bid or an arrival the lanes do not take), in seq
     * order, which the runs require. The lanes give them in arrival order, which differs from seq
     * order only by late arrivals (at most {@link LaneOrder#MAX_LATE_MOVES} slots), so the sort (a
     * merge sort that finds the sorted stretches) is close to linear, and the runs' arrival ring
     * seldom has to move an entry.
     */
    private void moveToRuns() {
        List<QueuedRequest<P>> all = new ArrayList<>(size);
        lanes.forEachInArrivalOrder(all::add);
        all.sort(Comparator.comparingLong(QueuedRequest::seq));
        all.forEach(e -> runs.add(e.request(), e.key(), e.seq(), QueueOrder.meta(e.request())));
        lanes.clear();
        order = runs;
    }

    /** The shape holding the entries: {@code lanes} or {@code runs} (for tests and diagnostics). */
    String shape() {
        return order == lanes ? "lanes" : "runs";
    }

    private List<Dropped<P>> shedPastBound(long nowNs) {
        List<Dropped<P>> shed = List.of();
        while (size > config.maxRequests()) {
            order.pollWorst();
            QueuedRequest<P> victim = afterRemoval();
            if (shed.isEmpty()) {
                shed = new ArrayList<>(1);
            }
            shed.add(new Dropped<>(victim.request(), victim.seq(), DropReason.QUEUE_FULL,
                "queue bound of " + config.maxRequests() + " requests reached; shed as the lowest effective priority",
                nowNs, effectivePriority(victim, nowNs)));
        }
        return shed;
    }

    /** Accounts for the entry the service order just took out, and returns it. */
    private QueuedRequest<P> afterRemoval() {
        QueuedRequest<P> e = new QueuedRequest<>(order.lastRequest, order.lastSeq, order.lastKey);
        long meta = order.lastMeta;
        size--;
        tokens -= QueueOrder.tokensOf(meta);
        blocks -= QueueOrder.blocksOf(meta);
        if (QueueOrder.hasDeadline(meta)) {
            deadlines.forgetOne();
        }
        if (size == 0 && order == runs) {
            order = lanes;
            runs = new RunOrder<>(); // let go of the levels and arrival ring sized for the largest queue so far
        }
        return e;
    }

    /**
     * What the queue persists besides its entries.
     *
     * @param version   {@link #STATE_VERSION}
     * @param nextSeq   the sequence number the next offer gets
     * @param hasOrigin whether an origin was fixed (any request ever queued)
     * @param originNs  time origin of the keys
     */
    public record State(int version, long nextSeq, boolean hasOrigin, long originNs) {
    }

    /** A persisted entry: its sequence number and request. */
    public record Entry<P>(long seq, Request<P> request) {
    }

    /**
     * The result of {@link #offer}.
     *
     * @param request  the offered request
     * @param seq      its queue sequence number
     * @param key      its ordering key
     * @param shed     requests shed to respect the bound, possibly including the offered one
     * @param rejected whether the offered request itself was shed
     */
    public record Offer<P>(Request<P> request, long seq, double key, List<Dropped<P>> shed, boolean rejected) {
        /** The queued entry (already removed again when {@code rejected}). */
        public QueuedRequest<P> entry() {
            return new QueuedRequest<>(request, seq, key);
        }
    }

    /** The result of {@link #restore}. */
    public record Restored<P>(AgedPriorityQueue<P> queue, List<Dropped<P>> shed) {
    }
}
