package io.homeostat.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.avro.Batch;
import io.homeostat.avro.BatchedRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Aged priorities order a batch; a completion's pool state changes the next batch's KV-block budget. */
class OrderAndFeedbackTest {
    @TempDir
    Path state;

    @Test
    void priorityAndAgingOrderTheBatch() {
        // alpha = 1000 bid units per second = 1 per ms: waiting 5 ms is worth a bid of 5
        Map<String, String> s = Map.of("scheduler.policy", "fixed", "policy.fixed.window.ms", "10",
            "queue.aging.alpha.per.s", "1000");
        try (SchedulerHarness h = new SchedulerHarness(s, state)) {
            h.send(h.request("old-low", "p", 0));   // P_eff at the cut (t = 10): 0 + 10 = 10
            h.advance(5);
            h.send(h.request("new-mid", "p", 4));   // 4 + 5 = 9
            h.send(h.request("new-high", "p", 10)); // 10 + 5 = 15
            h.send(h.request("new-low", "p", 0));   // 0 + 5 = 5
            h.advance(5);
            List<Batch> cut = h.batches();
            assertEquals(1, cut.size());
            List<BatchedRequest> rs = cut.get(0).getRequests();
            assertEquals(List.of("new-high", "old-low", "new-mid", "new-low"), BatchCutTest.ids(cut.get(0)));
            assertEquals(List.of(15.0, 10.0, 9.0, 5.0), rs.stream().map(BatchedRequest::getEffectivePriority).toList());
        }
    }

    @Test
    void aCompletionsPoolStateLimitsTheNextBatch() {
        Map<String, String> s = Map.of("scheduler.policy", "fixed", "policy.fixed.window.ms", "10",
            "batch.max.requests", "8");
        Batch withoutFeedback = secondBatch(s, false);
        Batch withFeedback = secondBatch(s, true);
        assertEquals(Integer.MAX_VALUE, withoutFeedback.getController().getBlockBudget(), "cold start: no limit");
        assertEquals(8, withoutFeedback.getRequests().size());
        int budget = withFeedback.getController().getBlockBudget();
        assertTrue(budget < 24, "budget " + budget + " from the worker's 24 free blocks, less the floor");
        int blocks = withFeedback.getRequests().stream().mapToInt(BatchedRequest::getKvBlocks).sum();
        assertTrue(blocks <= budget, blocks + " blocks taken within the budget of " + budget);
        assertTrue(withFeedback.getRequests().size() < 8, "the budget, not B_max, limited the batch");
        assertTrue(withFeedback.getController().getMinimumStableBlocks() > 0);
        assertEquals("FULL_BLOCKS", withFeedback.getCutReason(), "cut as soon as the queue held the budget's worth");
        assertEquals("FULL_REQUESTS", withoutFeedback.getCutReason());
    }

    /** Batch 1 (8 requests, 32 blocks) is cut; then, with or without its completion, 8 more arrive. */
    private Batch secondBatch(Map<String, String> s, boolean complete) {
        try (SchedulerHarness h = new SchedulerHarness(s, state.resolve(complete ? "with" : "without"))) {
            for (int i = 0; i < 8; i++) {
                h.send(h.request("a" + i, "p", 1));
            }
            assertEquals(1, h.batches().size());
            h.advance(20);
            if (complete) { // 20 ms for 8 requests; the worker's pool: 64 blocks, 24 free, none cached
                h.complete("p", 1, 8, 20.0, 32, 64, 24, 0);
            }
            for (int i = 0; i < 8; i++) {
                h.send(h.request("b" + i, "p", 1));
            }
            List<Batch> cut = h.batches();
            assertEquals(1, cut.size(), "cut at once: the queue holds a full batch");
            assertEquals(2L, cut.get(0).getSequence());
            return cut.get(0);
        }
    }
}
