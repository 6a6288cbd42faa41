package io.homeostat.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.avro.Batch;
import io.homeostat.avro.BatchedRequest;
import io.homeostat.avro.InferenceRequest;
import io.homeostat.avro.StabilityMetrics;
import io.homeostat.config.Topics;
import io.homeostat.kafka.serde.AvroDeserializer;
import io.homeostat.kafka.serde.AvroSerde;
import io.homeostat.kafka.serde.AvroSerializer;
import io.homeostat.kafka.test.SharedKafka;
import io.homeostat.kafka.test.TestTopics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler on a real (embedded) broker, exactly once: 10,000 requests from several
 * tenants and pools, and a restart of the Kafka Streams instance mid-run (onto an empty state
 * directory, so its stores come back from the changelogs). A read_committed reader then finds
 * every request in exactly one batch.
 */
@ExtendWith(SharedKafka.class)
class SchedulerIntegrationTest {
    static final int REQUESTS = 10_000;
    static final String[] POOLS = {"llama-small", "llama-large", "batch", "embed"};

    @TempDir
    Path state;

    static Map<String, String> settings(String prefix, Path stateDir) {
        Map<String, String> s = new HashMap<>(TestTopics.settings(prefix, SharedKafka.bootstrapServers()));
        s.put(SchedulerAppConfig.APPLICATION_ID_CONFIG, prefix + "-scheduler");
        s.put(SchedulerAppConfig.STATE_DIR_CONFIG, stateDir.toString());
        s.put(SchedulerAppConfig.METRICS_INTERVAL_MS_CONFIG, "200");
        s.put("scheduler.max.inflight.batches", "0"); // no worker here: nothing completes
        s.put("batch.max.requests", "32");
        s.put(SchedulerAppConfig.POLICY_CONFIG, "fixed");
        s.put("policy.fixed.window.ms", "5");
        return s;
    }

