package io.homeostat.kafka.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A broker restarted with {@link EmbeddedKafka#restart} (a child SIGKILLed, an in-process one shut down)
 * comes back on the same address with its data: records committed before are still there, and a
 * producer created before the restart keeps working after it.
 */
class EmbeddedKafkaRestartTest {

    @ParameterizedTest
    @EnumSource(EmbeddedKafka.Mode.class)
    void committedRecordsSurviveARestartAndClientsReconnect(EmbeddedKafka.Mode mode) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().mode(mode).start()) {
            String topic = "restart-" + mode.name().toLowerCase(java.util.Locale.ROOT);
            try (Admin admin = Admin.create(kafka.clientProperties())) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            Map<String, Object> producerProps = new HashMap<>(kafka.clientProperties());
            producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
            producerProps.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
            try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(topic, "k", "before")).get(30, TimeUnit.SECONDS);
                String address = kafka.bootstrapServers();
                kafka.restart(true);
                assertEquals(address, kafka.bootstrapServers());
                producer.send(new ProducerRecord<>(topic, "k", "after")).get(60, TimeUnit.SECONDS);
            }
            assertEquals(List.of("before", "after"), readAll(kafka, topic, 2));
        }
    }

    private static List<String> readAll(EmbeddedKafka kafka, String topic, int expected) {
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, topic + "-reader");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }
}
