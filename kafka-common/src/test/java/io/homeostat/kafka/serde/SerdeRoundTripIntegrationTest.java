package io.homeostat.kafka.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.avro.InferenceRequest;
import io.homeostat.kafka.embedded.EmbeddedKafka;
import io.homeostat.kafka.registry.MockSchemaRegistry;
import io.homeostat.kafka.test.Requests;
import io.homeostat.kafka.test.SharedKafka;
import io.homeostat.kafka.test.TestSchemaRegistryServer;
import io.homeostat.kafka.topics.TopicCatalog;
import io.homeostat.kafka.topics.TopicProvisioner;
import io.homeostat.kafka.topics.TopicSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The acceptance test: topics provisioned from topics/, 10,000 InferenceRequests through
 * the serde and the real broker and back, equal; once with mock:// and once with the http://
 * client against a registry served in the test.
 */
@ExtendWith(SharedKafka.class)
class SerdeRoundTripIntegrationTest {
    private static final int COUNT = 10_000;

    /** topics/topics.yaml, provisioned under a prefix no other test uses; returns the requests topic. */
    private static String provision(EmbeddedKafka kafka) {
        String prefix = SharedKafka.unique("roundtrip");
        TopicCatalog file = TopicCatalog.load(Path.of("..", "topics", "topics.yaml"));
        TopicCatalog catalog = file.withNames(file.topics().stream()
            .collect(Collectors.toMap(TopicSpec::role, t -> prefix + "." + t.name())));
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            assertEquals(catalog.topics().size(),
                new TopicProvisioner(admin, Duration.ofSeconds(30)).provision(catalog).created().size());
        }
        return catalog.byRole("requests").name();
    }

    private static void produce(EmbeddedKafka kafka, String topic, Map<String, Object> serdeProps) throws Exception {
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        AvroSerializer<InferenceRequest> serializer = new AvroSerializer<>();
        serializer.configure(serdeProps, false);
        try (KafkaProducer<String, InferenceRequest> producer = new KafkaProducer<>(props, new StringSerializer(), serializer)) {
            java.util.concurrent.atomic.AtomicReference<Exception> failure = new java.util.concurrent.atomic.AtomicReference<>();
            for (int i = 0; i < COUNT; i++) {
                producer.send(new ProducerRecord<>(topic, Requests.pool(i), Requests.sample(i)), (metadata, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    }
                });
            }
            producer.flush();
            assertEquals(null, failure.get(), "every send acknowledged");
        }
    }

    /** Consumes raw records until COUNT arrived (or 60 s passed) and decodes them with {@code decode}. */
    private static Map<String, InferenceRequest> consume(EmbeddedKafka kafka, String topic,
                                                         Function<ConsumerRecord<byte[], byte[]>, InferenceRequest> decode) {
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, SharedKafka.unique("roundtrip"));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, InferenceRequest> received = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                 new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (received.size() < COUNT && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    InferenceRequest request = decode.apply(record);
                    assertEquals(request.getPool(), new StringDeserializer().deserialize(topic, record.key()), "key = pool");
                    received.put(request.getRequestId(), request);
                }
            }
        }
        return received;
    }

    private static void assertAllBack(Map<String, InferenceRequest> received) {
        assertEquals(COUNT, received.size());
        for (int i = 0; i < COUNT; i++) {
            assertEquals(Requests.sample(i), received.get("req-" + i), "request " + i);
        }
    }

    @Test
    void tenThousandRequestsThroughTheMockRegistry(EmbeddedKafka kafka) throws Exception {
        String topic = provision(kafka);
        String scope = SharedKafka.unique("scope");
        Map<String, Object> serdeProps = Map.of("schema.registry.url", "mock://" + scope);
        produce(kafka, topic, serdeProps);
        AvroDeserializer<InferenceRequest> deserializer = new AvroDeserializer<>(InferenceRequest.class);
        deserializer.configure(serdeProps, false);
        assertAllBack(consume(kafka, topic, record -> deserializer.deserialize(record.topic(), record.value())));
        assertTrue(MockSchemaRegistry.forScope(scope).hasSubject(topic + "-value"));
        MockSchemaRegistry.dropScope(scope);
    }

    @Test
    void tenThousandRequestsThroughTheRestRegistry(EmbeddedKafka kafka) throws Exception {
        String topic = provision(kafka);
        try (TestSchemaRegistryServer registry = TestSchemaRegistryServer.start()) {
            Map<String, Object> serdeProps = Map.of("schema.registry.url", registry.url());
            produce(kafka, topic, serdeProps);
            AvroDeserializer<InferenceRequest> deserializer = new AvroDeserializer<>(InferenceRequest.class);
            deserializer.configure(serdeProps, false);
            assertAllBack(consume(kafka, topic, deserializer::decode));
            assertTrue(registry.backend().hasSubject(topic + "-value"));
            assertTrue(registry.requestCount() <= 3, "cached: one register, one get by id; was " + registry.requestCount());
        }
    }
}
