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
            h.advance(1);
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

    @Test
    void storesWithEntriesNewerThanTheirStateLoseNoRequestAndRepeatNoBatchNumber() {
        String registry = "mock://" + SharedKafka.unique("crash");
        List<TestRecord<String, byte[]>> poolLog;
        List<TestRecord<Bytes, byte[]>> queueLog;
        long stoppedAt;
        List<Batch> beforeStop;
        try (SchedulerHarness h = new SchedulerHarness(SETTINGS, state.resolve("first"), SchedulerHarness.T0_MS, registry)) {
            arrivals(h);
            h.advance(1);
            // The pools' changelog as of now: x1 and x2 below reach the queue's changelog but not a state
            // that counts them. Since both stores are written before every commit this cannot happen
            // any more; stores written by earlier versions (entries at arrival, states at the next tick)
            // can hold it after a crash, and SchedulerStores.reconciled must continue the queue past them.
            poolLog = h.driver.createOutputTopic(changelog(h, SchedulerStores.POOLS), new StringDeserializer(),
                new ByteArrayDeserializer()).readRecordsToList();
            h.send(h.request("x1", "b", 9));
            h.send(h.request("x2", "b", 0));
            beforeStop = h.batches();
            stoppedAt = h.nowMs();
            queueLog = h.driver.createOutputTopic(changelog(h, SchedulerStores.QUEUE), new BytesDeserializer(),
                new ByteArrayDeserializer()).readRecordsToList();
        }
        try (SchedulerHarness h = new SchedulerHarness(SETTINGS, state.resolve("second"), stoppedAt, registry)) {
            KeyValueStore<String, byte[]> pools = h.driver.getKeyValueStore(SchedulerStores.POOLS);
            KeyValueStore<Bytes, byte[]> queue = h.driver.getKeyValueStore(SchedulerStores.QUEUE);
            poolLog.forEach(r -> pools.put(r.key(), r.value()));
            queueLog.forEach(r -> queue.put(r.key(), r.value()));
            h.send(h.request("y", "b", 5)); // arrives after the restart: must not collide with x1/x2's seq
            h.advance(100);
            List<Batch> all = new java.util.ArrayList<>(beforeStop);
            all.addAll(h.batches());
            List<String> ids = all.stream().flatMap(b -> BatchCutTest.ids(b).stream()).sorted().toList();
            List<String> expected = new java.util.ArrayList<>(List.of("x1", "x2", "y"));
            for (int i = 0; i < 9; i++) {
                expected.add("r" + i);
            }
            expected.sort(null);
            assertEquals(expected, ids, "every request in exactly one batch");
            List<String> batchIds = all.stream().map(Batch::getBatchId).toList();
            assertEquals(batchIds.size(), batchIds.stream().distinct().count(), "no batch id twice: " + batchIds);
            Batch b = all.stream().filter(x -> x.getPool().equals("b")).findFirst().orElseThrow();
            assertEquals(List.of("x1", "y", "r6", "r3", "r0", "x2"), BatchCutTest.ids(b), "aged priority order kept");
        }
    }
}
