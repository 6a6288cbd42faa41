package io.homeostat.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docker-compose.yml's wiring, checked without Docker. */
class DockerComposeFileTest {

    private static JsonNode services() throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(Path.of("..", "docker-compose.yml").toFile()).path("services");
    }

    @Test
    void topicInitAppliesTheTopicsFile() throws IOException {
        JsonNode init = services().path("topic-init");
        assertTrue(init.path("volumes").toString().contains("./topics:/topics"), init.toString());
        assertEquals("[\"topics\",\"--file\",\"/topics/topics.yaml\",\"--config\",\"/etc/homeostat/homeostat.properties\"]",
            init.path("command").toString());
        assertEquals("service_completed_successfully",
            services().path("scheduler").path("depends_on").path("topic-init").path("condition").asText());
    }

    @Test
    void workerReservesAGpuAndRunsTheCudaImage() throws IOException {
        JsonNode worker = services().path("worker");
        JsonNode device = worker.path("deploy").path("resources").path("reservations").path("devices").path(0);
        assertEquals("nvidia", device.path("driver").asText());
        assertEquals("gpu", device.path("capabilities").path(0).asText());
        assertEquals("worker-gpu", worker.path("build").path("target").asText());
        assertTrue(Files.readString(Path.of("..", "docker", "Dockerfile")).contains("AS worker-gpu"));
    }

    @Test
    void kafkaHasTheOneNodeSettingsStreamsNeeds() throws IOException {
        JsonNode env = services().path("kafka").path("environment");
        for (String key : new String[] {"KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
                "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR",
                "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR"}) {
            assertEquals("1", env.path(key).asText(), key);
        }
        assertTrue(services().path("kafka").path("image").asText().startsWith("apache/kafka:"));
    }
}
