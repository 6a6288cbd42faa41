package io.homeostat.core.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * {@link ArrivalOrder} against a sorted map seq → arrival: the oldest arrival, membership and
 * removal agree after every operation, through ring growth, wrap-around, seq gaps (a restore),
 * out-of-order arrivals (stragglers) and a starving entry that forces the ring to move its oldest
 * entries out instead of growing.
 */
class ArrivalOrderTest {
    @Property(tries = 300)
    void agreesWithASortedMap(@ForAll long seed,
                              @ForAll @IntRange(min = 0, max = 3) int shape,
                              @ForAll @IntRange(min = 1, max = 3000) int ops) {
        Random rnd = new Random(seed);
        ArrivalOrder order = new ArrivalOrder();
        TreeMap<Long, Long> model = new TreeMap<>();
        List<Long> live = new ArrayList<>();
        long seq = 0;
        long now = 1_000;
        for (int i = 0; i < ops; i++) {
            boolean add = live.isEmpty() || rnd.nextInt(100) < (shape == 3 ? 60 : 52);
            if (add) {
                seq += shape == 1 && rnd.nextInt(20) == 0 ? 1 + rnd.nextInt(5000) : 1; // gaps: restored entries
                now += rnd.nextInt(3);
                long arrival = shape == 2 && rnd.nextInt(8) == 0 ? now - rnd.nextInt(50) : now; // stragglers
                order.add(seq, arrival);
                model.put(seq, arrival);
                live.add(seq);
            } else {
                // shape 3 keeps the first entry forever (starving) and removes one of the newest four
                if (shape == 3 && live.size() == 1) {
                    continue;
                }
                int k = shape == 3 ? live.size() - 1 - rnd.nextInt(Math.min(live.size() - 1, 4)) : rnd.nextInt(live.size());
                long s = live.remove(k);
                assertTrue(order.remove(s, model.remove(s)), "removes " + s);
                assertFalse(order.remove(s, 0), "not twice");
            }
            long expected = model.values().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
            assertEquals(expected, order.oldestArrivalNs(), "oldest after op " + i);
            if (!live.isEmpty()) {
                long probe = live.get(rnd.nextInt(live.size()));
                assertTrue(order.contains(probe));
            }
            assertFalse(order.contains(seq + 1));
        }
    }

    @Test
    void aStarvingEntryDoesNotGrowTheRingWithTheSeqSpan() {
        ArrivalOrder order = new ArrivalOrder();
        order.add(0, 0); // never leaves
        for (long s = 1; s < 2_000_000; s++) {
            order.add(s, s);
            order.remove(s, s);
        }
        assertEquals(0, order.oldestArrivalNs());
        assertTrue(order.contains(0));
        assertTrue(order.ringCapacity() <= 64, "ring of " + order.ringCapacity() + " slots for 2 live entries");
        assertTrue(order.remove(0, 0));
        assertEquals(Long.MAX_VALUE, order.oldestArrivalNs());
    }

    @Test
    void refusesSeqsThatDoNotGrowAndTheReservedArrival() {
        ArrivalOrder order = new ArrivalOrder();
        order.add(5, 10);
        assertThrows(IllegalArgumentException.class, () -> order.add(5, 11));
        assertThrows(IllegalArgumentException.class, () -> order.add(6, Long.MIN_VALUE));
    }
}
