package io.homeostat.core.scheduler;

import io.homeostat.core.Request;
import io.homeostat.core.control.BlockBudget;
import io.homeostat.core.control.CompletionReport;
import io.homeostat.core.control.ControllerAdvice;
import io.homeostat.core.control.QueueingController;
import io.homeostat.core.entropy.EntropySensor;
import io.homeostat.core.fairness.FairnessLedger;
import io.homeostat.core.policy.BatchLimits;
import io.homeostat.core.policy.BatchPolicies;
import io.homeostat.core.policy.BatchPolicy;
import io.homeostat.core.policy.CutDecision;
import io.homeostat.core.policy.CutReason;
import io.homeostat.core.policy.PolicyInput;
import io.homeostat.core.policy.PolicyState;
import io.homeostat.core.queue.AgedPriorityQueue;
import io.homeostat.core.queue.DropReason;
import io.homeostat.core.queue.Dropped;
import io.homeostat.core.queue.QueuedRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * One pool's scheduler: the sensor, the aged queue, the controller, the fairness ledger and a
 * batch policy, wired the same way for every driver (Kafka Streams processor, simulator, tests).
 *
 * <pre>
 *  offer(request) ──► sensor.record, controller.onArrival ──► queue.offer ──► shed? ──► OfferResult
 *                                                                              (cutDue: tick now)
 *  tick(now) ──► queue.expire(now) ──► [in flight &lt; max?] ──► policy.decide(view at now)
 *                    │                                          │ cut                │ wait
 *                    ▼                                          ▼                    ▼
 *                 dropped            pop by P_eff within requests / tokens / KV budget   nextDecisionNs
 *                                    controller.onBatchCut (reserve, eviction advice) ──► ScheduledBatch
 *  onCompletion(report) ──► controller (fit, pool state, release) + policy (AIMD)
 *  snapshot(now) ──► StabilityState, closes the metrics interval
 * </pre>
 *
 * <h2>Time</h2>
 * Every method takes the time it acts at; arrivals use the request's recorded
 * {@link Request#arrivalNs()}. Nothing reads a clock, so the same code runs on epoch nanoseconds
 * (live) and virtual time (simulator). A tick that comes late still cuts at once what was due,
 * and {@link ScheduledBatch#intendedCutNs()} says when it was due.
 *
 * <h2>Admission</h2>
 * A request with more tokens than {@link BatchLimits#maxTokens()} or more KV blocks than the pool
 * has can never run: it is refused ({@link DropReason#TOO_LARGE}). A batch takes requests in
 * service order while they fit the request, token and block limits; it stops at the first that
 * does not fit (no skipping ahead of a higher priority). Progress guarantee: when no batch is in
 * flight, the head request is admitted alone even beyond the soft block budget (the floor
 * protects in-flight work; an idle pool has none), as long as the pool can hold it.
 *
 * <h2>Persistence</h2>
 * {@link #exportState()} returns everything except the queued entries, which the caller persists
 * one by one keyed by their sequence number (returned by {@link #offer}, removed when they appear
 * in a batch or a drop). {@link #restore} rebuilds the same scheduler from both.
 *
 * <p>Not thread-safe: one instance per pool, owned by one thread (a stream task).
 *
 * @param <P> payload type
 */
public final class PoolScheduler<P> {
    /** Current version of {@link State}. */
    public static final int STATE_VERSION = 1;

    private final String pool;
    private final SchedulerConfig config;
    private final BatchPolicy policy;
    private final EntropySensor sensor;
    private final QueueingController controller;
    private final FairnessLedger ledger = new FairnessLedger();
    private final View view = new View();
    private AgedPriorityQueue<P> queue;
    private long nextBatchSeq = 1;
    private long latestArrivalNs = Long.MIN_VALUE;
    private final Interval interval = new Interval();

    public PoolScheduler(String pool, SchedulerConfig config, BatchPolicy policy) {
        this.pool = pool;
        this.config = config;
        this.policy = policy;
        this.sensor = new EntropySensor(config.entropy());
        this.controller = new QueueingController(config.controller(), config.limits().maxRequests());
        this.queue = new AgedPriorityQueue<>(config.queue());
    }

    /** A scheduler for {@code pool} with policy {@code policyName}, everything from {@code settings}. */
    public static <P> PoolScheduler<P> create(String pool, String policyName, Map<String, String> settings) {
        return new PoolScheduler<>(pool, SchedulerConfig.from(settings), BatchPolicies.create(policyName, settings));
    }

    // ---- requests in ----------------------------------------------------------------------

    /** Queues {@code r}, arrived at {@code r.arrivalNs()}. */
    public OfferResult<P> offer(Request<P> r) {
        long now = r.arrivalNs();
        latestArrivalNs = Math.max(latestArrivalNs, now);
        String refusal = refusal(r);
        if (refusal != null) {
            interval.shed++;
            return new OfferResult<>(false, -1, List.of(new Dropped<>(r, -1, DropReason.TOO_LARGE, refusal, now, r.bid())),
                false);
        }
        if (r.deadlineNs() <= now) {
            interval.expired++;
            return new OfferResult<>(false, -1, List.of(new Dropped<>(r, -1, DropReason.EXPIRED,
                "deadline had passed on arrival", now, r.bid())), false);
        }
        sensor.record(now);
        controller.onArrival(now, r.blocks());
        AgedPriorityQueue.Offer<P> o = queue.offer(r);
        ledger.onQueued(r.tenant());
        for (Dropped<P> d : o.shed()) {
            ledger.onDropped(d.request().tenant());
            interval.shed++;
        }
        boolean cutDue = !o.rejected() && canCut() && policy.decide(view.at(now)).cut();
        return new OfferResult<>(!o.rejected(), o.rejected() ? -1 : o.seq(), o.shed(), cutDue);
    }

    private String refusal(Request<P> r) {
        long maxTokens = config.limits().maxTokens();
        if (r.tokens() > maxTokens) {
            return "needs " + r.tokens() + " tokens (prompt " + r.promptTokens() + " + max new " + r.maxNewTokens()
                + "), more than a batch may hold (batch.max.tokens = " + maxTokens + ")";
        }
        if (controller.poolKnown() && r.blocks() > controller.totalBlocks()) {
            return "needs " + r.blocks() + " KV blocks, the worker's pool has " + controller.totalBlocks();
        }
        return null;
    }

    // ---- batches out ----------------------------------------------------------------------

    /** Expires, then cuts every batch the policy wants at {@code nowNs}. */
    public TickResult<P> tick(long nowNs) {
        List<Dropped<P>> dropped = expire(nowNs);
        List<ScheduledBatch<P>> batches = List.of();
        long next;
        while (true) {
            if (queue.isEmpty() || !canCut()) {
                next = Long.MAX_VALUE;
                break;
            }
            CutDecision d = policy.decide(view.at(nowNs));
            if (!d.cut()) {
                next = d.nextDecisionNs();
                break;
            }
            if (dropped.isEmpty()) {
                dropped = new ArrayList<>(0);
            }
            ScheduledBatch<P> b = cut(nowNs, d.maxRequests(), d.reason(), d.intendedCutNs(), d.windowNs(), dropped);
            if (b == null) { // heads refused as too large until empty, or blocked by the KV budget
                next = Long.MAX_VALUE;   // (then a completion must free blocks first)
                break;
            }
            if (batches.isEmpty()) {
                batches = new ArrayList<>(2);
            }
            batches.add(b);
        }
        return new TickResult<>(batches, dropped, Math.min(next, queue.earliestDeadlineNs()));
    }

    /**
     * Cuts everything queued into batches now, whatever the policy and the in-flight limit
     * (reason {@link CutReason#DRAIN}); batch limits and the block budget still apply.
     */
    public TickResult<P> drain(long nowNs) {
        List<Dropped<P>> dropped = new ArrayList<>(expire(nowNs));
        List<ScheduledBatch<P>> batches = new ArrayList<>();
        while (!queue.isEmpty()) {
            long w = policy.windowNs(view.at(nowNs));
            ScheduledBatch<P> b = cut(nowNs, config.limits().maxRequests(), CutReason.DRAIN, nowNs, w, dropped);
            if (b == null) {
                break;
            }
            batches.add(b);
        }
        return new TickResult<>(batches, dropped, queue.isEmpty() ? Long.MAX_VALUE : nowNs);
    }

    private List<Dropped<P>> expire(long nowNs) {
        List<Dropped<P>> expired = queue.expire(nowNs);
        for (Dropped<P> d : expired) {
            ledger.onDropped(d.request().tenant());
            interval.expired++;
        }
        return expired;
    }

    private boolean canCut() {
        int max = config.maxInFlightBatches();
        return max == 0 || controller.inFlightBatches() < max;
    }

    private ScheduledBatch<P> cut(long nowNs, int maxRequests, CutReason reason, long intendedNs, long windowNs,
                                  List<Dropped<P>> dropped) {
        BlockBudget budget = controller.budget(nowNs);
        long maxTokens = config.limits().maxTokens();
        List<DispatchedRequest<P>> taken = new ArrayList<>(Math.min(maxRequests, queue.size()));
        long tokens = 0;
        long blocks = 0;
        while (taken.size() < maxRequests) {
            QueuedRequest<P> head = queue.peek();
            if (head == null) {
                break;
            }
            Request<P> r = head.request();
            if (r.blocks() > budget.poolBlocks() || r.tokens() > maxTokens) { // limits changed since it was queued
                queue.poll();
                ledger.onDropped(r.tenant());
                interval.shed++;
                dropped.add(new Dropped<>(r, head.seq(), DropReason.TOO_LARGE, r.blocks() > budget.poolBlocks()
                    ? "needs " + r.blocks() + " KV blocks, the worker's pool has " + budget.poolBlocks()
                    : "needs " + r.tokens() + " tokens, more than a batch may hold (batch.max.tokens = " + maxTokens + ")",
                    nowNs, queue.effectivePriority(head, nowNs)));
                continue;
            }
            if (tokens + r.tokens() > maxTokens) {
                break;
            }
            if (blocks + r.blocks() > budget.blocks()
                && !(taken.isEmpty() && budget.inFlightBatches() == 0)) {
                break;
            }
            queue.poll();
            long wait = Math.max(0, nowNs - r.arrivalNs());
            taken.add(new DispatchedRequest<>(r, head.seq(), queue.effectivePriority(head, nowNs), wait));
            ledger.onDispatched(r.tenant(), wait);
            interval.maxWaitNs = Math.max(interval.maxWaitNs, wait);
            tokens += r.tokens();
            blocks += r.blocks();
        }
        if (taken.isEmpty()) {
            return null;
        }
        long seq = nextBatchSeq++;
        int batchBlocks = (int) Math.min(Integer.MAX_VALUE, blocks);
        ControllerAdvice advice = controller.onBatchCut(seq, taken.size(), batchBlocks, nowNs);
        interval.batches++;
        interval.batchedRequests += taken.size();
        interval.lastEvictionTarget = advice.evictionTargetBlocks();
        interval.throttled |= advice.evictionThrottled();
        double h = sensor.entropyBits();
        return new ScheduledBatch<>(pool, seq, nowNs, Math.min(intendedNs, nowNs), reason, policy.name(), windowNs, h,
            sensor.regime(), queue.size(), advice, List.copyOf(taken), tokens, batchBlocks);
    }

    // ---- feedback --------------------------------------------------------------------------

    /** A batch completed at the worker. */
    public void onCompletion(CompletionReport report) {
        controller.onCompletion(report);
        if (report.batchSize() > 0) {
            policy.onCompletion(report.batchSize(), report.serviceNs());
        }
    }

    /** The stability snapshot at {@code nowNs}; closes the metrics interval. */
    public StabilityState snapshot(long nowNs) {
        PolicyInput in = view.at(nowNs);
        double rho = controller.rho(nowNs);
        long intervalNs = interval.startNs == Long.MIN_VALUE ? 0 : Math.max(0, nowNs - interval.startNs);
        StabilityState s = new StabilityState(pool, nowNs, intervalNs, controller.lambdaPerSecond(nowNs),
            controller.muMaxPerSecond(), rho, controller.isStable(nowNs), controller.lambdaCriticalPerSecond(),
            controller.minimumStableBlocks(nowNs), 100 * (1 - rho), sensor.entropyBits(), policy.windowNs(in) / 1e6,
            sensor.regime(), queue.size(), ledger.closeInterval(), interval.lastEvictionTarget, interval.throttled,
            controller.quantizationBits(nowNs), controller.freeBlocks(), controller.cachedBlocks(),
            controller.serviceInterceptMs(), controller.serviceSlopeMs(), controller.meanBlocksPerRequest(), policy.name(),
            interval.batches, interval.batches == 0 ? 0 : interval.batchedRequests / (double) interval.batches,
            interval.shed, interval.expired, interval.maxWaitNs / 1e6, controller.inFlightBatches());
        interval.reset(nowNs);
        return s;
    }

    /** The policy's view of this pool at {@code nowNs} (what {@link BatchPolicy#decide} sees). */
    public PolicyInput policyInput(long nowNs) {
        return new View().at(nowNs);
    }

    // ---- accessors -------------------------------------------------------------------------

    public String pool() { return pool; }
    public SchedulerConfig config() { return config; }
    public BatchPolicy policy() { return policy; }
    public EntropySensor sensor() { return sensor; }
    public QueueingController controller() { return controller; }
    public AgedPriorityQueue<P> queue() { return queue; }
    public FairnessLedger fairness() { return ledger; }

    /** The sequence number the next batch gets. */
    public long nextBatchSequence() {
        return nextBatchSeq;
    }

    // ---- state -----------------------------------------------------------------------------

    /** Everything but the queued entries (which the caller persists under their seq). */
    public State exportState() {
        return new State(STATE_VERSION, pool, policy.name(), sensor.exportState(), controller.exportState(),
            queue.exportState(), policy.exportState(), nextBatchSeq, latestArrivalNs);
    }

    /**
     * Rebuilds a scheduler from its exported state and its persisted queue entries (any order).
     * Entries beyond the queue bound (if the bound was lowered) are shed and returned.
     */
    public static <P> Restored<P> restore(SchedulerConfig config, BatchPolicy policy, State state,
                                          Collection<AgedPriorityQueue.Entry<P>> entries) {
        if (state.version() != STATE_VERSION) {
            throw new IllegalArgumentException("pool scheduler state version " + state.version()
                + " is not readable by this build (reads " + STATE_VERSION + ")");
        }
        PoolScheduler<P> s = new PoolScheduler<>(state.pool(), config, policy);
        s.sensor.restore(state.sensor());
        s.controller.restore(state.controller());
        if (state.policy().equals(policy.name())) {
            policy.restore(state.policyState());
        }
        AgedPriorityQueue.Restored<P> q = AgedPriorityQueue.restore(config.queue(), state.queue(), entries);
        s.queue = q.queue();
        s.queue.forEach(e -> s.ledger.onQueued(e.request().tenant()));
        for (Dropped<P> d : q.shed()) {
            s.ledger.onQueued(d.request().tenant());
            s.ledger.onDropped(d.request().tenant());
        }
        s.nextBatchSeq = state.nextBatchSeq();
        s.latestArrivalNs = state.latestArrivalNs();
        return new Restored<>(s, q.shed());
    }

    /**
     * A pool scheduler's persisted state (queue entries excluded).
     *
     * @param version         {@link #STATE_VERSION}
     * @param pool            the pool
     * @param policy          the policy's name when exported (its state is dropped if the policy changed)
     * @param sensor          entropy sensor state
     * @param controller      controller state (includes batches in flight)
     * @param queue           queue state (next seq, key origin)
     * @param policyState     the policy's learned state
     * @param nextBatchSeq    the next batch's sequence number
     * @param latestArrivalNs latest arrival seen
     */
    public record State(int version, String pool, String policy, EntropySensor.State sensor,
                        QueueingController.State controller, AgedPriorityQueue.State queue, PolicyState policyState,
                        long nextBatchSeq, long latestArrivalNs) {
    }

    /** The result of {@link #restore}. */
    public record Restored<P>(PoolScheduler<P> scheduler, List<Dropped<P>> shed) {
    }

    /** Metrics-interval counters. */
    private static final class Interval {
        long startNs = Long.MIN_VALUE;
        long batches;
        long batchedRequests;
        long shed;
        long expired;
        long maxWaitNs;
        int lastEvictionTarget;
        boolean throttled;

        void reset(long nowNs) {
            startNs = nowNs;
            batches = 0;
            batchedRequests = 0;
            shed = 0;
            expired = 0;
            maxWaitNs = 0;
            lastEvictionTarget = 0;
            throttled = false;
        }
    }

    /** The live {@link PolicyInput} over this pool (reused: decisions allocate nothing). */
    private final class View implements PolicyInput {
        private long now;

        View at(long nowNs) {
            now = nowNs;
            return this;
        }

        @Override public long nowNs() { return now; }
        @Override public int queueSize() { return queue.size(); }
        @Override public long queuedTokens() { return queue.queuedTokens(); }
        @Override public long queuedBlocks() { return queue.queuedBlocks(); }
        @Override public long oldestArrivalNs() { return queue.oldestArrivalNs(); }
        @Override public long latestArrivalNs() { return latestArrivalNs; }
        @Override public long earliestDeadlineNs() { return queue.earliestDeadlineNs(); }
        @Override public double entropyBits() { return sensor.entropyBits(); }
        @Override public BatchLimits limits() { return config.limits(); }
        @Override public int blockBudget() { return controller.budget(now).blocks(); }
        @Override public long expectedServiceNs(int batchSize) { return controller.serviceNs(batchSize); }
    }
}
