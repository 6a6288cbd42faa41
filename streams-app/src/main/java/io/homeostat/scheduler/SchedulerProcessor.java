package io.homeostat.scheduler;

import io.homeostat.avro.Completion;
import io.homeostat.avro.InferenceRequest;
import io.homeostat.avro.InferenceResult;
import io.homeostat.core.Request;
import io.homeostat.core.policy.BatchPolicies;
import io.homeostat.core.queue.Dropped;
import io.homeostat.core.scheduler.DispatchedRequest;
import io.homeostat.core.scheduler.OfferResult;
import io.homeostat.core.scheduler.PoolScheduler;
import io.homeostat.core.scheduler.ScheduledBatch;
import io.homeostat.core.scheduler.SchedulerConfig;
import io.homeostat.core.scheduler.StabilityState;
import io.homeostat.core.scheduler.TickResult;
import io.homeostat.core.state.PayloadCodec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler node: one {@link PoolScheduler} per pool this task owns, in memory, mirrored into
 * the {@link SchedulerStores} so a restarted task rebuilds the same queues, sensors and
 * controllers. It drives the core and does nothing the core decides:
 *
 * <pre>
 *   request    ──► offer(arrival = now) ──► queued: unsaved entry     ──► cutDue? tick now (full batch)
 *                                      └─► dropped: result EXPIRED/REJECTED
 *   completion ──► onCompletion (fit, blocks, pool state, in-flight gate) ──► tick now
 *   every tick.ms (WALL_CLOCK_TIME): pools whose next decision is due ──► tick(now)
 *        batches ──► inference.batches (key pool); dropped ──► results
 *        a batch cut since the last request (any path) ──► context.commit() (≥ commit.on.cut.min.interval.ms apart)
 *   every metrics.interval.ms: snapshot(now) per pool ──► inference.metrics + gauges
 *   a queued entry leaves the queue: unsaved ──► forgotten; saved at an earlier commit ──► delete
 *   before every commit ({@link PreCommitHook}): put the changed pools' states and their unsaved
 *        entries that are still queued; so the stores hold exactly the state at the commit
 * </pre>
 *
 * Why a punctuator and recorded arrival times: Kafka Streams skips missed wall-clock
 * punctuations rather than replaying them, so the policy is asked "what is due at now" and
 * compares with the arrival times in the queue; a late tick cuts late (and the Batch says by
 * how much: cut_us - intended_cut_us) but never misses a window or a deadline. Under
 * exactly_once_v2 the stores' changelog writes, the outputs and the input offsets commit in one
 * transaction, so after a crash the state and the outputs agree.
 *
 * <p>What a crash costs: nothing the last commit covered. The stores are written right before
 * each commit, in its transaction, with the pool states (sensor, controller, queue sequence, batch
 * numbers, in-flight count) and every request still queued; a request that arrived and left the
 * queue between two commits is never written at all. After a crash the task restarts from the
 * last commit's stores and input offsets, and Kafka Streams replays the records after it. (Earlier
 * the entries were written at arrival and the states at the next tick, through Streams' record
 * cache; that cost most of the scheduler's throughput, docs/benchmarks.md.)
 *
 * <p>State is read from the stores lazily, at the first record or punctuation after the task
 * starts (Kafka Streams has restored the stores from their changelogs by then).
 */
final class SchedulerProcessor implements Processor<Object, Object, Object, Object>, ThreadCutCalendar.Node {
    private static final Logger LOG = LoggerFactory.getLogger(SchedulerProcessor.class);

    private final SchedulerConfig core;
    private final String policy;
    private final Map<String, String> coreSettings;
    private final int blockSize;
    private final long tickMs;
    private final long metricsIntervalMs;
    private final long commitOnCutMinIntervalNs;
    private final long commitOnCutGuardNs;
    private ThreadCutCalendar calendar;
    private final SchedulerClock.Source clocks;
    private final SchedulerGauges gauges;
    private final PayloadCodec<InferenceRequest> payloads;
    private final Map<String, Slot> pools = new LinkedHashMap<>();
    private ProcessorContext<Object, Object> context;
    private SchedulerClock clock;
    private SchedulerStores stores;
    private PreCommitHook hook;
    private boolean loaded;
    /** A batch was cut since this node last asked for a commit. */
    private boolean cutSinceCommitRequest;
    private long lastCommitRequestNs = Long.MIN_VALUE / 2;

    /** A pool's scheduler and when it next needs a tick absent arrivals and completions. */
    private static final class Slot {
        final PoolScheduler<InferenceRequest> scheduler;
        long nextDecisionNs;
        /** State changed since the last commit (written before the next one). */
        boolean dirty;
        /** Entries queued since the last commit, by seq (the ones still queued are written before the next). */
        final Map<Long, Request<InferenceRequest>> unsaved = new LinkedHashMap<>();

