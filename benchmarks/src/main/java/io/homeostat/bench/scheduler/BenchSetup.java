package io.homeostat.bench.scheduler;

import io.homeostat.avro.InferenceRequest;
import io.homeostat.config.CommonConfig;
import io.homeostat.config.Topics;
import io.homeostat.kafka.embedded.EmbeddedKafka;
import io.homeostat.kafka.serde.AvroSerde;
import io.homeostat.kafka.serde.AvroSerializer;
import io.homeostat.kafka.topics.TopicProvisioner;
import io.homeostat.scheduler.SchedulerAppConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** One benchmark run's topics (own prefix), scheduler settings, request producer and progress probe. */
final class BenchSetup {
    static final String[] POOLS = {"pool-a", "pool-b", "pool-c", "pool-d"};

    final EmbeddedKafka kafka;
    final String prefix;
    final Map<String, String> settings = new HashMap<>();
    final Path stateDir;

    BenchSetup(EmbeddedKafka kafka, String label, Map<String, String> overrides) {
        this.kafka = kafka;
        this.prefix = "bench-" + label + "-" + Long.toHexString(System.nanoTime());
        try {
            this.stateDir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "bench-state");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        settings.put(CommonConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        settings.put("schema.registry.url", "mock://" + prefix);
        for (String role : List.of(Topics.REQUESTS, Topics.BATCHES, Topics.RESULTS, Topics.COMPLETIONS, Topics.METRICS,
                Topics.WORKER_METRICS, Topics.DEAD_LETTER)) {
            settings.put(CommonConfig.TOPIC_PREFIX + role, prefix + "." + role);
        }
        settings.put(SchedulerAppConfig.APPLICATION_ID_CONFIG, prefix + "-app");
        settings.put(SchedulerAppConfig.STATE_DIR_CONFIG, stateDir.toString());
        settings.put(SchedulerAppConfig.METRICS_PORT_CONFIG, "-1");
        settings.put("scheduler.max.inflight.batches", "0"); // no worker in these runs: nothing completes
        settings.putAll(overrides);
    }

    /** Deletes the run's state directory (call after its application closed). */
    void deleteState() {
        try (var paths = Files.walk(stateDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    SchedulerAppConfig config() {
        return new SchedulerAppConfig(settings);
    }

    /** Creates the run's topics. */
    void provision() {
        SchedulerAppConfig c = config();
        try (Admin admin = Admin.create(c.adminProps())) {
            new TopicProvisioner(admin, Duration.ofSeconds(30)).provision(c.topicCatalog());
        }
    }

    KafkaProducer<String, byte[]> producer() {
        Map<String, Object> p = new HashMap<>(kafka.clientProperties());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    AvroSerializer<InferenceRequest> serializer() {
        return AvroSerde.of(InferenceRequest.class, config().serdeProps(), false).serializer();
    }

    static InferenceRequest request(long i, long clientUs) {
        return InferenceRequest.newBuilder().setRequestId("req-" + i).setTenant("tenant-" + i % 5)
            .setPool(POOLS[(int) (i % POOLS.length)]).setPriorityBid((i * 31) % 10).setClientTimestampUs(clientUs)
            .setPromptTokens(64 + (int) (i % 256)).setMaxNewTokens(1 + (int) (i % 64)).build();
    }

    /** Sends {@code count} requests, at {@code ratePerSecond} (0: as fast as the producer goes). */
    void produce(long count, int ratePerSecond) {
        AvroSerializer<InferenceRequest> ser = serializer();
        String topic = config().topics().requests();
        try (KafkaProducer<String, byte[]> p = producer()) {
            long start = System.nanoTime();
            long interval = ratePerSecond > 0 ? 1_000_000_000L / ratePerSecond : 0;
            for (long i = 0; i < count; i++) {
                if (interval > 0) {
                    long due = start + i * interval;
                    while (System.nanoTime() < due) {
                        LockSupport.parkNanos(Math.min(due - System.nanoTime(), 200_000));
                    }
                }
                InferenceRequest r = request(i, System.currentTimeMillis() * 1000);
                p.send(new ProducerRecord<>(topic, r.getPool(), ser.serialize(topic, r)));
            }
            p.flush();
        }
    }

    /** Input records of the requests topic that consumer group {@code group} has committed. */
    long committed(Admin admin, String group) throws Exception {
        ListConsumerGroupOffsetsResult r = admin.listConsumerGroupOffsets(group);
        Map<TopicPartition, OffsetAndMetadata> offsets = r.partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        String topic = config().topics().requests();
        long sum = 0;
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : offsets.entrySet()) {
            if (e.getKey().topic().equals(topic) && e.getValue() != null) {
                sum += e.getValue().offset();
            }
        }
        return sum;
    }
}
