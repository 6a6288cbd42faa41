package io.homeostat.core.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.core.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * {@link RunOrder} on its own, against a sorted reference, with buffers of one to eight entries,
 * fan-ins of two to five and a top (never merged) level of 0 to 12, so that a few thousand entries
 * reach ten and more levels or pile up in one: merges of every width, holes (removals from inside runs) and their compaction, runs moved to smaller arrays as they
 * drain, late arrivals that make the arrival ring move entries, and the ring's own compaction.
 */
class RunOrderTest {
    private static Request<Void> req(long arrival, int tokens) {
        return new Request<>("r", "t", 0, arrival, tokens, 1, tokens % 7, Request.NO_DEADLINE, null);
    }

    /**
     * Keys: {@code 0} four values (ties broken by arrival, often equal too, then seq), {@code 1} all
     * distinct, {@code 2} a mix. Grows for 12,000 steps, then drains.
     */
    @Property(tries = 60)
    void everyOperationMatchesASortedReference(@ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int buffer,
                                               @ForAll @IntRange(min = 2, max = 5) int fanIn,
                                               @ForAll @IntRange(min = 0, max = 2) int keys,
                                               @ForAll @IntRange(min = 0, max = 12) int topLevel) {
        Random rnd = new Random(seed);
        RunOrder<Void> order = new RunOrder<>(buffer, fanIn, topLevel);
        TreeMap<QueuedRequest<Void>, Long> ref = new TreeMap<>(AgedPriorityQueueTest::serviceOrder);
        List<QueuedRequest<Void>> known = new ArrayList<>();
        long now = 1_000_000;
        long seq = 0;
        for (int step = 0; step < 20_000; step++) {
            int op = rnd.nextInt(100);
            boolean grow = step < 12_000 ? op < 60 : op < 25;
            if (grow) {
                now += rnd.nextInt(3);
                long arrival = rnd.nextInt(16) == 0 ? now - rnd.nextInt(400) : now;
                double key = switch (keys) {
                    case 0 -> rnd.nextInt(4);
                    case 1 -> rnd.nextDouble() * 100;
                    default -> rnd.nextBoolean() ? rnd.nextInt(4) : rnd.nextDouble() * 4;
                };
                Request<Void> r = req(arrival, rnd.nextInt(1000));
                QueuedRequest<Void> e = new QueuedRequest<>(r, ++seq, key);
                assertTrue(order.add(r, key, seq, QueueOrder.meta(r)));
                ref.put(e, QueueOrder.meta(r));
                known.add(e);
            } else if (op < 70) {
                Map.Entry<QueuedRequest<Void>, Long> best = ref.pollFirstEntry();
                assertEquals(best != null, order.pollBest());
                if (best != null) {
                    assertTaken(best, order);
                }
            } else if (op < 78) {
                Map.Entry<QueuedRequest<Void>, Long> worst = ref.pollLastEntry();
                assertEquals(worst != null, order.pollWorst());
                if (worst != null) {
                    assertTaken(worst, order);
                }
            } else if (op < 92 && !known.isEmpty()) {
                QueuedRequest<Void> e = known.get(rnd.nextInt(known.size()));
                Long meta = ref.remove(e);
                assertEquals(meta != null, order.remove(e), "remove seq " + e.seq());
                if (meta != null) {
                    assertTaken(Map.entry(e, meta), order);
                }
            } else if (!known.isEmpty()) {
                QueuedRequest<Void> e = known.get(rnd.nextInt(known.size()));
                assertEquals(ref.containsKey(e), order.contains(e), "contains seq " + e.seq());
            }
            assertEquals(ref.isEmpty() ? null : ref.firstKey(), order.best());
            assertTrue(order.slotsHeld() <= 2 * ref.size() + 17 * (order.runCount() + 1),
                "holes are compacted: " + order.slotsHeld() + " slots for " + ref.size() + " entries in " + order.runCount() + " runs");
            if (step % 97 == 0) {
                assertEquals(ref.keySet().stream().mapToLong(QueuedRequest::arrivalNs).min().orElse(Long.MAX_VALUE),
                    order.oldestArrivalNs());
            }
            if (step % 1999 == 0) {
                assertEquals(List.copyOf(ref.keySet()), inServiceOrder(order));
            }
            if (known.size() > 4_000) {
                known.removeIf(e -> rnd.nextInt(4) == 0);
            }
        }
        assertEquals(List.copyOf(ref.keySet()), inServiceOrder(order));
        while (!ref.isEmpty()) {
            assertTrue(order.pollBest());
            assertTaken(ref.pollFirstEntry(), order);
        }
        assertFalse(order.pollBest());
        assertFalse(order.pollWorst());
        assertNull(order.best());
        assertEquals(Long.MAX_VALUE, order.oldestArrivalNs());
    }

