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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A batch is cut exactly when the oldest request has waited w, or at once when full, under every policy. */
class BatchCutTest {
    @TempDir
    Path state;

    /** Settings that give {@code policy} a 10 ms window and let a batch hold 4 requests. */
    static Map<String, String> tenMs(String policy) {
        switch (policy) {
            case "fixed":
                return Map.of("scheduler.policy", policy, "policy.fixed.window.ms", "10", "batch.max.requests", "4");
            case "entropy": // all arrivals in one 1 ms bin: H = 0, so w = w_base
                return Map.of("scheduler.policy", policy, "window.base.ms", "10", "window.min.ms", "1",
                    "batch.max.requests", "4");
            case "triton": // no preferred size reachable with 3 requests: waits max_queue_delay
                return Map.of("scheduler.policy", policy, "policy.triton.max.queue.delay.ms", "10",
                    "policy.triton.preferred.sizes", "8", "batch.max.requests", "4");
            case "aimd": // the cap starts at B_max, the wait bound is max.wait
                return Map.of("scheduler.policy", policy, "policy.aimd.max.wait.ms", "10", "policy.aimd.initial.batch", "32",
                    "batch.max.requests", "4");
            default:
                throw new IllegalArgumentException(policy);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"entropy", "fixed", "triton", "aimd"})
    void cutsWhenTheOldestRequestHasWaitedTheWindow(String policy) {
        try (SchedulerHarness h = new SchedulerHarness(tenMs(policy), state)) {
            long first = h.nowUs();
            h.send(h.request("a", "p", 1));
            h.advance(3);
            h.send(h.request("b", "p", 1));
            h.send(h.request("c", "p", 1));
            List<Batch> cut = List.of();
            long waitedMs = 3;
            while (cut.isEmpty() && waitedMs < 100) {
                h.advance(1);
                waitedMs++;
                cut = h.batches();
            }
            assertEquals(1, cut.size(), policy);
            Batch b = cut.get(0);
            double w = b.getWindowMs();
            if (policy.equals("entropy")) { // gaps of 3 ms and 0 ms: two bins, H = 1 bit, w = 10 exp(-1/5)
                assertEquals(1.0, b.getEntropyBits(), 1e-9);
                assertEquals(10 * Math.exp(-1.0 / 5), w, 1e-6);
            } else {
                assertEquals(10.0, w, 1e-9);
            }
            assertEquals("WINDOW", b.getCutReason());
            assertEquals(policy, b.getPolicy());
            assertEquals((long) Math.ceil(w), waitedMs, "cut at the first 1 ms tick at or after oldest arrival + w");
            assertEquals(first + waitedMs * 1000, b.getCutUs());
            assertEquals(first + (long) (w * 1000), b.getIntendedCutUs(), 1.0);
            assertEquals(List.of("a", "b", "c"), ids(b));
            assertEquals("p-1", b.getBatchId());
            assertEquals(1L, b.getSequence());
            assertEquals(0, b.getQueueDepthAfter());
            assertEquals(waitedMs * 1000, b.getRequests().get(0).getWaitUs());
            assertEquals((waitedMs - 3) * 1000, b.getRequests().get(1).getWaitUs());
            assertEquals(4, b.getRequests().get(0).getKvBlocks(), "ceil((48 + 16) / 16)");
            h.advance(30);
            assertEquals(List.of(), h.batches(), "nothing left to cut");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"entropy", "fixed", "triton", "aimd"})
    void cutsAtOnceWhenTheBatchIsFull(String policy) {
        try (SchedulerHarness h = new SchedulerHarness(tenMs(policy), state)) {
            long t = h.nowUs();
            for (int i = 0; i < 6; i++) {
                h.send(h.request("r" + i, "p", 1));
            }
            List<Batch> cut = h.batches(); // no clock movement: cut on the arrival that filled it
            assertEquals(1, cut.size(), policy);
            Batch b = cut.get(0);
            assertEquals("FULL_REQUESTS", b.getCutReason());
            assertEquals(List.of("r0", "r1", "r2", "r3"), ids(b));
            assertEquals(t, b.getCutUs());
            assertEquals(0, b.getQueueDepthAfter(), "cut on the 4th arrival, before the 5th");
            h.advance(9);
            assertEquals(List.of(), h.batches());
            h.advance(1); // the two left over have now waited w
            List<Batch> rest = h.batches();
            assertEquals(1, rest.size());
            assertEquals(List.of("r4", "r5"), ids(rest.get(0)));
            assertEquals("WINDOW", rest.get(0).getCutReason());
            assertEquals(2L, rest.get(0).getSequence());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"entropy", "fixed", "triton", "aimd"})
    void aSkippedTickCutsLateButSaysWhenItWasDue(String policy) {
        try (SchedulerHarness h = new SchedulerHarness(tenMs(policy), state)) {
            long first = h.nowUs();
            h.send(h.request("a", "p", 1));
            h.driver.advanceWallClockTime(java.time.Duration.ofMillis(25)); // one punctuation, 15 ms late
            List<Batch> cut = h.batches();
            assertEquals(1, cut.size());
            assertEquals(first + 25_000, cut.get(0).getCutUs());
            assertEquals(first + 10_000, cut.get(0).getIntendedCutUs(), "the window end from the recorded arrival");
        }
    }

    @Test
    void tritonCutsAPreferredSizeAtOnce() {
        Map<String, String> s = Map.of("scheduler.policy", "triton", "policy.triton.max.queue.delay.ms", "10",
            "policy.triton.preferred.sizes", "2", "batch.max.requests", "8");
        try (SchedulerHarness h = new SchedulerHarness(s, state)) {
            h.send(h.request("a", "p", 1));
            assertTrue(h.batches().isEmpty());
            h.send(h.request("b", "p", 1));
            List<Batch> cut = h.batches();
            assertEquals(1, cut.size());
            assertEquals("PREFERRED_SIZE", cut.get(0).getCutReason());
        }
    }

    static List<String> ids(Batch b) {
        return b.getRequests().stream().map(BatchedRequest::getRequest).map(r -> r.getRequestId()).toList();
    }
}
