package io.homeostat.core.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class QueueingControllerTest {
    private static final long MS = 1_000_000L;

    private static QueueingController controller() {
        return new QueueingController(ControllerConfig.defaults(), 32);
    }

    @Test
    void coldStartValuesAreTheDocumentedOnes() {
        QueueingController c = controller();
        assertEquals(0.0, c.lambdaPerSecond(0));
        assertEquals(0.0, c.rho(0));
        assertEquals(11.0, c.serviceMs(1));            // prior a + b = 10 + 1 ms
        assertEquals(11.0, c.meanServiceMs());
        assertEquals(32 / 0.042, c.muMaxPerSecond(), 1e-9); // 32 / (10 + 32) ms
        assertEquals(0, c.minimumStableBlocks(0));
        assertEquals(0.0, c.meanBlocksPerRequest());
        assertEquals(Double.POSITIVE_INFINITY, c.lambdaCriticalPerSecond());
        assertEquals(Integer.MAX_VALUE, c.budget(0).blocks());
        assertEquals(Integer.MAX_VALUE, c.budget(0).poolBlocks());
        assertEquals(16, c.quantizationBits(0));
        assertTrue(c.isStable(0));
        assertEquals(-1, c.freeBlocks());
        assertFalse(c.poolKnown());
    }

    @Test
    void littlesLawFloorAndCriticalRate() {
        QueueingController c = controller();
        long t = 0;
        for (int i = 0; i < 20_000; i++) { // 100 req/s for 200 s, 10 blocks each
            t += 10 * MS;
            c.onArrival(t, 10);
        }
        c.onBatchCut(1, 4, 40, t);
        c.onCompletion(new CompletionReport(1, 4, 11 * MS, 40, 500, 0, 1000)); // E[S] drifts from 11 ms to 11 ms
        double lambda = c.lambdaPerSecond(t);
        assertEquals(100, lambda, 3);
        assertEquals((int) Math.ceil(lambda * 0.011 * 10 * 1.15), c.minimumStableBlocks(t));
        assertEquals(500 / (0.011 * 10 * 1.15), c.lambdaCriticalPerSecond(), 1e-6);
        assertEquals(0, c.inFlightBatches());
    }

    @Test
    void quantizationFollowsTheSeedTable() {
        assertEquals(16, Quantization.adviseBits(0.69));
        assertEquals(8, Quantization.adviseBits(0.70));
        assertEquals(8, Quantization.adviseBits(0.849));
        assertEquals(4, Quantization.adviseBits(0.85));
        assertEquals(2, Quantization.adviseBits(0.95));
    }

    /** free >= floor after any batch admitted within the budget (counting the eviction asked for). */
    @Property(tries = 300)
    void freeStaysAboveTheFloorAfterEveryAdmittedBatch(@ForAll long seed) {
        Random rnd = new Random(seed);
        QueueingController c = controller();
        long now = 0;
        long seq = 0;
        long completed = 0;
        int total = 2000;
        for (int step = 0; step < 400; step++) {
            now += rnd.nextInt(30) * MS;
            switch (rnd.nextInt(3)) {
                case 0 -> c.onArrival(now, 1 + rnd.nextInt(40));
                case 1 -> {
                    BlockBudget b = c.budget(now);
                    if (b.blocks() > 0) {
                        int blocks = 1 + rnd.nextInt(Math.min(b.blocks(), 400));
                        ControllerAdvice advice = c.onBatchCut(++seq, 1 + rnd.nextInt(8), blocks, now);
                        if (c.poolKnown()) {
                            assertTrue(c.freeBlocks() - c.reservedBlocks() >= advice.minimumStableBlocks(),
                                "free " + c.freeBlocks() + " - reserved " + c.reservedBlocks() + " >= floor "
                                    + advice.minimumStableBlocks() + " (budget " + b + ", advice " + advice + ")");
                            assertTrue(advice.evictionTargetBlocks() >= 0);
                        }
                    }
                }
                default -> {
                    if (completed < seq) {
                        completed++;
                        int used = c.reservedBlocks() > 0 ? rnd.nextInt(50) : 0;
                        int cached = rnd.nextInt(total / 2);
                        int free = rnd.nextInt(total - cached);
                        c.onCompletion(new CompletionReport(completed, 4, (5 + rnd.nextInt(50)) * MS, used, free, cached, total));
                    }
                }
            }
            assertTrue(c.reservedBlocks() >= 0);
        }
    }

    @Test
    void evictionIsThrottledAndSaysSo() {
        QueueingController c = controller();
        long t = 0;
        for (int i = 0; i < 2000; i++) {
            t += MS;
            c.onArrival(t, 20); // 1000 req/s
        }
        c.onBatchCut(1, 1, 1, t);
        c.onCompletion(new CompletionReport(1, 1, 50 * MS, 20, 100, 900, 1000));
        int floor = c.minimumStableBlocks(t);
        assertTrue(floor > 100, "floor " + floor);
        ControllerAdvice first = c.onBatchCut(2, 1, 20, t);
        assertTrue(first.evictionTargetBlocks() > 0);
        assertFalse(first.evictionThrottled());
        BlockBudget during = c.budget(t + 50 * MS);
        assertTrue(during.evictionThrottled());
        ControllerAdvice second = c.onBatchCut(3, 1, 700, t + 50 * MS); // over budget on purpose: wants eviction
        assertEquals(0, second.evictionTargetBlocks());
        assertTrue(second.evictionThrottled());
        assertEquals(1, c.evictionsThrottled());
        ControllerAdvice third = c.onBatchCut(4, 1, 1, t + 100 * MS);
        assertFalse(third.evictionThrottled());
    }

    @Test
    void completionReleasesReservationsInOrder() {
        QueueingController c = controller();
        c.onBatchCut(1, 1, 10, 0);
        c.onBatchCut(2, 1, 20, 0);
        c.onBatchCut(3, 1, 30, 0);
        assertEquals(60, c.reservedBlocks());
        c.onCompletion(new CompletionReport(2, 1, MS, 20, -1, -1, -1));
        assertEquals(30, c.reservedBlocks());
        assertEquals(1, c.inFlightBatches());
    }

    @Test
    void stateRoundTripGivesTheSameController() {
        QueueingController a = controller();
        Random rnd = new Random(3);
        long t = 0;
        for (int i = 0; i < 500; i++) {
            t += rnd.nextInt(20) * MS;
            a.onArrival(t, 1 + rnd.nextInt(9));
            if (i % 50 == 0) {
                a.onBatchCut(i, 3, 9, t);
            }
            if (i % 100 == 0) {
                a.onCompletion(new CompletionReport(i, 3, (20 + rnd.nextInt(9)) * MS, 8, 300, 100, 1000));
            }
        }
        QueueingController b = controller();
        b.restore(a.exportState());
        assertEquals(a.exportState(), b.exportState());
        assertEquals(a.budget(t), b.budget(t));
        assertEquals(a.onBatchCut(999, 4, 12, t + MS), b.onBatchCut(999, 4, 12, t + MS));
    }
}
