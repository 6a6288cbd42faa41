package io.homeostat.kafka.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.kafka.test.TestSchemaRegistryServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RestSchemaRegistryClientTest extends SchemaRegistryClientContract {
    private static final RetryPolicy FAST = new RetryPolicy(3, 10, 40);
    private TestSchemaRegistryServer server;

    @Override
    SchemaRegistryClient client() {
        server = TestSchemaRegistryServer.start();
        return client(server.url(), Optional.empty());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static RestSchemaRegistryClient client(String url, Optional<String> auth) {
        try {
            return new RestSchemaRegistryClient(url, auth, SSLContext.getDefault(), Duration.ofSeconds(5), FAST);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void cachesBothWays() {
        SchemaRegistryClient client = client();
        Schema schema = versioned(0);
        int id = client.register("probe-value", schema);
        int served = server.requestCount();
        assertEquals(id, client.register("probe-value", schema));
        assertEquals(id, client.lookup("probe-value", schema));
        assertEquals(schema, client.getById(id));
        assertEquals(served, server.requestCount(), "answered from the cache");
    }

    @Test
    void retriesServerErrorsWithBackoff() {
        SchemaRegistryClient client = client();
        server.failNext(2, 503);
        int id = client.register("probe-value", versioned(0));
        assertEquals(id, server.backend().lookup("probe-value", versioned(0)));
        assertEquals(3, server.requestCount());
    }

    @Test
    void persistentServerErrorsEndInUnavailableNamingTheUrl() {
        SchemaRegistryClient client = client();
        server.failNext(10, 500);
        SchemaRegistryUnavailableException e =
            assertThrows(SchemaRegistryUnavailableException.class, () -> client.getById(1));
        assertTrue(e.getMessage().contains(server.url()), e.getMessage());
        assertTrue(e.getMessage().contains("3 attempts"), e.getMessage());
        assertTrue(e.getMessage().contains("HTTP 500"), e.getMessage());
    }

    @Test
    void registryDownIsAClearErrorNamingTheUrl() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;
        SchemaRegistryUnavailableException e = assertThrows(SchemaRegistryUnavailableException.class,
            () -> client(url, Optional.empty()).register("probe-value", versioned(0)));
        assertTrue(e.getMessage().startsWith("Schema registry " + url + " unavailable"), e.getMessage());
        assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
    }

    @Test
    void basicAuth() {
        server = TestSchemaRegistryServer.start(new MockSchemaRegistry("auth-" + UUID.randomUUID()),
            Optional.of("alice:s3cret"));
        assertEquals(server.backend().getById(1), client(server.url(), Optional.of("alice:s3cret")).getById(1));
        SchemaRegistryException denied = assertThrows(SchemaRegistryException.class,
            () -> client(server.url(), Optional.of("alice:wrong")).getById(1));
        assertTrue(denied.getMessage().contains("401"), denied.getMessage());
        assertFalse(denied.getMessage().contains("wrong"), "no secret in messages: " + denied.getMessage());
    }

    @Test
    void configuredFromSchemaRegistryKeys() {
        server = TestSchemaRegistryServer.start(new MockSchemaRegistry("cfg-" + UUID.randomUUID()),
            Optional.of("bob:pw"));
        SchemaRegistryClient client = SchemaRegistries.create(Map.of(
            SchemaRegistryConfig.URL_CONFIG, server.url(),
            SchemaRegistryConfig.BASIC_AUTH_USER_CONFIG, "bob",
            SchemaRegistryConfig.BASIC_AUTH_PASSWORD_CONFIG, "pw"));
        assertTrue(client instanceof RestSchemaRegistryClient);
        assertEquals(server.url(), client.url());
        assertFalse(client.toString().contains("pw"));
        client.register("probe-value", versioned(0));
    }
}
