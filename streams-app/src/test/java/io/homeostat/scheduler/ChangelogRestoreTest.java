package io.homeostat.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.avro.Batch;
import io.homeostat.avro.BatchedRequest;
import io.homeostat.kafka.test.SharedKafka;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.BytesDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scheduler restarted from its changelogs continues exactly where it stopped: same queue
 * order, same effective priorities, same sensor (window), same batch sequence.
 *
 * <p>TopologyTestDriver deletes its state directory on close, so "the same state directory"
 * cannot survive a driver restart. What Kafka Streams does on a new machine is replay each
 * store's changelog into an empty store before the task starts; this test does the same with
 * the changelog records the first driver wrote, then lets the second driver's processor read the
 * stores. The embedded-broker test restarts a real Kafka Streams instance.
 */
class ChangelogRestoreTest {
    @TempDir
    Path state;

    static final Map<String, String> SETTINGS = Map.of("scheduler.policy", "entropy", "window.base.ms", "40",
        "queue.aging.alpha.per.s", "100", "batch.max.requests", "6");

    /** Arrivals: 9 requests in two pools, gaps of 0-3 ms, bids 0-4. */
    static void arrivals(SchedulerHarness h) {
        int[] gaps = {0, 2, 0, 3, 1, 1, 0, 2, 3};
        for (int i = 0; i < gaps.length; i++) {
            h.advance(gaps[i]);
            h.send(h.request("r" + i, i % 3 == 0 ? "b" : "a", (i * 7) % 5));
        }
    }

    @Test
    void aRestoredSchedulerCutsTheSameBatchesAsOneThatNeverStopped() {
        String registry = "mock://" + SharedKafka.unique("restore");
        List<Batch> reference;
        try (SchedulerHarness h = new SchedulerHarness(SETTINGS, state.resolve("ref"), SchedulerHarness.T0_MS, registry)) {
            arrivals(h);
            h.advance(100 - (h.nowMs() - SchedulerHarness.T0_MS));
            reference = h.batches();
        }
        assertTrue(reference.size() >= 2, "both pools cut: " + reference.size());

        List<TestRecord<String, byte[]>> poolLog;
        List<TestRecord<Bytes, byte[]>> queueLog;
        long stoppedAt;
        List<Batch> beforeStop;
        try (SchedulerHarness h = new SchedulerHarness(SETTINGS, state.resolve("first"), SchedulerHarness.T0_MS, registry)) {
            arrivals(h);
            beforeStop = h.batches(); // pool a fills its batch of 6 at the last arrival
            stoppedAt = h.nowMs();
            poolLog = h.driver.createOutputTopic(changelog(h, SchedulerStores.POOLS), new StringDeserializer(),
                new ByteArrayDeserializer()).readRecordsToList();
            queueLog = h.driver.createOutputTopic(changelog(h, SchedulerStores.QUEUE), new BytesDeserializer(),
                new ByteArrayDeserializer()).readRecordsToList();
        }
        assertEquals(1, beforeStop.size());
        assertTrue(queueLog.size() >= 9, "every queued request reached the changelog: " + queueLog.size());

        try (SchedulerHarness h = new SchedulerHarness(SETTINGS, state.resolve("second"), stoppedAt, registry)) {
            KeyValueStore<String, byte[]> pools = h.driver.getKeyValueStore(SchedulerStores.POOLS);
            KeyValueStore<Bytes, byte[]> queue = h.driver.getKeyValueStore(SchedulerStores.QUEUE);
            poolLog.forEach(r -> pools.put(r.key(), r.value()));
            queueLog.forEach(r -> queue.put(r.key(), r.value())); // a null value deletes, as a tombstone does
            h.advance(100 - (h.nowMs() - SchedulerHarness.T0_MS));
            List<Batch> restored = new java.util.ArrayList<>(beforeStop);
            restored.addAll(h.batches());
            assertEquals(summary(reference), summary(restored));
            assertEquals(reference, restored, "identical batches, down to cut times, windows and controller state");
        }
    }

    static String changelog(SchedulerHarness h, String store) {
        return h.config.applicationId() + "-" + store + "-changelog";
    }

    static List<String> summary(List<Batch> batches) {
        return batches.stream().map(b -> b.getBatchId() + "@" + b.getCutUs() + ":" + b.getRequests().stream()
            .map(BatchedRequest::getRequest).map(r -> r.getRequestId()).toList()).toList();
    }
}
