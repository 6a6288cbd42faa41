package io.homeostat.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.avro.InferenceRequest;
import io.homeostat.config.Topics;
import io.homeostat.kafka.serde.AvroSerde;
import io.homeostat.kafka.serde.AvroSerializer;
import io.homeostat.kafka.test.SharedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stores are written right before each commit ({@link PreCommitHook}), on a real Kafka Streams
 * instance and broker, exactly once:
 * <ul>
 *   <li>once the group's committed offsets cover N queued requests, the committed (read_committed)
 *       queue changelog holds all N, and the pools changelog a state per pool. If Kafka Streams
 *       stopped calling the hook before its commits, the offsets would move and the entries would
 *       be missing (a crash would then lose those requests);</li>
 *   <li>requests that leave the queue before the next commit (here: every request fills a batch on
 *       its own) never reach the queue changelog, not even as tombstones.</li>
 * </ul>
 */
@ExtendWith(SharedKafka.class)
class PreCommitHookTest {
    static final int REQUESTS = 200;

    @TempDir
    Path state;

    @Test
    void whatTheCommittedOffsetsCoverIsInTheCommittedChangelogs() throws Exception {
        String prefix = SharedKafka.unique("hook-queued");
        Map<String, String> s = SchedulerIntegrationTest.settings(prefix, state);
        s.put("policy.fixed.window.ms", "600000"); // nothing is cut while the test runs
        s.put("batch.max.requests", "100000");
        s.put("batch.max.tokens", "100000000");
        SchedulerAppConfig config = new SchedulerAppConfig(s);
        try (SchedulerApp app = SchedulerApp.start(config)) {
            app.awaitRunning(Duration.ofSeconds(90));
            Set<String> ids = produce(config);
            awaitCommittedOffsets(config, REQUESTS, Duration.ofSeconds(60));

            Map<Bytes, byte[]> queue = committedChangelog(config, SchedulerStores.QUEUE, REQUESTS);
            long live = queue.values().stream().filter(v -> v != null).count();
            assertEquals(REQUESTS, live, "every request the committed offsets cover is in the committed queue changelog");
            Map<Bytes, byte[]> pools = committedChangelog(config, SchedulerStores.POOLS, SchedulerIntegrationTest.POOLS.length);
            assertEquals(SchedulerIntegrationTest.POOLS.length, pools.size(), "a state per pool");
            assertEquals(REQUESTS, ids.size());
        }
    }

    @Test
    void requestsThatLeaveTheQueueBeforeTheNextCommitNeverReachTheQueueChangelog() throws Exception {
        String prefix = SharedKafka.unique("hook-cut");
        Map<String, String> s = SchedulerIntegrationTest.settings(prefix, state);
        s.put("batch.max.requests", "1"); // every arrival fills a batch: cut at once
        SchedulerAppConfig config = new SchedulerAppConfig(s);
        try (SchedulerApp app = SchedulerApp.start(config)) {
            app.awaitRunning(Duration.ofSeconds(90));
            produce(config);
            Map<String, Integer> batched = SchedulerIntegrationTest.readBatches(config, config.topics(), REQUESTS,
                Duration.ofSeconds(60));
            assertEquals(REQUESTS, batched.size(), "every request batched");
            awaitCommittedOffsets(config, REQUESTS, Duration.ofSeconds(60));
            assertEquals(Map.of(), committedChangelog(config, SchedulerStores.QUEUE, 0),
                "no queue changelog records at all");
            assertEquals(SchedulerIntegrationTest.POOLS.length,
                committedChangelog(config, SchedulerStores.POOLS, SchedulerIntegrationTest.POOLS.length).size());
        }
    }

    private static Set<String> produce(SchedulerAppConfig config) {
        Topics topics = config.topics();
        AvroSerializer<InferenceRequest> ser = AvroSerde.of(InferenceRequest.class, config.serdeProps(), false).serializer();
        Set<String> ids = new HashSet<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config.producerProps(Map.of()),
                new StringSerializer(), new ByteArraySerializer())) {
            SchedulerIntegrationTest.produce(producer, ser, topics, 0, REQUESTS, ids, new AtomicInteger());
            producer.flush();
        }
        return ids;
    }

    /** Waits until the scheduler's group has committed offsets past {@code records} input records. */
    private static void awaitCommittedOffsets(SchedulerAppConfig config, long records, Duration timeout) throws Exception {
        Map<String, Object> p = new HashMap<>();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            long committed = 0;
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(config.applicationId())
                    .partitionsToOffsetAndMetadata().get();
                committed = offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(config.topics().requests()))
                    .mapToLong(e -> e.getValue().offset()).sum();
                if (committed >= records) {
                    return;
                }
                Thread.sleep(100);
            }
            throw new AssertionError("the scheduler committed offsets for " + committed + " of " + records + " requests");
        }
    }

    /** The latest committed value per key of a store's changelog (null = tombstone), read to its end. */
    private static Map<Bytes, byte[]> committedChangelog(SchedulerAppConfig config, String store, int atLeast) {
        String topic = config.applicationId() + "-" + store + "-changelog";
        Map<Bytes, byte[]> latest = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> c = SchedulerIntegrationTest.reader(config)) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && (latest.size() < atLeast
                    || parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp)))) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    latest.put(Bytes.wrap(r.key()), r.value());
                }
            }
        }
        assertTrue(latest.size() >= atLeast, store + " changelog: " + latest.size() + " keys, expected at least " + atLeast);
        return latest;
    }
}