    private static void assertTaken(Map.Entry<QueuedRequest<Void>, Long> expected, RunOrder<Void> order) {
        QueuedRequest<Void> e = expected.getKey();
        assertEquals(e.seq(), order.lastSeq);
        assertEquals(e.key(), order.lastKey);
        assertTrue(e.request() == order.lastRequest, "the same request object");
        assertEquals((long) expected.getValue(), order.lastMeta);
    }

    private static List<QueuedRequest<Void>> inServiceOrder(RunOrder<Void> order) {
        List<QueuedRequest<Void>> out = new ArrayList<>();
        order.forEachBestFirst(out::add);
        return out;
    }

    /** Removing nine entries in ten from inside the runs leaves holes that are compacted, not kept. */
    @Test
    void holesFromRemovalsAreCompactedAway() {
        RunOrder<Void> order = new RunOrder<>(4, 2, 12);
        List<QueuedRequest<Void>> all = new ArrayList<>();
        Random rnd = new Random(5);
        for (int i = 1; i <= 4096; i++) {
            Request<Void> r = req(i, 1);
            double key = rnd.nextDouble();
            order.add(r, key, i, QueueOrder.meta(r));
            all.add(new QueuedRequest<>(r, i, key));
        }
        TreeMap<QueuedRequest<Void>, Boolean> ref = new TreeMap<>(AgedPriorityQueueTest::serviceOrder);
        for (QueuedRequest<Void> e : all) {
            if (e.seq() % 10 == 0) {
                ref.put(e, true);
            } else {
                assertTrue(order.remove(e));
            }
        }
        assertTrue(order.slotsHeld() <= 2 * ref.size() + 17 * (order.runCount() + 1),
            order.slotsHeld() + " slots held for " + ref.size() + " entries in " + order.runCount() + " runs");
        assertEquals(List.copyOf(ref.keySet()), inServiceOrder(order));
        for (QueuedRequest<Void> e : ref.keySet()) {
            assertTrue(order.pollBest());
            assertEquals(e.seq(), order.lastSeq);
        }
    }

    /** Runs hold disjoint intervals of seqs only if entries come in seq order; anything else is refused. */
    @Test
    void anEntryOutOfSeqOrderIsRefused() {
        RunOrder<Void> order = new RunOrder<>();
        Request<Void> r = req(5, 1);
        order.add(r, 1.0, 7, QueueOrder.meta(r));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> order.add(r, 2.0, 7, QueueOrder.meta(r)));
        assertTrue(e.getMessage().contains("seq order"), e.getMessage());
    }

    /** The default sizes: 200,000 entries drained through every level in order. */
    @Test
    void aLargeQueueDrainsInOrderWithTheDefaultSizes() {
        RunOrder<Void> order = new RunOrder<>();
        Random rnd = new Random(3);
        int n = 200_000;
        double[] keys = new double[n];
        for (int i = 0; i < n; i++) {
            keys[i] = rnd.nextDouble();
            Request<Void> r = req(i, 1);
            order.add(r, keys[i], i + 1, QueueOrder.meta(r));
        }
        java.util.Arrays.sort(keys);
        for (int i = n - 1; i >= 0; i--) {
            assertTrue(order.pollBest());
            assertEquals(keys[i], order.lastKey);
        }
        assertFalse(order.pollBest());
    }
}
