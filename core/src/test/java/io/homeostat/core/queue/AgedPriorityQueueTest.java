package io.homeostat.core.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.core.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Model-based tests against {@link NaiveQueue}. Times lie on a grid of 1e9/512 ns and bids on a
 * grid of 1/8, so every key is computed exactly in doubles and exact ties really are ties.
 */
class AgedPriorityQueueTest {
    private static final long TICK = 1_953_125L; // 1e9 / 512 ns
    private static final long T0 = 1_700_000_000_000_000_000L / TICK * TICK;

    private static Request<Void> req(String id, double bid, long arrival, long deadline) {
        return new Request<>(id, "t" + ((int) bid % 3), bid, arrival, 10, 5, 1, deadline, null);
    }

    @Property(tries = 250)
    void popOrderShedAndExpiryMatchTheNaiveModel(@ForAll long seed,
                                                 @ForAll @IntRange(min = 0, max = 4) int alphaIndex,
                                                 @ForAll @IntRange(min = 1, max = 40) int distinctBids,
                                                 @ForAll @IntRange(min = 1, max = 60) int maxRequests) {
        matchesTheNaiveModel(seed, new double[] {0, 0.5, 1, 2, 64}[alphaIndex], distinctBids, maxRequests, 300);
    }

    /**
     * The same with up to a million distinct bids and up to 1,500 queued, so the service order spans
     * several levels of runs, with shedding, expiry and out-of-order arrivals.
     */
    @Property(tries = 10)
    void deepQueuesMatchTheNaiveModel(@ForAll long seed, @ForAll @IntRange(min = 200, max = 1500) int maxRequests) {
        matchesTheNaiveModel(seed, 1.0, 1_000_000, maxRequests, 4000);
    }

    /**
     * Many runs of the {@link RunOrder}: thousands of entries grow the queue through flushes and merges
     * of its levels, then random removals (holes), pops and sheds drain it, checked against a sorted
     * reference at every step; arrival holes force the ring's compaction. Four bids with arrivals up
     * to 500 offers late also end in runs: such an arrival is too far behind its lane.
     */
    @Property(tries = 12)
    void manyRunsMergeAndDrainInTheSameOrderAsASortedList(@ForAll long seed, @ForAll @IntRange(min = 0, max = 2) int bidShape) {
        AgedPriorityQueue<Void> q = againstASortedList(seed, bidShape == 0 ? 4 : 1 << 20, bidShape == 2 ? 0.0 : 1.0, 500);
        assertEquals("runs", q.shape());
    }

    /**
     * The same through the {@link LaneOrder}: up to eight bids and arrivals at most a few slots late,
     * so the entries stay in lanes while the lanes grow, fill with holes (random removals), compact
     * and shrink again as the queue drains.
     */
    @Property(tries = 12)
    void deepLanesServeInTheSameOrderAsASortedList(@ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int bids,
                                                   @ForAll @IntRange(min = 0, max = 1) int alphaIndex) {
        AgedPriorityQueue<Void> q = againstASortedList(seed, bids, alphaIndex == 0 ? 0.0 : 1.0, 40);
        assertEquals("lanes", q.shape());
    }

