package io.homeostat.worker;

import io.homeostat.avro.Batch;
import io.homeostat.config.CommonConfig;
import io.homeostat.config.Topics;
import io.homeostat.kafka.serde.AvroSerde;
import io.homeostat.kafka.test.SharedKafka;
import io.homeostat.kafka.topics.TopicProvisioner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Per-test topics on the shared broker, settings for a worker on them, and read/write helpers. */
final class WorkerFixture {
    final Map<String, String> settings = new HashMap<>(TestBatches.tinyModel());
    final WorkerConfig config;
    final Topics topics;

    WorkerFixture(String name) {
        String prefix = SharedKafka.unique(name);
        settings.put(CommonConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
        settings.put("schema.registry.url", "mock://" + prefix);
        for (String role : List.of(Topics.REQUESTS, Topics.BATCHES, Topics.RESULTS, Topics.COMPLETIONS, Topics.METRICS,
                Topics.WORKER_METRICS, Topics.DEAD_LETTER)) {
            settings.put(CommonConfig.TOPIC_PREFIX + role, prefix + "." + role);
        }
        settings.put(WorkerConfig.WORKER_ID_CONFIG, prefix + "-w");
        settings.put(WorkerConfig.GROUP_ID_CONFIG, prefix + "-group");
        settings.put(WorkerConfig.METRICS_INTERVAL_MS_CONFIG, "200");
        config = new WorkerConfig(settings);
        topics = config.topics();
        try (Admin admin = Admin.create(config.adminProps())) {
            new TopicProvisioner(admin, Duration.ofSeconds(30)).provision(config.topicCatalog());
        }
    }

    void produceBatches(List<Batch> batches) {
        var serializer = AvroSerde.of(Batch.class, config.serdeProps(), false).serializer();
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(config.producerProps(Map.of()), new StringSerializer(),
                new ByteArraySerializer())) {
            for (Batch b : batches) {
                p.send(new ProducerRecord<>(topics.batches(), b.getPool(), serializer.serialize(topics.batches(), b)));
            }
            p.flush();
        }
    }

    void produceRaw(String topic, String key, byte[] value) {
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(config.producerProps(Map.of()), new StringSerializer(),
                new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(topic, key, value));
            p.flush();
        }
    }

    /** Reads committed records of {@code topic} until {@code expected} arrived (or the timeout), then a little longer to catch extras. */
    <T> List<T> readCommitted(String topic, int expected, Duration timeout, Function<ConsumerRecord<byte[], byte[]>, T> decode) {
        Map<String, Object> props = new HashMap<>(config.consumerProps(Map.of()));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, SharedKafka.unique("reader"));
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<T> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            long settle = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settle)) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    out.add(decode.apply(r));
                }
                if (out.size() >= expected && settle == Long.MAX_VALUE) {
                    settle = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                }
            }
        }
        return out;
    }
}
