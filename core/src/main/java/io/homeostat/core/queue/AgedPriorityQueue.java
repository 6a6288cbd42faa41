package io.homeostat.core.queue;

import io.homeostat.core.Request;
import io.homeostat.core.internal.LongObjectMap;
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
 * (FIFO). Requests with the same bid age in lock step, so they form a FIFO {@link Lane}; three
 * small indexed heaps over the lanes give the best head (pop), the worst tail (shed) and the
 * oldest arrival (the batching window's clock). Insert and pop are O(1) + O(log L) for L
 * distinct bids, L &lt;= n: with a handful of priority classes the cost does not grow with the
 * queue; with all-distinct bids it is a binary heap. Deadlines sit in a lazily-pruned min-heap.
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
    private final LongObjectMap<Lane<P>> lanes = new LongObjectMap<>();
    private final LaneHeap<P> top = new LaneHeap<>(LaneHeap.TOP);
    private final LaneHeap<P> low = new LaneHeap<>(LaneHeap.LOW);
    private final LaneHeap<P> oldest = new LaneHeap<>(LaneHeap.OLDEST);
    private final DeadlineHeap<P> deadlines = new DeadlineHeap<>();
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
        QueuedRequest<P> e = insert(r, nextSeq++);
        List<Dropped<P>> shed = shedPastBound(r.arrivalNs());
        return new Offer<>(e, shed, e.removed);
    }

    /** The entry served next, or null when empty. */
    public QueuedRequest<P> peek() {
        Lane<P> lane = top.peek();
        return lane == null ? null : lane.first();
    }

    /** Removes and returns the entry served next, or null when empty. */
    public QueuedRequest<P> poll() {
        Lane<P> lane = top.peek();
        if (lane == null) {
            return null;
        }
        QueuedRequest<P> e = lane.pollFirst();
        afterRemoval(lane, e, true, false);
        return e;
    }

    /** Removes {@code e} wherever it is (e.g. a request cancelled by its client); false if not queued here. */
    public boolean remove(QueuedRequest<P> e) {
        if (e.removed || e.lane == null || lanes.get(e.lane.bidBits) != e.lane) {
            return false;
        }
        Lane<P> lane = e.lane;
        boolean first = lane.first() == e;
        boolean last = lane.last() == e;
        lane.remove(e);
        afterRemoval(lane, e, first, last);
        return true;
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
        Lane<P> lane = oldest.peek();
        return lane == null ? Long.MAX_VALUE : lane.first().arrivalNs();
    }

    /** Earliest deadline among queued requests, or {@link Request#NO_DEADLINE}. */
    public long earliestDeadlineNs() {
        QueuedRequest<P> e = deadlines.peek();
        return e == null ? Request.NO_DEADLINE : e.request().deadlineNs();
    }

    /** Distinct bid values queued (lanes). */
    public int distinctBids() {
        return lanes.size();
    }

    /** Visits every queued entry (lane by lane, in no particular overall order). */
    public void forEach(Consumer<QueuedRequest<P>> action) {
        List<Lane<P>> all = new ArrayList<>(top.size());
        top.forEach(all::add); // every lane is in every heap; copy so the action cannot disturb the walk
        for (Lane<P> lane : all) {
            lane.forEachLive(action);
        }
    }

    /** All queued entries in service order (O(n log n); for export, checks and tests). */
    public List<QueuedRequest<P>> snapshotInServiceOrder() {
        List<QueuedRequest<P>> out = new ArrayList<>(size);
        forEach(out::add);
        out.sort((a, b) -> a == b ? 0 : a.servedBefore(b) ? -1 : 1);
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

    private QueuedRequest<P> insert(Request<P> r, long seq) {
        if (!hasOrigin) {
            originNs = r.arrivalNs();
            hasOrigin = true;
        }
        double key = r.bid() - alpha * ((r.arrivalNs() - originNs) / NANOS_PER_SECOND);
        QueuedRequest<P> e = new QueuedRequest<>(r, seq, key);
        long bits = Double.doubleToLongBits(r.bid());
        Lane<P> lane = lanes.get(bits);
        boolean fresh = lane == null;
        if (fresh) {
            lane = new Lane<>(r.bid(), bits);
            lanes.put(bits, lane);
        }
        QueuedRequest<P> firstBefore = fresh ? null : lane.first();
        lane.add(e);
        e.lane = lane;
        if (fresh) {
            top.add(lane);
            low.add(lane);
            oldest.add(lane);
        } else {
            if (lane.first() != firstBefore) { // an out-of-order arrival became the lane's head
                top.update(lane);
                oldest.update(lane);
            }
            low.update(lane);
        }
        if (r.hasDeadline()) {
            deadlines.add(e);
        }
        size++;
        tokens += r.tokens();
        blocks += r.blocks();
        return e;
    }

    private List<Dropped<P>> shedPastBound(long nowNs) {
        List<Dropped<P>> shed = List.of();
        while (size > config.maxRequests()) {
            Lane<P> lane = low.peek();
            QueuedRequest<P> victim = lane.pollLast();
            afterRemoval(lane, victim, false, true);
            if (shed.isEmpty()) {
                shed = new ArrayList<>(1);
            }
            shed.add(new Dropped<>(victim.request(), victim.seq(), DropReason.QUEUE_FULL,
                "queue bound of " + config.maxRequests() + " requests reached; shed as the lowest effective priority",
                nowNs, effectivePriority(victim, nowNs)));
        }
        return shed;
    }

    private void afterRemoval(Lane<P> lane, QueuedRequest<P> e, boolean wasFirst, boolean wasLast) {
        size--;
        tokens -= e.request().tokens();
        blocks -= e.request().blocks();
        if (e.request().hasDeadline()) {
            deadlines.forgetOne();
        }
        if (lane.live() == 0) {
            top.remove(lane);
            low.remove(lane);
            oldest.remove(lane);
            lanes.remove(lane.bidBits);
            return;
        }
        if (wasFirst) {
            top.update(lane);
            oldest.update(lane);
        }
        if (wasLast) {
            low.update(lane);
        }
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
     * @param entry    the queued entry (already removed again when {@code rejected})
     * @param shed     requests shed to respect the bound, possibly including the offered one
     * @param rejected whether the offered request itself was shed
     */
    public record Offer<P>(QueuedRequest<P> entry, List<Dropped<P>> shed, boolean rejected) {
    }

    /** The result of {@link #restore}. */
    public record Restored<P>(AgedPriorityQueue<P> queue, List<Dropped<P>> shed) {
    }
}
