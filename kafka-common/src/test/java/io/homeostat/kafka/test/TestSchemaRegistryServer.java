package io.homeostat.kafka.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.homeostat.kafka.registry.MockSchemaRegistry;
import io.homeostat.kafka.registry.SchemaNotFoundException;
import io.homeostat.kafka.registry.SchemaRejectedException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A tiny Confluent-compatible schema registry for tests, served with the JDK's HTTP server and
 * backed by {@link MockSchemaRegistry}. It answers the REST subset the client uses:
 *
 * <pre>
 *   POST /subjects/{s}/versions   register   200 {"id"}  | 409 incompatible | 422 invalid
 *   GET  /schemas/ids/{id}        by id      200 {"schema"} | 404 (40403)
 *   POST /subjects/{s}            lookup     200 {"subject","id","version","schema"} | 404 (40401/40403)
 * </pre>
 *
 * Optional basic auth (401 otherwise), and {@link #failNext} to inject 5xx answers.
 */
public final class TestSchemaRegistryServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Pattern REGISTER = Pattern.compile("/subjects/([^/]+)/versions/?");
    private static final Pattern LOOKUP = Pattern.compile("/subjects/([^/]+)/?");
    private static final Pattern BY_ID = Pattern.compile("/schemas/ids/(-?\\d+)/?");

    private final HttpServer server;
    private final ExecutorService executor;
    private final MockSchemaRegistry backend;
    private final Optional<String> expectedAuthorization;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int failureStatus = 503;

    private TestSchemaRegistryServer(MockSchemaRegistry backend, Optional<String> basicAuth) throws IOException {
        this.backend = backend;
        this.expectedAuthorization = basicAuth.map(userPass ->
            "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8)));
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "test-schema-registry");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A server over a fresh, seeded registry, without authentication. */
    public static TestSchemaRegistryServer start() {
        return start(new MockSchemaRegistry("rest-" + UUID.randomUUID()), Optional.empty());
    }

    /** A server over {@code backend}; with {@code basicAuth} ("user:password") every request must carry it. */
    public static TestSchemaRegistryServer start(MockSchemaRegistry backend, Optional<String> basicAuth) {
        try {
            return new TestSchemaRegistryServer(backend, basicAuth);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the test schema registry", e);
        }
    }

    /** {@code http://127.0.0.1:<port>} */
    public String url() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    public MockSchemaRegistry backend() {
        return backend;
    }

    /** Requests served so far (failed ones included). */
    public int requestCount() {
        return requests.get();
    }

    /** The next {@code count} requests are answered with HTTP {@code status} (e.g. 503). */
    public void failNext(int count, int status) {
        failureStatus = status;
        failuresLeft.set(count);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                send(exchange, failureStatus, error(50001, "injected failure"));
                return;
            }
            if (expectedAuthorization.isPresent()
                && !expectedAuthorization.get().equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 401, error(401, "Unauthorized"));
                return;
            }
            route(exchange);
        } catch (RuntimeException e) {
            send(exchange, 500, error(50001, e.toString()));
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        Matcher matcher;
        if ("POST".equals(method) && (matcher = REGISTER.matcher(path)).matches()) {
            Schema schema = parseBody(exchange);
            if (schema == null) {
                return;
            }
            try {
                int id = backend.register(matcher.group(1), schema);
                send(exchange, 200, JSON.createObjectNode().put("id", id));
            } catch (SchemaRejectedException e) {
                send(exchange, 409, error(409, e.getMessage()));
            }
        } else if ("POST".equals(method) && (matcher = LOOKUP.matcher(path)).matches()) {
            Schema schema = parseBody(exchange);
            if (schema == null) {
                return;
            }
            String subject = matcher.group(1);
            if (!backend.hasSubject(subject)) {
                send(exchange, 404, error(40401, "Subject '" + subject + "' not found."));
                return;
            }
            try {
                int id = backend.lookup(subject, schema);
                send(exchange, 200, JSON.createObjectNode().put("subject", subject).put("id", id)
                    .put("version", backend.versionOf(subject, id)).put("schema", schema.toString()));
            } catch (SchemaNotFoundException e) {
                send(exchange, 404, error(40403, "Schema not found"));
            }
        } else if ("GET".equals(method) && (matcher = BY_ID.matcher(path)).matches()) {
            try {
                Schema schema = backend.getById(Integer.parseInt(matcher.group(1)));
                send(exchange, 200, JSON.createObjectNode().put("schema", schema.toString()));
            } catch (SchemaNotFoundException | NumberFormatException e) {
                send(exchange, 404, error(40403, "Schema " + matcher.group(1) + " not found"));
            }
        } else {
            send(exchange, 404, error(404, "HTTP 404 Not Found: " + method + " " + path));
        }
    }

    /** The schema in the request body, or null after answering 422. */
    private Schema parseBody(HttpExchange exchange) throws IOException {
        try {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            String type = body.path("schemaType").asText("AVRO");
            if (!"AVRO".equals(type)) {
                send(exchange, 422, error(42201, "Only AVRO is supported here, got " + type));
                return null;
            }
            return new Schema.Parser().parse(body.path("schema").asText());
        } catch (SchemaParseException | IOException e) {
            send(exchange, 422, error(42201, "Invalid schema: " + e.getMessage()));
            return null;
        }
    }

    private static ObjectNode error(int code, String message) {
        return JSON.createObjectNode().put("error_code", code).put("message", message);
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
