package io.homeostat.bench.kafka;

import io.homeostat.avro.InferenceRequest;
import io.homeostat.kafka.embedded.EmbeddedKafka;
import io.homeostat.kafka.registry.MockSchemaRegistry;
import io.homeostat.kafka.serde.AvroDeserializer;
import io.homeostat.kafka.serde.AvroSerializer;
import io.homeostat.kafka.topics.TopicCatalog;
import io.homeostat.kafka.topics.TopicProvisioner;
import io.homeostat.kafka.topics.TopicSpec;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produce → consume round trip through the serde on the embedded broker (in-process, same JVM,
 * so one clock): records/s and p50/p99 latency from {@code send()} to {@code poll()} return.
 *
 * <pre>
 *   producer thread ──send(ts header)──► inference.requests (6 partitions) ──► consumer thread
 *                                                                  latency = now − ts
 * </pre>
 *
 * Two runs: unthrottled (throughput; its latency is mostly queueing in the client buffers) and
 * paced at a fixed rate (latency of a loaded-but-not-saturated broker). acks=all, idempotent
 * producer, linger.ms=5, read_uncommitted.
 *
 * <pre>
 *   java -cp ... io.homeostat.bench.kafka.RoundTripBenchmark [records=200000] [pacedRate=2000] [pacedRecords=20000]
 * </pre>
 */
public final class RoundTripBenchmark {
    private static final String SENT_NS = "sent-ns";

    private RoundTripBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int pacedRate = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int pacedRecords = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            run(kafka, "warm-up", 20_000, 0);
            run(kafka, "unthrottled", records, 0);
            run(kafka, "paced " + pacedRate + "/s", pacedRecords, pacedRate);
        }
    }

    private static void run(EmbeddedKafka kafka, String label, int count, int ratePerSecond) throws Exception {
        String topic = provision(kafka);
        MockSchemaRegistry registry = MockSchemaRegistry.forScope("bench-roundtrip");
        long[] latencyNs = new long[count];
        CountDownLatch subscribed = new CountDownLatch(1);
        AtomicReference<Exception> consumerError = new AtomicReference<>();
        Thread consumerThread = new Thread(() -> consume(kafka, topic, registry, latencyNs, subscribed, consumerError),
            "bench-consumer");
        consumerThread.start();
        if (!subscribed.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("consumer did not get its partitions");
        }
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        long start = System.nanoTime();
        try (KafkaProducer<String, InferenceRequest> producer =
                 new KafkaProducer<>(props, new StringSerializer(), new AvroSerializer<>(registry, false))) {
            long interval = ratePerSecond > 0 ? 1_000_000_000L / ratePerSecond : 0;
            for (int i = 0; i < count; i++) {
                if (interval > 0) {
                    long due = start + i * interval;
                    while (System.nanoTime() < due) {
                        LockSupport.parkNanos(Math.min(due - System.nanoTime(), 200_000));
                    }
                }
                InferenceRequest request = BenchRequests.request(i, false);
                ProducerRecord<String, InferenceRequest> record = new ProducerRecord<>(topic, request.getPool(), request);
                record.headers().add(SENT_NS, ByteBuffer.allocate(8).putLong(System.nanoTime()).array());
                producer.send(record);
            }
            producer.flush();
        }
        consumerThread.join(TimeUnit.MINUTES.toMillis(5));
        long elapsed = System.nanoTime() - start;
        if (consumerError.get() != null) {
            throw consumerError.get();
        }
        Arrays.sort(latencyNs);
        System.out.printf("%-14s %8d records in %6.2f s = %8.0f records/s   latency p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms%n",
            label, count, elapsed / 1e9, count / (elapsed / 1e9), percentile(latencyNs, 0.50), percentile(latencyNs, 0.99),
            latencyNs[count - 1] / 1e6);
    }

    private static void consume(EmbeddedKafka kafka, String topic, MockSchemaRegistry registry, long[] latencyNs,
                                CountDownLatch subscribed, AtomicReference<Exception> error) {
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, topic + "-reader");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
        try (KafkaConsumer<String, InferenceRequest> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                 new AvroDeserializer<>(InferenceRequest.class, registry, false))) {
            consumer.subscribe(List.of(topic));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(10));
            }
            subscribed.countDown();
            int seen = 0;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (seen < latencyNs.length && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, InferenceRequest> record : consumer.poll(Duration.ofMillis(100))) {
                    Header sent = record.headers().lastHeader(SENT_NS);
                    latencyNs[seen++] = System.nanoTime() - ByteBuffer.wrap(sent.value()).getLong();
                }
            }
            if (seen < latencyNs.length) {
                throw new IllegalStateException("only " + seen + " of " + latencyNs.length + " records arrived");
            }
        } catch (Exception e) {
            error.set(e);
            subscribed.countDown();
        }
    }

    private static String provision(EmbeddedKafka kafka) {
        String prefix = "bench-" + System.nanoTime();
        TopicCatalog catalog = TopicCatalog.fromClasspath();
        TopicCatalog renamed = catalog.withNames(catalog.topics().stream()
            .filter(t -> t.role().equals("requests"))
            .collect(Collectors.toMap(TopicSpec::role, t -> prefix + "." + t.name())));
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            new TopicProvisioner(admin, Duration.ofSeconds(30)).provision(renamed);
        }
        return renamed.byRole("requests").name();
    }

    private static double percentile(long[] sorted, double p) {
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }
}
