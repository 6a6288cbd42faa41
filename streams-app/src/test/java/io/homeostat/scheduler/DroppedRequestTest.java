package io.homeostat.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.avro.InferenceResult;
import io.homeostat.avro.ResultStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.BytesDeserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests the scheduler gives up on are answered: EXPIRED or REJECTED, with the reason. */
class DroppedRequestTest {
    /** A fixed 50 ms window and room for two queued requests: the third sheds the lowest priority. */
    static final Map<String, String> QUEUE_OF_TWO = Map.of("scheduler.policy", "fixed", "policy.fixed.window.ms", "50",
        "queue.max.requests", "2");

    @TempDir
    Path state;

    @Test
    void aDeadlinePassedWhileQueuedIsAnsweredExpired() {
        // one batch in flight at a time: while the worker has batch 1, nothing else can be cut
        // (otherwise the DEADLINE rule would cut "late" in time)
        Map<String, String> s = Map.of("scheduler.policy", "fixed", "policy.fixed.window.ms", "50",
            "scheduler.max.inflight.batches", "1");
        try (SchedulerHarness h = new SchedulerHarness(s, state)) {
            h.send(h.request("first", "p", 1));
            h.advance(50);
            assertEquals(1, h.batches().size());
            long queuedAt = h.nowUs();
            h.send(h.request("late", "p", 1).setDeadlineUs(h.nowUs() + 5_000).setAttributes(Map.of("k", "v")));
            h.send(h.request("fine", "p", 1));
            h.advance(4);
            assertTrue(h.results().isEmpty());
            h.advance(1);
            List<InferenceResult> got = h.results();
            assertEquals(1, got.size());
            InferenceResult r = got.get(0);
            assertEquals("late", r.getRequestId());
            assertEquals(ResultStatus.EXPIRED, r.getStatus());
            assertTrue(r.getReason().startsWith("EXPIRED: deadline passed while queued"), r.getReason());
            assertEquals("p", r.getPool());
            assertEquals(Map.of("k", "v"), r.getAttributes());
            assertEquals(5.0, r.getTiming().getQueuedMs(), 1e-9);
            assertEquals(queuedAt, r.getTiming().getEnqueuedUs());
            assertEquals(0, r.getTiming().getBatchedUs());
            h.advance(10);
            assertTrue(h.batches().isEmpty(), "gate closed: batch 1 in flight");
            h.complete("p", 1, 1, 10.0, 4, 1024, 1000, 0);
            h.advance(35);
            assertEquals(List.of("fine"), BatchCutTest.ids(h.batches().get(0)), "the expired one is not batched");
        }
    }

    @Test
    void aDeadlineAlreadyPassedOnArrivalIsAnsweredAtOnce() {
        try (SchedulerHarness h = new SchedulerHarness(Map.of(), state)) {
            h.advance(10);
            h.send(h.request("stale", "p", 1).setClientTimestampUs(h.nowUs() - 10_000).setDeadlineUs(h.nowUs() - 1_000));
            List<InferenceResult> got = h.results();
            assertEquals(1, got.size());
            assertEquals(ResultStatus.EXPIRED, got.get(0).getStatus());
            assertTrue(got.get(0).getReason().contains("deadline had passed on arrival"), got.get(0).getReason());
            assertEquals(0, got.get(0).getTiming().getEnqueuedUs(), "never queued");
            assertEquals(10.0, got.get(0).getTiming().getEndToEndMs(), 1e-9);
        }
    }

    @Test
    void theLowestPriorityIsShedWhenTheQueueIsFull() {
        try (SchedulerHarness h = new SchedulerHarness(QUEUE_OF_TWO, state)) {
            h.send(h.request("mid", "p", 2));
            h.send(h.request("low", "p", 1));
            assertTrue(h.results().isEmpty());
            h.send(h.request("high", "p", 3));
            List<InferenceResult> got = h.results();
            assertEquals(1, got.size());
            assertEquals("low", got.get(0).getRequestId());
            assertEquals(ResultStatus.REJECTED, got.get(0).getStatus());
            assertTrue(got.get(0).getReason().startsWith("QUEUE_FULL: "), got.get(0).getReason());
            h.advance(50);
            assertEquals(List.of("high", "mid"), BatchCutTest.ids(h.batches().get(0)));
        }
    }

    @Test
    void aRequestShedOnArrivalLeavesNoRecordInTheQueueChangelog() {
        try (SchedulerHarness h = new SchedulerHarness(QUEUE_OF_TWO, state)) {
            h.send(h.request("mid", "p", 2));
            h.send(h.request("low", "p", 1));
            h.send(h.request("lowest", "p", 0)); // queue seq 3, shed at once: it never was in the store
            List<InferenceResult> got = h.results();
            assertEquals(List.of("lowest"), got.stream().map(InferenceResult::getRequestId).toList());
            List<Bytes> keys = h.driver.createOutputTopic(ChangelogRestoreTest.changelog(h, SchedulerStores.QUEUE),
                new BytesDeserializer(), new ByteArrayDeserializer()).readRecordsToList().stream().map(TestRecord::key).toList();
            // the harness commits after every record, so the two queued entries were written; nothing else
            assertEquals(List.of(SchedulerStores.queueKey("p", 1), SchedulerStores.queueKey("p", 2)), keys);
        }
    }

    @Test
    void aRequestNoBatchCanHoldIsRejected() {
        Map<String, String> s = Map.of("batch.max.tokens", "100");
        try (SchedulerHarness h = new SchedulerHarness(s, state)) {
            h.send(h.request("huge", "p", 1).setPromptTokens(90).setMaxNewTokens(20));
            List<InferenceResult> got = h.results();
            assertEquals(1, got.size());
            assertEquals(ResultStatus.REJECTED, got.get(0).getStatus());
            assertTrue(got.get(0).getReason().startsWith("TOO_LARGE: needs 110 tokens"), got.get(0).getReason());
        }
    }

    @Test
    void aRequestLargerThanTheWorkersPoolIsRejected() {
        try (SchedulerHarness h = new SchedulerHarness(Map.of(), state)) {
            h.complete("p", 0, 0, 1.0, 0, 8, 8, 0); // the worker reports an 8-block pool
            h.send(h.request("wide", "p", 1).setPromptTokens(200)); // 216 tokens = 14 blocks
            List<InferenceResult> got = h.results();
            assertEquals(1, got.size());
            assertEquals(ResultStatus.REJECTED, got.get(0).getStatus());
            assertTrue(got.get(0).getReason().contains("needs 14 KV blocks, the worker's pool has 8"), got.get(0).getReason());
        }
    }
}
