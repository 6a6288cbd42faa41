package io.homeostat.kafka.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.kafka.test.SharedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedKafka.class)
class EmbeddedKafkaTest {

    @Test
    void sharedBrokerServesTransactionalProduceAndReadCommitted(EmbeddedKafka kafka) throws Exception {
        String topic = SharedKafka.unique("embedded");
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> producerProps = new HashMap<>(kafka.clientProperties());
        producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, SharedKafka.unique("tx"));
        try (KafkaProducer<String, String> producer =
                 new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "v"));
            producer.commitTransaction();
        }
        Map<String, Object> consumerProps = new HashMap<>(kafka.clientProperties());
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, SharedKafka.unique("group"));
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, String> consumer =
                 new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int seen = 0;
            while (seen == 0 && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                seen += records.count();
            }
            assertEquals(1, seen);
        }
        assertEquals(1, KafkaConnectivity.check(kafka.clientProperties(), Duration.ofSeconds(5)).brokers());
    }

    @Test
    void childJvmBrokerStartsAndCleansUp() {
        Path dir;
        try (EmbeddedKafka child = EmbeddedKafka.builder().mode(EmbeddedKafka.Mode.CHILD).start()) {
            dir = child.directory();
            assertTrue(Files.isDirectory(dir));
            assertEquals(EmbeddedKafka.Mode.CHILD, child.mode());
            assertEquals(1, KafkaConnectivity.check(child.clientProperties(), Duration.ofSeconds(5)).brokers());
        }
        assertFalse(Files.exists(dir), "temp dir deleted on close");
    }

    @Test
    void inProcessBrokerDeletesItsDirectoryOnClose() {
        Path dir;
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            dir = kafka.directory();
            assertTrue(Files.isDirectory(dir.resolve("data")));
        }
        assertFalse(Files.exists(dir));
    }

    @Test
    void modeParsing() {
        assertEquals(EmbeddedKafka.Mode.CHILD, EmbeddedKafka.Mode.parse("child"));
        assertEquals(EmbeddedKafka.Mode.IN_PROCESS, EmbeddedKafka.Mode.parse("in-process"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EmbeddedKafka.Mode.parse("docker"));
        assertTrue(e.getMessage().contains("docker"));
    }
}
