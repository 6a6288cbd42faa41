package io.homeostat.kafka.embedded;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaConnectivityTest {

    @Test
    void unreachableBrokerIsOneLineNamingBootstrapServers() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String bootstrap = "127.0.0.1:" + port;
        KafkaUnreachableException e = assertThrows(KafkaUnreachableException.class,
            () -> KafkaConnectivity.check(Map.of("bootstrap.servers", bootstrap), Duration.ofMillis(1_500)));
        assertTrue(e.getMessage().startsWith("Kafka is not reachable at bootstrap.servers=" + bootstrap), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void unresolvableHost() {
        KafkaUnreachableException e = assertThrows(KafkaUnreachableException.class,
            () -> KafkaConnectivity.check(Map.of("bootstrap.servers", "no-such-host.invalid:9092"), Duration.ofSeconds(2)));
        assertTrue(e.getMessage().contains("no-such-host.invalid:9092"), e.getMessage());
    }

    @Test
    void emptyBootstrap() {
        assertThrows(KafkaUnreachableException.class,
            () -> KafkaConnectivity.check(Map.of("bootstrap.servers", ""), Duration.ofSeconds(1)));
    }
}
