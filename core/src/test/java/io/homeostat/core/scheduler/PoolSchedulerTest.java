package io.homeostat.core.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.core.Request;
import io.homeostat.core.control.CompletionReport;
import io.homeostat.core.entropy.Regime;
import io.homeostat.core.policy.BatchPolicies;
import io.homeostat.core.policy.CutReason;
import io.homeostat.core.queue.DropReason;
import io.homeostat.core.queue.Dropped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PoolSchedulerTest {
    private static final long MS = 1_000_000L;
    private static final long T0 = 1_700_000_000_000L * MS;

    private static PoolScheduler<Void> scheduler(String policy, String... kv) {
        Map<String, String> s = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            s.put(kv[i], kv[i + 1]);
        }
        return PoolScheduler.create("pool-a", policy, s);
    }

    private static Request<Void> req(String id, double bid, long arrival) {
        return Request.of(id, "tenant-" + id.charAt(0), bid, arrival, 100, 28, 16, null);
    }

    @Test
    void cutsExactlyWhenTheOldestHasWaitedTheWindow() {
        PoolScheduler<Void> s = scheduler("fixed", "policy.fixed.window.ms", "20");
        s.offer(req("a1", 1, T0));
        s.offer(req("a2", 1, T0 + 5 * MS));
        TickResult<Void> early = s.tick(T0 + 19 * MS);
        assertTrue(early.batches().isEmpty());
        assertEquals(T0 + 20 * MS, early.nextDecisionNs());
        TickResult<Void> onTime = s.tick(T0 + 20 * MS);
        assertEquals(1, onTime.batches().size());
        ScheduledBatch<Void> b = onTime.batches().get(0);
        assertEquals(CutReason.WINDOW, b.reason());
        assertEquals(T0 + 20 * MS, b.intendedCutNs());
        assertEquals(2, b.size());
        assertEquals(1, b.sequence());
        assertEquals("pool-a-1", b.batchId());
        assertEquals(20 * MS, b.requests().get(0).waitNs());
        assertEquals(Long.MAX_VALUE, onTime.nextDecisionNs());
    }

    @Test
    void aLateTickCutsAtOnceAndReportsTheIntendedTime() {
        PoolScheduler<Void> s = scheduler("fixed", "policy.fixed.window.ms", "20");
        s.offer(req("a1", 1, T0));
        ScheduledBatch<Void> b = s.tick(T0 + 500 * MS).batches().get(0);
        assertEquals(T0 + 20 * MS, b.intendedCutNs());
        assertEquals(T0 + 500 * MS, b.cutNs());
    }

    @Test
    void aFullBatchIsDueOnOfferAndOrderedByEffectivePriority() {
        PoolScheduler<Void> s = scheduler("entropy", "batch.max.requests", "3", "queue.aging.alpha.per.s", "1");
        assertFalse(s.offer(req("a", 1, T0)).cutDue());
        assertFalse(s.offer(req("b", 3, T0 + MS)).cutDue());
        OfferResult<Void> third = s.offer(req("c", 2, T0 + 2 * MS));
        assertTrue(third.cutDue());
        ScheduledBatch<Void> b = s.tick(T0 + 2 * MS).batches().get(0);
        assertEquals(CutReason.FULL_REQUESTS, b.reason());
        assertEquals(List.of("b", "c", "a"), b.requests().stream().map(r -> r.request().id()).toList());
        assertEquals(3 + 0.001, b.requests().get(0).effectivePriority(), 1e-12);
    }

    @Test
    void tokenCapStopsABatchAndOversizeRequestsAreRefused() {
        PoolScheduler<Void> s = scheduler("fixed", "batch.max.tokens", "300", "policy.fixed.window.ms", "1");
        OfferResult<Void> huge = s.offer(Request.of("x", "t", 1, T0, 290, 20, 16, null));
        assertFalse(huge.queued());
        assertEquals(DropReason.TOO_LARGE, huge.dropped().get(0).reason());
        assertTrue(huge.dropped().get(0).detail().contains("batch.max.tokens = 300"), huge.dropped().get(0).detail());
        s.offer(req("a", 1, T0));  // 128 tokens each
        s.offer(req("b", 1, T0));
        s.offer(req("c", 1, T0));
        TickResult<Void> t = s.tick(T0 + MS);
        assertEquals(List.of(2, 1), t.batches().stream().map(ScheduledBatch::size).toList());
    }

    @Test
    void inFlightLimitHoldsCutsUntilACompletion() {
        PoolScheduler<Void> s = scheduler("aimd", "scheduler.max.inflight.batches", "1");
        s.offer(req("a", 1, T0));
        s.offer(req("b", 1, T0));
        TickResult<Void> first = s.tick(T0);
        assertEquals(1, first.batches().size());
        assertEquals(Long.MAX_VALUE, first.nextDecisionNs(), "nothing to do before a completion");
        assertTrue(s.tick(T0 + 100 * MS).batches().isEmpty());
        s.onCompletion(new CompletionReport(1, 1, 30 * MS, 8, 1000, 0, 2000));
        assertEquals(1, s.tick(T0 + 130 * MS).batches().size());
    }

    @Test
    void kvBudgetLimitsABatchButAnIdlePoolAlwaysTakesTheHead() {
        PoolScheduler<Void> s = scheduler("fixed", "policy.fixed.window.ms", "0", "scheduler.max.inflight.batches", "0");
        s.offer(req("w", 1, T0)); // 8 blocks
        s.tick(T0);
        // the worker reports a nearly full pool: 10 free blocks of 100, nothing cached
        s.onCompletion(new CompletionReport(1, 1, 20 * MS, 8, 10, 0, 100));
        for (int i = 0; i < 4; i++) {
            s.offer(req("r" + i, 1, T0 + 10 * MS));
        }
        TickResult<Void> t = s.tick(T0 + 10 * MS);
        // nothing in flight: the head goes alone (progress guarantee); then the budget (10 - 8 - floor) blocks the rest
        assertEquals(1, t.batches().size());
        assertEquals(1, t.batches().get(0).size());
        assertEquals(Long.MAX_VALUE, t.nextDecisionNs(), "blocked by the budget: wait for a completion");
        s.onCompletion(new CompletionReport(2, 1, 20 * MS, 8, 60, 0, 100));
        assertTrue(s.tick(T0 + 40 * MS).batches().get(0).size() >= 2);
    }

    @Test
    void requestsLargerThanThePoolAreRefusedOnceThePoolIsKnown() {
        PoolScheduler<Void> s = scheduler("fixed");
        s.offer(req("a", 1, T0));
        s.tick(T0 + 60 * MS);
        s.onCompletion(new CompletionReport(1, 1, 20 * MS, 8, 5, 0, 5));
        OfferResult<Void> r = s.offer(req("b", 1, T0 + 70 * MS));
        assertFalse(r.queued());
        assertTrue(r.dropped().get(0).detail().contains("pool has 5"), r.dropped().get(0).detail());
    }

    @Test
    void deadlinesExpireInTheQueueAndOnArrivalWithReasons() {
        PoolScheduler<Void> s = scheduler("fixed", "policy.fixed.window.ms", "100");
        OfferResult<Void> dead = s.offer(req("late", 1, T0).withDeadline(T0));
        assertEquals(DropReason.EXPIRED, dead.dropped().get(0).reason());
        s.offer(req("soon", 1, T0).withDeadline(T0 + 30 * MS));
        s.offer(req("other", 1, T0));
        TickResult<Void> t = s.tick(T0 + MS);
        // deadline-aware: must start by 30 ms - S(2) = 30 - 12 = 18 ms
        assertEquals(T0 + 18 * MS, t.nextDecisionNs());
        TickResult<Void> cut = s.tick(T0 + 18 * MS);
        assertEquals(CutReason.DEADLINE, cut.batches().get(0).reason());

        PoolScheduler<Void> q = scheduler("fixed", "policy.fixed.window.ms", "100", "scheduler.max.inflight.batches", "1");
        q.offer(req("x", 1, T0));
        q.tick(T0 + 100 * MS); // one batch in flight: the next cannot be cut
        q.offer(req("y", 1, T0 + 101 * MS).withDeadline(T0 + 150 * MS));
        TickResult<Void> wait = q.tick(T0 + 101 * MS);
        assertEquals(T0 + 150 * MS, wait.nextDecisionNs(), "the expiry is the next thing to do");
        List<Dropped<Void>> expired = q.tick(T0 + 150 * MS).dropped();
        assertEquals("y", expired.get(0).request().id());
        assertTrue(expired.get(0).detail().contains("deadline passed while queued"));
        assertEquals(1, q.snapshot(T0 + 200 * MS).requestsExpired());
    }

    @Test
    void snapshotCarriesTheSeedMetricsAndClosesTheInterval() {
        PoolScheduler<Void> s = scheduler("entropy");
        long t = T0;
        for (int i = 0; i < 200; i++) {
            t += 10 * MS;
            s.offer(req("a" + i, 1, t));
            s.tick(t);
        }
        StabilityState m = s.snapshot(t);
        assertEquals("pool-a", m.pool());
        assertEquals("entropy", m.policy());
        assertTrue(m.queueingLambda() > 50 && m.queueingLambda() < 150, "lambda " + m.queueingLambda());
        assertEquals(m.queueingLambda() / m.queueingMu(), m.queueingRho(), 1e-12);
        assertEquals(100 * (1 - m.queueingRho()), m.queueingStabilityMarginPct(), 1e-9);
        assertEquals(Regime.STABLE, m.regime(), "periodic arrivals");
        assertEquals(0.0, m.entropyBits());
        assertEquals(50.0, m.adaptiveWindowMs(), 1e-9);
        assertTrue(m.queueingIsStable());
        assertEquals(-1, m.freeBlocks());
        assertEquals(Double.POSITIVE_INFINITY, m.queueingLambdaCritical());
        assertTrue(m.batchesCut() > 0);
        assertEquals(1.0, m.jainFairness(), 1e-12);
        assertEquals(16, m.quantizationBits());
        StabilityState next = s.snapshot(t + 1000 * MS);
        assertEquals(0, next.batchesCut());
        assertEquals(1000 * MS, next.intervalNs());
    }

    @Test
    void drainEmptiesTheQueue() {
        PoolScheduler<Void> s = scheduler("fixed", "batch.max.requests", "4");
        for (int i = 0; i < 10; i++) {
            s.offer(req("a" + i, 1, T0));
        }
        TickResult<Void> d = s.drain(T0);
        assertEquals(List.of(4, 4, 2), d.batches().stream().map(ScheduledBatch::size).toList());
        assertTrue(d.batches().stream().allMatch(b -> b.reason() == CutReason.DRAIN));
        assertEquals(0, s.queue().size());
    }

    @Test
    void everyRegisteredPolicyRunsBehindTheScheduler() {
        for (String name : BatchPolicies.names()) {
            PoolScheduler<Void> s = scheduler(name);
            s.offer(req("a", 1, T0));
            assertEquals(1, s.tick(T0 + 1000 * MS).batches().size(), name);
        }
    }
}