    /**
     * Drives a queue (bound 6,000) through 30,000 random offers, removals and pops, with bids in
     * {@code bids} steps of 1/8 and one arrival in 20 up to {@code lateTicks} ticks late, checking
     * every result, the size and the oldest arrival against a sorted reference; returns it, non-empty.
     */
    private static AgedPriorityQueue<Void> againstASortedList(long seed, int bids, double alpha, int lateTicks) {
        Random rnd = new Random(seed);
        AgedPriorityQueue<Void> q = new AgedPriorityQueue<>(new QueueConfig(alpha, 6_000));
        java.util.TreeMap<QueuedRequest<Void>, Boolean> ref = new java.util.TreeMap<>(AgedPriorityQueueTest::serviceOrder);
        List<QueuedRequest<Void>> live = new ArrayList<>();
        long now = T0;
        for (int step = 0; step < 30_000; step++) {
            boolean grow = step < 12_000 ? rnd.nextInt(10) < 8 : rnd.nextInt(10) < 3;
            if (grow || ref.isEmpty()) {
                now += TICK * rnd.nextInt(3);
                long arrival = rnd.nextInt(20) == 0 ? now - TICK * rnd.nextInt(lateTicks) : now;
                double bid = rnd.nextInt(bids) / 8.0;
                AgedPriorityQueue.Offer<Void> o = q.offer(req("r" + step, bid, arrival, Request.NO_DEADLINE));
                ref.put(o.entry(), true);
                live.add(o.entry());
                for (Dropped<Void> d : o.shed()) {
                    QueuedRequest<Void> worst = ref.lastKey();
                    assertEquals(worst.seq(), d.seq(), "shed the worst");
                    ref.remove(worst);
                }
            } else if (!live.isEmpty() && rnd.nextBoolean()) {
                QueuedRequest<Void> e = live.get(rnd.nextInt(live.size()));
                assertEquals(ref.remove(e) != null, q.remove(e));
            } else {
                QueuedRequest<Void> got = q.poll();
                QueuedRequest<Void> expected = ref.isEmpty() ? null : ref.pollFirstEntry().getKey();
                assertEquals(expected, got);
            }
            if (live.size() > 20_000) {
                live.removeIf(e -> !q.contains(e));
            }
            assertEquals(ref.size(), q.size());
            if (step % 64 == 0) {
                assertEquals(ref.keySet().stream().mapToLong(QueuedRequest::arrivalNs).min().orElse(Long.MAX_VALUE),
                    q.oldestArrivalNs());
            }
        }
        assertEquals(List.copyOf(ref.keySet()), q.snapshotInServiceOrder());
        assertFalse(q.isEmpty());
        return q;
    }

    /**
     * Eight bids stay in lanes; a ninth, or an arrival more than {@link LaneOrder#MAX_LATE_MOVES} slots
     * behind its lane's tail, moves every entry to runs in the same order, and the emptied queue
     * goes back to lanes.
     */
    @Test
    void aNinthBidOrAFarLateArrivalMovesTheEntriesToRunsAndAnEmptyQueueBackToLanes() {
        for (String trigger : new String[] {"ninth bid", "far late arrival"}) {
            AgedPriorityQueue<Void> q = new AgedPriorityQueue<>(new QueueConfig(1.0, 10_000));
            java.util.TreeMap<QueuedRequest<Void>, Boolean> ref = new java.util.TreeMap<>(AgedPriorityQueueTest::serviceOrder);
            long now = T0;
            for (int i = 0; i < 800; i++) {
                now += TICK;
                ref.put(q.offer(req("r" + i, (i % 8) / 8.0, now, Request.NO_DEADLINE)).entry(), true);
            }
            assertEquals("lanes", q.shape(), trigger);
            ref.put(q.offer(req("late ok", 0, now - TICK * 8 * (LaneOrder.MAX_LATE_MOVES - 1), Request.NO_DEADLINE)).entry(), true);
            assertEquals("lanes", q.shape(), "an arrival within reach of its lane's tail moves into place");
            Request<Void> trig = trigger.equals("ninth bid")
                ? req("ninth", 9 / 8.0, now, Request.NO_DEADLINE)
                : req("far late", 0, now - TICK * 8 * (LaneOrder.MAX_LATE_MOVES + 2), Request.NO_DEADLINE);
            ref.put(q.offer(trig).entry(), true);
            assertEquals("runs", q.shape(), trigger);
            assertEquals(List.copyOf(ref.keySet()), q.snapshotInServiceOrder(), trigger);
            while (!ref.isEmpty()) {
                assertEquals(ref.pollFirstEntry().getKey(), q.poll(), trigger);
            }
            assertEquals("lanes", q.shape(), trigger);
            q.offer(req("again", 3, now, Request.NO_DEADLINE));
            assertEquals("again", q.poll().request().id());
            for (int i = 0; i < 20; i++) { // and to fresh runs once more
                now += TICK;
                ref.put(q.offer(req("s" + i, i / 8.0, now, Request.NO_DEADLINE)).entry(), true);
            }
            assertEquals("runs", q.shape(), trigger);
            assertEquals(List.copyOf(ref.keySet()), q.snapshotInServiceOrder(), trigger);
            while (!ref.isEmpty()) {
                assertEquals(ref.pollFirstEntry().getKey(), q.poll(), trigger);
            }
            assertEquals(Long.MAX_VALUE, q.oldestArrivalNs(), trigger);
        }
    }

