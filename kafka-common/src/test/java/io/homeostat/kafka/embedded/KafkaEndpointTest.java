package io.homeostat.kafka.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.config.CommonConfig;
import io.homeostat.kafka.test.SharedKafka;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaEndpointTest {

    @Test
    void emptyBootstrapStartsAnEmbeddedBrokerAndStopsItOnClose() {
        Path dir;
        try (KafkaEndpoint kafka = KafkaEndpoint.resolve(new CommonConfig(Map.of()), Duration.ofSeconds(5))) {
            assertTrue(kafka.embedded().isPresent());
            dir = kafka.embedded().get().directory();
            Map<String, Object> settings = new HashMap<>(kafka.overrides());
            CommonConfig resolved = new CommonConfig(settings);
            assertEquals(1, KafkaConnectivity.check(resolved.adminProps(), Duration.ofSeconds(5)).brokers());
        }
        assertFalse(Files.exists(dir));
    }

    @Test
    void configuredBrokersAreCheckedNotStarted() {
        CommonConfig config = new CommonConfig(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()));
        try (KafkaEndpoint kafka = KafkaEndpoint.resolve(config, Duration.ofSeconds(5))) {
            assertTrue(kafka.embedded().isEmpty());
            assertEquals(SharedKafka.bootstrapServers(), kafka.bootstrapServers());
        }
    }

    @Test
    void unreachableConfiguredBrokersFailInOneLine() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        CommonConfig config = new CommonConfig(Map.of("bootstrap.servers", "127.0.0.1:" + port));
        KafkaUnreachableException e = assertThrows(KafkaUnreachableException.class,
            () -> KafkaEndpoint.resolve(config, Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("bootstrap.servers=127.0.0.1:" + port), e.getMessage());
    }
}