        Slot(PoolScheduler<InferenceRequest> scheduler) {
            this.scheduler = scheduler;
        }
    }

    SchedulerProcessor(SchedulerAppConfig config, SchedulerClock.Source clocks, SchedulerGauges gauges,
                       PayloadCodec<InferenceRequest> payloads) {
        this.coreSettings = config.coreSettings();
        this.core = SchedulerConfig.from(coreSettings);
        this.policy = config.policy();
        this.blockSize = core.controller().blockSizeTokens();
        this.tickMs = config.tickMs();
        this.metricsIntervalMs = config.metricsIntervalMs();
        this.commitOnCutMinIntervalNs = config.commitOnCutMinIntervalMs() * 1_000_000;
        this.commitOnCutGuardNs = config.commitOnCutGuardMs() * 1_000_000;
        this.clocks = clocks;
        this.gauges = gauges;
        this.payloads = payloads;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.clock = clocks.clock(context);
        this.stores = new SchedulerStores(context.getStateStore(SchedulerStores.POOLS),
            context.getStateStore(SchedulerStores.QUEUE), payloads);
        // a task revived after a dirty close calls init again: start from its restored stores
        this.pools.clear();
        this.loaded = false;
        this.hook = context.getStateStore(PreCommitHook.NAME);
        hook.beforeEachCommit(this::beforeCommit);
        context.schedule(Duration.ofMillis(tickMs), PunctuationType.WALL_CLOCK_TIME, ts -> onTick());
        context.schedule(Duration.ofMillis(metricsIntervalMs), PunctuationType.WALL_CLOCK_TIME, ts -> onMetrics());
    }

    @Override
    public void process(Record<Object, Object> record) {
        ensureLoaded();
        Object v = record.value();
        if (v instanceof InferenceRequest r) {
            onRequest(r);
        } else if (v instanceof Completion c) {
            onCompletion(c);
        } else {
            throw new IllegalArgumentException("scheduler node got a " + (v == null ? "null" : v.getClass().getName())
                + " value; only the intake nodes feed it");
        }
    }

    private void onRequest(InferenceRequest r) {
        long now = clock.nowNs();
        Slot s = slot(r.getPool());
        Request<InferenceRequest> req = AvroRecords.request(r, now, blockSize);
        OfferResult<InferenceRequest> o = s.scheduler.offer(req);
        if (o.queued()) {
            s.unsaved.put(o.seq(), req);
        }
        answer(s, o.dropped(), o.queued() ? null : req);
        s.nextDecisionNs = 0;
        s.dirty = true;
        if (o.cutDue()) {
            tick(s, now);
        }
    }

    private void onCompletion(Completion c) {
        Slot s = slot(c.getPool());
        s.scheduler.onCompletion(AvroRecords.completion(c));
        tick(s, clock.nowNs()); // the in-flight gate or the block budget may have opened
        s.dirty = true;
    }

    private void onTick() {
        ensureLoaded();
        if (calendar == null) {
            calendar = ThreadCutCalendar.ofCurrentThread();
            calendar.join(this);
        }
        long now = clock.nowNs();
        for (Slot s : pools.values()) {
            if (now >= s.nextDecisionNs) {
                tick(s, now);
            }
        }
        maybeRequestCommit(now);
    }

    /**
     * After a cut, ask for a commit (rate-limited by commit.on.cut.min.interval.ms): the batch
     * becomes visible to read_committed workers at once instead of at the next commit.interval.ms.
     * The commit blocks the thread (flush and EndTxn under exactly_once_v2; no tick runs
     * meanwhile), so it is asked for only when no pool of this stream thread needs a decision
     * within commit.on.cut.guard.ms; otherwise a later tick asks, or the interval commit comes
     * first. Kafka Streams commits at the end of this loop iteration (its punctuation phase is
     * followed by the commit check); the states written above go with it.
     */
    private void maybeRequestCommit(long now) {
        if (cutSinceCommitRequest && commitOnCutMinIntervalNs > 0 && now - lastCommitRequestNs >= commitOnCutMinIntervalNs
                && calendar.earliestDecisionNs() - now >= commitOnCutGuardNs) {
            context.commit();
            lastCommitRequestNs = now;
            cutSinceCommitRequest = false;
        }
    }