    @Test
    void everyRequestLandsInExactlyOneBatchAcrossARestart() throws Exception {
        String prefix = SharedKafka.unique("sched-it");
        Map<String, String> s = settings(prefix, state.resolve("first"));
        s.put(SchedulerAppConfig.METRICS_PORT_CONFIG, "0");
        SchedulerAppConfig config = new SchedulerAppConfig(s);
        Topics topics = config.topics();
        AvroSerializer<InferenceRequest> ser = AvroSerde.of(InferenceRequest.class, config.serdeProps(), false).serializer();
        AtomicInteger produced = new AtomicInteger();
        Set<String> ids = new HashSet<>();
        SchedulerApp app = SchedulerApp.start(config);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config.producerProps(Map.of()),
                new StringSerializer(), new ByteArraySerializer())) {
            app.awaitRunning(Duration.ofSeconds(90));
            assertTrue(app.metricsPort() > 0);
            produce(producer, ser, topics, 0, REQUESTS / 2, ids, produced);
            producer.flush();
            long seen = countBatchedUntil(config, topics, REQUESTS / 4, Duration.ofSeconds(60));
            assertTrue(seen >= REQUESTS / 4, "batches flow before the restart: " + seen);
            String scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + app.metricsPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(scrape.contains("queueing_lambda{pool=\"llama-small\""), scrape);

            // restart mid-run: requests keep arriving while no scheduler runs, and the new
            // instance has an empty state directory (its stores come back from the changelogs)
            Thread more = new Thread(() -> produce(producer, ser, topics, REQUESTS / 2, REQUESTS, null, produced));
            more.start();
            app.close();
            assertEquals(KafkaStreams.State.NOT_RUNNING, app.state());
            Map<String, String> s2 = settings(prefix, state.resolve("second"));
            s2.put(SchedulerAppConfig.METRICS_PORT_CONFIG, "-1");
            app = SchedulerApp.start(new SchedulerAppConfig(s2));
            more.join();
            producer.flush();
            for (int i = REQUESTS / 2; i < REQUESTS; i++) {
                ids.add("req-" + i);
            }
            app.awaitRunning(Duration.ofSeconds(90));
            assertEquals(-1, app.metricsPort());

            Map<String, Integer> batchedOnce = readBatches(config, topics, REQUESTS, Duration.ofSeconds(90));
            assertEquals(ids, batchedOnce.keySet(), "every request batched");
            List<String> twice = batchedOnce.entrySet().stream().filter(e -> e.getValue() != 1).map(Map.Entry::getKey).toList();
            assertEquals(List.of(), twice, "none twice");
            assertEquals(0, countCommitted(config, topics.deadLetter(), Duration.ofSeconds(1)), "no dead letters");
            assertEquals(0, countCommitted(config, topics.results(), Duration.ofSeconds(1)), "none expired or shed");
            assertTrue(metricsPools(config, topics).containsAll(List.of(POOLS)), "metrics for every pool");
        } finally {
            app.close();
        }
    }

    static void produce(KafkaProducer<String, byte[]> producer, AvroSerializer<InferenceRequest> ser, Topics topics,
                        int from, int to, Set<String> ids, AtomicInteger produced) {
        for (int i = from; i < to; i++) {
            String pool = POOLS[i % POOLS.length];
            InferenceRequest r = InferenceRequest.newBuilder().setRequestId("req-" + i).setTenant("tenant-" + i % 5)
                .setPool(pool).setPriorityBid((i * 31) % 10).setClientTimestampUs(System.currentTimeMillis() * 1000)
                .setPromptTokens(16 + i % 200).setMaxNewTokens(1 + i % 64).build();
            producer.send(new ProducerRecord<>(topics.requests(), pool, ser.serialize(topics.requests(), r)));
            if (ids != null) {
                ids.add(r.getRequestId());
            }
            produced.incrementAndGet();
        }
    }

    static KafkaConsumer<byte[], byte[]> reader(SchedulerAppConfig config) {
        Map<String, Object> p = config.consumerProps(Map.of());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, SharedKafka.unique("reader"));
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Requests in committed batches, polling until {@code atLeast} of them or the timeout. */
    static long countBatchedUntil(SchedulerAppConfig config, Topics topics, int atLeast, Duration timeout) {
        AvroDeserializer<Batch> de = AvroSerde.of(Batch.class, config.serdeProps(), false).deserializer();
        long n = 0;
        try (KafkaConsumer<byte[], byte[]> c = reader(config)) {
            c.subscribe(List.of(topics.batches()));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (n < atLeast && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    n += de.decode(r).getRequests().size();
                }
            }
        }
        return n;
    }

    /** request id → how many committed batches hold it, reading until {@code expected} ids (then 2 s more for extras). */
    static Map<String, Integer> readBatches(SchedulerAppConfig config, Topics topics, int expected, Duration timeout) {
        AvroDeserializer<Batch> de = AvroSerde.of(Batch.class, config.serdeProps(), false).deserializer();
        Map<String, Integer> counts = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> c = reader(config)) {
            c.subscribe(List.of(topics.batches()));
            long deadline = System.nanoTime() + timeout.toNanos();
            long settle = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settle)) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    Batch b = de.decode(r);
                    assertEquals(b.getPool(), new String(r.key(), java.nio.charset.StandardCharsets.UTF_8), "key = pool");
                    for (BatchedRequest br : b.getRequests()) {
                        counts.merge(br.getRequest().getRequestId(), 1, Integer::sum);
                    }
                }
                if (counts.size() >= expected && settle == Long.MAX_VALUE) {
                    settle = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                }
            }
        }
        return counts;
    }

    static int countCommitted(SchedulerAppConfig config, String topic, Duration wait) {
        int n = 0;
        try (KafkaConsumer<byte[], byte[]> c = reader(config)) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + wait.toNanos();
            while (System.nanoTime() < deadline) {
                n += c.poll(Duration.ofMillis(200)).count();
            }
        }
        return n;
    }

    static Set<String> metricsPools(SchedulerAppConfig config, Topics topics) {
        AvroDeserializer<StabilityMetrics> de = AvroSerde.of(StabilityMetrics.class, config.serdeProps(), false).deserializer();
        Set<String> pools = new HashSet<>();
        try (KafkaConsumer<byte[], byte[]> c = reader(config)) {
            c.subscribe(List.of(topics.metrics()));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (pools.size() < POOLS.length && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    pools.add(de.decode(r).getPool());
                }
            }
        }
        return pools;
    }
}
