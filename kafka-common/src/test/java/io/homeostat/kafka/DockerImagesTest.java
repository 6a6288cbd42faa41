package io.homeostat.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.homeostat.avro.InferenceRequest;
import io.homeostat.kafka.serde.AvroDeserializer;
import io.homeostat.kafka.serde.AvroSerializer;
import io.homeostat.kafka.test.Requests;
import io.homeostat.kafka.topics.TopicCatalog;
import io.homeostat.kafka.topics.TopicProvisioner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The images of docker-compose.yml (tags read from the file itself): Kafka + Confluent Schema
 * Registry, topics provisioned from topics/, requests through the serde and the http:// client.
 * Skips cleanly where there is no Docker (the test logs one ERROR line from Testcontainers then).
 */
@Testcontainers(disabledWithoutDocker = true)
class DockerImagesTest {
    private static final Network NETWORK = Network.newNetwork();

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer(composeImage("kafka"))
        .withNetwork(NETWORK)
        .withListener("kafka:19092");

    @Container
    static final GenericContainer<?> REGISTRY = new GenericContainer<>(composeImage("schema-registry"))
        .withNetwork(NETWORK)
        .withExposedPorts(8081)
        .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
        .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
        .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://kafka:19092")
        .dependsOn(KAFKA)
        .waitingFor(Wait.forHttp("/subjects").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(2)));

    static String composeImage(String service) {
        try {
            JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(Path.of("..", "docker-compose.yml").toFile());
            return compose.path("services").path(service).path("image").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void requestsTravelThroughTheComposeImages() throws Exception {
        Map<String, Object> client = Map.of("bootstrap.servers", KAFKA.getBootstrapServers());
        TopicCatalog catalog = TopicCatalog.load(Path.of("..", "topics", "topics.yaml"));
        try (Admin admin = Admin.create(client)) {
            new TopicProvisioner(admin, Duration.ofSeconds(60)).provision(catalog);
        }
        String topic = catalog.byRole("requests").name();
        Map<String, Object> serde = Map.of("schema.registry.url",
            "http://" + REGISTRY.getHost() + ":" + REGISTRY.getMappedPort(8081));

        Map<String, Object> producerProps = new HashMap<>(client);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        AvroSerializer<InferenceRequest> serializer = new AvroSerializer<>();
        serializer.configure(serde, false);
        try (KafkaProducer<String, InferenceRequest> producer =
                 new KafkaProducer<>(producerProps, new StringSerializer(), serializer)) {
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>(topic, Requests.pool(i), Requests.sample(i))).get(30, TimeUnit.SECONDS);
            }
        }

        Map<String, Object> consumerProps = new HashMap<>(client);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "docker-images-test");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        AvroDeserializer<InferenceRequest> deserializer = new AvroDeserializer<>(InferenceRequest.class);
        deserializer.configure(serde, false);
        Map<String, InferenceRequest> received = new HashMap<>();
        try (KafkaConsumer<String, InferenceRequest> consumer =
                 new KafkaConsumer<>(consumerProps, new StringDeserializer(), deserializer)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (received.size() < 100 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, InferenceRequest> record : consumer.poll(Duration.ofMillis(200))) {
                    received.put(record.value().getRequestId(), record.value());
                }
            }
        }
        assertEquals(100, received.size());
        for (int i = 0; i < 100; i++) {
            assertEquals(Requests.sample(i), received.get("req-" + i));
        }
    }
}