    /** A small lane ring that fills up while most of it is holes is compacted, not overwritten. */
    @Test
    void aFullLaneOfHolesIsCompactedInOrder() {
        AgedPriorityQueue<Void> q = new AgedPriorityQueue<>(new QueueConfig(1.0, 1_000));
        List<QueuedRequest<Void>> all = new ArrayList<>();
        long now = T0;
        for (int i = 0; i < 16; i++) {
            all.add(q.offer(req("a" + i, 1, now += TICK, Request.NO_DEADLINE)).entry());
        }
        for (int i = 1; i < 15; i++) {
            if (i % 4 != 0) {
                assertTrue(q.remove(all.get(i)));
            }
        }
        List<QueuedRequest<Void>> expected = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            if (i % 4 == 0 || i == 15) {
                expected.add(all.get(i));
            }
        }
        for (int i = 0; i < 20; i++) {
            QueuedRequest<Void> e = q.offer(req("b" + i, 1, now += TICK, Request.NO_DEADLINE)).entry();
            expected.add(e);
        }
        assertEquals("lanes", q.shape());
        assertEquals(expected, q.snapshotInServiceOrder());
        for (QueuedRequest<Void> e : expected) {
            assertEquals(e, q.poll());
        }
        assertTrue(q.isEmpty());
    }

    /** Served first: higher key, then earlier arrival, then lower seq. */
    static int serviceOrder(QueuedRequest<Void> a, QueuedRequest<Void> b) {
        int c = Double.compare(b.key(), a.key());
        if (c != 0) {
            return c;
        }
        c = Long.compare(a.arrivalNs(), b.arrivalNs());
        return c != 0 ? c : Long.compare(a.seq(), b.seq());
    }

    private static void matchesTheNaiveModel(long seed, double alpha, int distinctBids, int maxRequests, int steps) {
        Random rnd = new Random(seed);
        AgedPriorityQueue<Void> q = new AgedPriorityQueue<>(new QueueConfig(alpha, maxRequests));
        NaiveQueue model = new NaiveQueue(alpha);
        long now = T0;
        for (int step = 0; step < steps; step++) {
            int op = rnd.nextInt(10);
            if (op < 5) {
                now += TICK * rnd.nextInt(300);
                long arrival = rnd.nextInt(8) == 0 ? now - TICK * rnd.nextInt(200) : now; // some out of order
                long deadline = rnd.nextInt(4) == 0 ? now + TICK * rnd.nextInt(2000) : Request.NO_DEADLINE;
                Request<Void> r = req("r" + step, rnd.nextInt(distinctBids) / 8.0, arrival, deadline);
                long seq = model.offer(r);
                NaiveQueue.Item expectedVictim = model.size() > maxRequests ? model.worst(now) : null;
                AgedPriorityQueue.Offer<Void> offer = q.offer(r);
                assertEquals(seq, offer.entry().seq());
                if (expectedVictim == null) {
                    assertTrue(offer.shed().isEmpty());
                } else {
                    assertEquals(1, offer.shed().size());
                    assertEquals(expectedVictim.seq(), offer.shed().get(0).seq(), "shed the lowest P_eff");
                    assertEquals(DropReason.QUEUE_FULL, offer.shed().get(0).reason());
                    assertEquals(expectedVictim.seq() == seq, offer.rejected());
                    model.remove(expectedVictim.seq());
                }
            } else if (op < 8) {
                now += TICK * rnd.nextInt(50);
                NaiveQueue.Item expected = model.poll(now);
                QueuedRequest<Void> got = q.poll();
                if (expected == null) {
                    assertNull(got);
                } else {
                    assertEquals(expected.seq(), got.seq(), "pop order = brute-force scan of P_eff");
                }
            } else {
                now += TICK * rnd.nextInt(400);
                List<NaiveQueue.Item> expected = model.expire(now);
                List<Dropped<Void>> got = q.expire(now);
                assertEquals(expected.stream().map(NaiveQueue.Item::seq).toList(), got.stream().map(Dropped::seq).toList());
                got.forEach(d -> assertEquals(DropReason.EXPIRED, d.reason()));
            }
            assertEquals(model.size(), q.size());
            assertEquals(model.oldestArrival(), q.oldestArrivalNs());
            assertEquals(model.tokens(), q.queuedTokens());
        }
        long end = now + TICK;
        while (model.size() > 0) {
            assertEquals(model.poll(end).seq(), q.poll().seq());
        }
        assertTrue(q.isEmpty());
        assertEquals(Long.MAX_VALUE, q.oldestArrivalNs());
    }

    @Property(tries = 200)
    void restoreRebuildsTheSameOrder(@ForAll long seed, @ForAll @IntRange(min = 1, max = 30) int distinctBids) {
        Random rnd = new Random(seed);
        AgedPriorityQueue<Void> q = new AgedPriorityQueue<>(new QueueConfig(1.0, 10_000));
        long now = T0;
        for (int i = 0; i < 200; i++) {
            now += TICK * rnd.nextInt(100);
            q.offer(req("r" + i, rnd.nextInt(distinctBids) * 0.25, now - (rnd.nextInt(5) == 0 ? TICK * rnd.nextInt(99) : 0),
                Request.NO_DEADLINE));
            if (rnd.nextInt(3) == 0) {
                q.poll();
            }
        }
        List<AgedPriorityQueue.Entry<Void>> persisted = new ArrayList<>();
        q.forEach(e -> persisted.add(new AgedPriorityQueue.Entry<>(e.seq(), e.request())));
        java.util.Collections.shuffle(persisted, rnd);
        AgedPriorityQueue.Restored<Void> restored = AgedPriorityQueue.restore(q.config(), q.exportState(), persisted);
        assertTrue(restored.shed().isEmpty());
        AgedPriorityQueue<Void> r = restored.queue();
        assertEquals(q.size(), r.size());
        Request<Void> next = req("after", 0.5, now + TICK, Request.NO_DEADLINE);
        assertEquals(q.offer(next).entry().seq(), r.offer(next).entry().seq(), "sequence numbers continue");
        while (!q.isEmpty()) {
            assertEquals(q.poll().seq(), r.poll().seq());
        }
    }

    /** No request is overtaken by one arriving more than (B - b) / alpha after it. */
    @Property(tries = 200)
    void noStarvationBeyondTheDocumentedBound(@ForAll long seed) {
        Random rnd = new Random(seed);
        double alpha = 2.0;
        double maxBid = 4.0;
        AgedPriorityQueue<Void> q = new AgedPriorityQueue<>(new QueueConfig(alpha, 100_000));
        List<QueuedRequest<Void>> served = new ArrayList<>();
        long now = T0;
        for (int i = 0; i < 2000; i++) {
            now += TICK * rnd.nextInt(64);
            q.offer(req("r" + i, rnd.nextInt(33) / 8.0, now, Request.NO_DEADLINE)); // bids in [0, 4]
            if (rnd.nextInt(10) < 9) { // overloaded on purpose: the queue grows
                QueuedRequest<Void> e = q.poll();
                served.add(e);
            }
        }
        QueuedRequest<Void> rest;
        while ((rest = q.poll()) != null) {
            served.add(rest);
        }
        // requests served before y that arrived after y overtook it: all must lie within y's horizon
        long latestServedSoFar = Long.MIN_VALUE;
        for (QueuedRequest<Void> y : served) {
            long horizon = y.arrivalNs() + (long) Math.ceil((maxBid - y.request().bid()) / alpha * 1e9);
            assertFalse(latestServedSoFar > horizon, "a request arriving beyond the horizon overtook " + y);
            latestServedSoFar = Math.max(latestServedSoFar, y.arrivalNs());
        }
    }

    @Test
    void biggerBidWinsAndAgingCatchesUp() {
        AgedPriorityQueue<Void> q = new AgedPriorityQueue<>(new QueueConfig(1.0, 10));
        q.offer(req("low-early", 1.0, T0, Request.NO_DEADLINE));
        q.offer(req("high-late", 2.0, T0 + 512 * TICK / 2, Request.NO_DEADLINE)); // 0.5 s later: key 1.5 > 1.0
        q.offer(req("high-later", 2.0, T0 + 3 * 512 * TICK, Request.NO_DEADLINE)); // 3 s later: key -1.0 < 1.0
        assertEquals("high-late", q.poll().request().id());
        assertEquals("low-early", q.poll().request().id());
        assertEquals("high-later", q.poll().request().id());
    }

    @Test
    void equalKeysAreServedFirstInFirstOut() {
        AgedPriorityQueue<Void> q = new AgedPriorityQueue<>(new QueueConfig(1.0, 10));
        q.offer(req("a", 1.0, T0 + 512 * TICK, Request.NO_DEADLINE));     // key 1 - 1 = 0
        q.offer(req("b", 0.0, T0, Request.NO_DEADLINE));                 // key 0, earlier arrival
        q.offer(req("c", 1.0, T0 + 512 * TICK, Request.NO_DEADLINE));     // key 0, same arrival as a
        assertEquals(List.of("b", "a", "c"), List.of(q.poll().request().id(), q.poll().request().id(), q.poll().request().id()));
    }

    @Test
    void effectivePriorityIsComputedAtDispatchTime() {
        AgedPriorityQueue<Void> q = new AgedPriorityQueue<>(new QueueConfig(2.0, 10));
        QueuedRequest<Void> e = q.offer(req("a", 1.5, T0, Request.NO_DEADLINE)).entry();
        assertEquals(1.5 + 2.0 * 1.5, q.effectivePriority(e, T0 + 1_500_000_000L), 1e-12);
    }

    @Test
    void offeredRequestItselfIsShedWhenItIsTheLowest() {
        AgedPriorityQueue<Void> q = new AgedPriorityQueue<>(new QueueConfig(0.0, 1));
        q.offer(req("high", 5, T0, Request.NO_DEADLINE));
        AgedPriorityQueue.Offer<Void> o = q.offer(req("low", 1, T0 + TICK, Request.NO_DEADLINE));
        assertTrue(o.rejected());
        assertEquals("low", o.shed().get(0).request().id());
        assertTrue(o.shed().get(0).detail().contains("queue bound of 1"));
        assertEquals(1, q.size());
    }

    @Test
    void restoreRefusesInconsistentInput() {
        AgedPriorityQueue<Void> q = new AgedPriorityQueue<>(QueueConfig.defaults());
        q.offer(req("a", 1, T0, Request.NO_DEADLINE));
        AgedPriorityQueue.State s = q.exportState();
        var e = assertThrows(IllegalArgumentException.class, () -> AgedPriorityQueue.restore(q.config(), s,
            List.of(new AgedPriorityQueue.Entry<>(7, req("x", 1, T0, Request.NO_DEADLINE)))));
        assertTrue(e.getMessage().contains("next seq"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AgedPriorityQueue.restore(q.config(),
            new AgedPriorityQueue.State(2, 1, false, 0), List.of()));
    }

    @Test
    void explicitRemovalKeepsEverythingConsistent() {
        AgedPriorityQueue<Void> q = new AgedPriorityQueue<>(new QueueConfig(1.0, 10));
        QueuedRequest<Void> a = q.offer(req("a", 1, T0, T0 + 5 * TICK)).entry();
        q.offer(req("b", 1, T0 + TICK, Request.NO_DEADLINE));
        assertTrue(q.remove(a));
        assertFalse(q.remove(a));
        assertEquals(Request.NO_DEADLINE, q.earliestDeadlineNs());
        assertEquals(T0 + TICK, q.oldestArrivalNs());
        assertTrue(q.expire(T0 + 100 * TICK).isEmpty());
        assertEquals("b", q.poll().request().id());
    }

    /** Tokens, blocks and the deadline flag are packed per slot; the largest values must survive the trip. */
    @Test
    void queuedTokensAndBlocksCountTheLargestRequestsExactly() {
        AgedPriorityQueue<Void> q = new AgedPriorityQueue<>(new QueueConfig(1.0, 10));
        Request<Void> huge = new Request<>("huge", "t", 1, T0, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE,
            T0 + TICK, null);
        q.offer(huge);
        q.offer(req("small", 0, T0, Request.NO_DEADLINE));
        assertEquals(2L * Integer.MAX_VALUE + 15, q.queuedTokens());
        assertEquals(Integer.MAX_VALUE + 1L, q.queuedBlocks());
        assertEquals(T0 + TICK, q.earliestDeadlineNs());
        assertEquals("huge", q.poll().request().id());
        assertEquals(15, q.queuedTokens());
        assertEquals(1, q.queuedBlocks());
        assertEquals(Request.NO_DEADLINE, q.earliestDeadlineNs());
    }

    @Test
    void anEntryOfAnotherQueueWithTheSameSeqIsNotRemovedHere() {
        AgedPriorityQueue<Void> q = new AgedPriorityQueue<>(new QueueConfig(1.0, 10));
        AgedPriorityQueue<Void> other = new AgedPriorityQueue<>(new QueueConfig(1.0, 10));
        QueuedRequest<Void> mine = q.offer(req("a", 1, T0, Request.NO_DEADLINE)).entry();
        QueuedRequest<Void> theirs = other.offer(req("b", 2, T0, Request.NO_DEADLINE)).entry();
        assertEquals(mine.seq(), theirs.seq());
        assertFalse(q.contains(theirs));
        assertFalse(q.remove(theirs));
        assertTrue(q.contains(mine));
        assertEquals(1, q.size());
    }

    @Property(tries = 100)
    void arbitraryDoublesStillPopTheMaximumWithinRounding(@ForAll long seed) {
        Random rnd = new Random(seed);
        double alpha = rnd.nextDouble() * 10;
        AgedPriorityQueue<Void> q = new AgedPriorityQueue<>(new QueueConfig(alpha, 100_000));
        List<QueuedRequest<Void>> live = new ArrayList<>();
        long now = 1_700_000_000_123_456_789L;
        for (int i = 0; i < 300; i++) {
            now += rnd.nextInt(50_000_000);
            live.add(q.offer(req("r" + i, rnd.nextDouble() * 100, now, Request.NO_DEADLINE)).entry());
            if (rnd.nextBoolean()) {
                QueuedRequest<Void> got = q.poll();
                double best = Double.NEGATIVE_INFINITY;
                for (QueuedRequest<Void> e : live) {
                    best = Math.max(best, q.effectivePriority(e, now));
                }
                assertTrue(q.effectivePriority(got, now) >= best - 1e-9 * Math.max(1, Math.abs(best)));
                live.remove(got);
            }
        }
    }
}
