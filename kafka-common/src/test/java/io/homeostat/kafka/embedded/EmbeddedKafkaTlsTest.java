package io.homeostat.kafka.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.config.CommonConfig;
import io.homeostat.kafka.test.TlsMaterial;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded broker's SSL listener, reached with TLS settings passed through CommonConfig. */
class EmbeddedKafkaTlsTest {

    @Test
    void clientsReachTheSslListenerWithTheSettingsOfCommonConfig(@TempDir Path dir) {
        TlsMaterial tls = TlsMaterial.generate(dir);
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().sslListener(tls.listener()).start()) {
            String ssl = kafka.sslBootstrapServers().orElseThrow();
            Map<String, Object> settings = new HashMap<>(tls.clientProps());
            settings.put("bootstrap.servers", ssl);
            CommonConfig config = new CommonConfig(settings);

            assertEquals(1, KafkaConnectivity.check(config.adminProps(), Duration.ofSeconds(10)).brokers());
            assertFalse(config.toString().contains(tls.password()));

            KafkaUnreachableException e = assertThrows(KafkaUnreachableException.class, () -> KafkaConnectivity.check(
                Map.of("bootstrap.servers", ssl, "security.protocol", "SSL"), Duration.ofSeconds(5)));
            assertTrue(e.getMessage().startsWith("Kafka is not reachable at bootstrap.servers=" + ssl), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }
}
