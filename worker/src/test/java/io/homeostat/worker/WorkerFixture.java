package io.homeostat.worker;

import io.homeostat.avro.Batch;
import io.homeostat.config.Topics;
import io.homeostat.kafka.serde.AvroSerde;
import io.homeostat.kafka.test.CommittedReader;
import io.homeostat.kafka.test.SharedKafka;
import io.homeostat.kafka.test.TestTopics;
import io.homeostat.kafka.topics.TopicProvisioner;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Per-test topics on the shared broker, settings for a worker on them, and read/write helpers. */
final class WorkerFixture {
    final Map<String, String> settings = new HashMap<>(TestBatches.tinyModel());
    final WorkerConfig config;
    final Topics topics;

    WorkerFixture(String name) {
        String prefix = SharedKafka.unique(name);
        settings.putAll(TestTopics.settings(prefix, SharedKafka.bootstrapServers()));
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
        return new CommittedReader(config).readRaw(topic, decode, got -> got.size() >= expected, timeout, Duration.ofSeconds(1));
    }
}