    /**
     * Right before Kafka Streams commits this task: the changed pools' states and the entries queued
     * since the last commit that are still queued go into the stores, and so into the transaction.
     */
    void beforeCommit() {
        if (!loaded) {
            return; // nothing read, nothing changed
        }
        for (Slot s : pools.values()) {
            String pool = s.scheduler.pool();
            for (Map.Entry<Long, Request<InferenceRequest>> e : s.unsaved.entrySet()) {
                stores.saveEntry(pool, e.getKey(), e.getValue());
            }
            s.unsaved.clear();
            if (s.dirty) {
                stores.saveState(s.scheduler);
                s.dirty = false;
            }
        }
    }

    /** A queued entry left the queue (dispatched, expired or shed): forget it, or delete it if a commit wrote it. */
    private void leftQueue(Slot s, long seq) {
        if (s.unsaved.remove(seq) == null) {
            stores.deleteEntry(s.scheduler.pool(), seq);
        }
    }

    private void onMetrics() {
        ensureLoaded();
        long now = clock.nowNs();
        long nowMs = context.currentSystemTimeMs();
        for (Slot s : pools.values()) {
            StabilityState st = s.scheduler.snapshot(now);
            context.forward(new Record<Object, Object>(st.pool(), AvroRecords.metrics(st), nowMs),
                SchedulerTopology.METRICS_SINK);
            gauges.update(st);
        }
    }

    /** Ticks one pool at {@code now}, emitting what it cut and dropped; true when anything changed. */
    private boolean tick(Slot s, long now) {
        TickResult<InferenceRequest> r = s.scheduler.tick(now);
        s.nextDecisionNs = r.nextDecisionNs();
        if (r.isEmpty()) {
            return false;
        }
        s.dirty = true;
        long nowMs = context.currentSystemTimeMs();
        String pool = s.scheduler.pool();
        cutSinceCommitRequest |= !r.batches().isEmpty();
        for (ScheduledBatch<InferenceRequest> b : r.batches()) {
            for (DispatchedRequest<InferenceRequest> d : b.requests()) {
                leftQueue(s, d.seq());
            }
            context.forward(new Record<Object, Object>(pool, AvroRecords.batch(b), nowMs), SchedulerTopology.BATCHES_SINK);
        }
        answer(s, r.dropped(), null);
        return true;
    }

    /**
     * Every dropped request gets its result (the client always hears back) and leaves the queue;
     * {@code refused}, the request just offered when it was not queued (shed at once), was never stored.
     */
    private void answer(Slot s, List<Dropped<InferenceRequest>> dropped, Request<InferenceRequest> refused) {
        long nowMs = context.currentSystemTimeMs();
        for (Dropped<InferenceRequest> d : dropped) {
            if (d.seq() >= 0 && d.request() != refused) {
                leftQueue(s, d.seq());
            }
            InferenceResult result = AvroRecords.dropped(d);
            context.forward(new Record<Object, Object>(result.getRequestId(), result, nowMs), SchedulerTopology.RESULTS_SINK);
        }
    }

    private Slot slot(String pool) {
        Slot s = pools.get(pool);
        if (s == null) {
            s = new Slot(new PoolScheduler<>(pool, core, BatchPolicies.create(policy, coreSettings)));
            pools.put(pool, s);
            LOG.info("pool '{}': new scheduler, policy {}", pool, policy);
        }
        return s;
    }

    private void ensureLoaded() {
        if (loaded) {
            return;
        }
        loaded = true;
        for (Map.Entry<String, SchedulerStores.Persisted> e : stores.loadAll().entrySet()) {
            SchedulerStores.Persisted p = e.getValue();
            PoolScheduler.Restored<InferenceRequest> r = PoolScheduler.restore(core,
                BatchPolicies.create(policy, coreSettings), p.state(), p.entries());
            Slot s = new Slot(r.scheduler());
            pools.put(e.getKey(), s);
            LOG.info("pool '{}': restored, {} queued, next batch {}", e.getKey(), r.scheduler().queue().size(),
                r.scheduler().nextBatchSequence());
            if (!r.shed().isEmpty()) {
                answer(s, r.shed(), null);
                s.dirty = true;
            }
        }
    }

    @Override
    public long nextDecisionNs() {
        long min = Long.MAX_VALUE;
        for (Slot s : pools.values()) {
            min = Math.min(min, s.nextDecisionNs);
        }
        return min;
    }

    /** The pools this task schedules (tests). */
    Map<String, PoolScheduler<InferenceRequest>> schedulers() {
        Map<String, PoolScheduler<InferenceRequest>> out = new LinkedHashMap<>();
        pools.forEach((k, v) -> out.put(k, v.scheduler));
        return out;
    }

    @Override
    public void close() {
        if (calendar != null) {
            calendar.leave(this);
            calendar = null;
        }
        // A clean close committed (and so wrote) everything just before; a dirty one must write nothing.
        hook.clear();
        pools.keySet().forEach(gauges::remove);
        pools.clear();
        loaded = false;
    }
}
