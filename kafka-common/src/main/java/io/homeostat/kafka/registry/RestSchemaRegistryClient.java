package io.homeostat.kafka.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.avro.Schema;

/**
 * Client for the subset of the Confluent Schema Registry REST API the serde needs:
 *
 * <pre>
 *   register  POST /subjects/{subject}/versions   {"schema": "..."}  -> {"id": n}
 *   by id     GET  /schemas/ids/{id}                                 -> {"schema": "..."}
 *   lookup    POST /subjects/{subject}            {"schema": "..."}  -> {"id": n, "version": v, ...}
 * </pre>
 *
 * <p>Both directions are cached (ids never change meaning), so a running serde calls the
 * registry once per schema. Connection failures and 5xx answers are retried with exponential
 * backoff ({@link RetryPolicy}); then {@link SchemaRegistryUnavailableException} names the URL.
 * TLS goes through the JDK's {@link HttpClient} (default trust, or a given truststore); basic
 * auth is a header built once, never logged.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final Optional<String> authorization;
    private final Duration timeout;
    private final RetryPolicy retry;
    private final HttpClient http;
    private final Map<String, Map<String, Integer>> idsBySubject = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    /** A client configured from the {@code schema.registry.*} keys. */
    public RestSchemaRegistryClient(SchemaRegistryConfig config) {
        this(config.url(), credentials(config), sslContext(config),
            Duration.ofMillis(config.requestTimeoutMs()), config.retryPolicy());
    }

    /**
     * @param baseUrl {@code http(s)://host:port[/path]}
     * @param basicAuth {@code user:password}, or empty
     */
    public RestSchemaRegistryClient(String baseUrl, Optional<String> basicAuth, SSLContext ssl,
                                    Duration timeout, RetryPolicy retry) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.authorization = basicAuth.map(userPass ->
            "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8)));
        this.timeout = timeout;
        this.retry = retry;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).sslContext(ssl).build();
    }

    @Override
    public int register(String subject, Schema schema) {
        String text = schema.toString();
        Integer cached = cachedId(subject, text);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(text),
            "register " + schema.getFullName() + " under subject '" + subject + "'");
        return remember(subject, text, schema, answer.path("id").asInt(-1));
    }

    @Override
    public int lookup(String subject, Schema schema) {
        String text = schema.toString();
        Integer cached = cachedId(subject, text);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call("POST", "/subjects/" + encode(subject), schemaBody(text),
            "look up " + schema.getFullName() + " under subject '" + subject + "'");
        return remember(subject, text, schema, answer.path("id").asInt(-1));
    }

    @Override
    public Schema getById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call("GET", "/schemas/ids/" + id, null, "get schema id " + id);
        String type = answer.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(type)) {
            throw new SchemaRegistryException("Schema registry " + baseUrl + ": schema id " + id
                + " is " + type + ", not AVRO");
        }
        Schema schema = new Schema.Parser().parse(answer.path("schema").asText());
        Schema raced = schemasById.putIfAbsent(id, schema);
        return raced != null ? raced : schema;
    }

    @Override
    public String url() {
        return baseUrl;
    }

    @Override
    public String toString() {
        return "RestSchemaRegistryClient[" + baseUrl + (authorization.isPresent() ? ", basic auth" : "") + "]";
    }

    private Integer cachedId(String subject, String text) {
        Map<String, Integer> ids = idsBySubject.get(subject);
        return ids == null ? null : ids.get(text);
    }

    private int remember(String subject, String text, Schema schema, int id) {
        if (id < 0) {
            throw new SchemaRegistryException("Schema registry " + baseUrl + " answered without an id for subject '" + subject + "'");
        }
        idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).put(text, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    private static String schemaBody(String schemaText) {
        return JSON.createObjectNode().put("schema", schemaText).toString();
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** One REST call with retries; 2xx: the JSON answer, 4xx: a precise exception. */
    private JsonNode call(String method, String path, String body, String what) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(timeout)
            .header("Accept", CONTENT_TYPE + ", application/json");
        authorization.ifPresent(value -> builder.header("Authorization", value));
        if (body == null) {
            builder.GET();
        } else {
            builder.header("Content-Type", CONTENT_TYPE).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        HttpRequest request = builder.build();
        String lastError = "";
        Exception lastCause = null;
        long started = System.nanoTime();
        for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
            if (attempt > 1) {
                pause(retry.backoffBefore(attempt), what);
            }
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return JSON.readTree(response.body());
                }
                if (status >= 500) {
                    lastError = "HTTP " + status + " " + errorMessage(response.body());
                    lastCause = null;
                    continue;
                }
                throw clientError(status, response.body(), what);
            } catch (IOException e) {
                lastError = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                lastCause = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryUnavailableException("Interrupted while calling schema registry "
                    + baseUrl + " to " + what, e);
            }
        }
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        throw new SchemaRegistryUnavailableException("Schema registry " + baseUrl + " unavailable: could not "
            + what + " after " + retry.maxAttempts() + " attempts in " + elapsedMs + " ms (last error: "
            + lastError + ")", lastCause);
    }

    private SchemaRegistryException clientError(int status, String body, String what) {
        int code = errorCode(body);
        String message = "Schema registry " + baseUrl + " refused to " + what + ": HTTP " + status
            + (code > 0 ? " error " + code : "") + " " + errorMessage(body);
        if (status == 404) {
            return new SchemaNotFoundException(message);
        }
        if (status == 409 || status == 422) {
            return new SchemaRejectedException(message);
        }
        return new SchemaRegistryException(message);
    }

    private static int errorCode(String body) {
        try {
            return JSON.readTree(body).path("error_code").asInt(-1);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String errorMessage(String body) {
        try {
            JsonNode message = JSON.readTree(body).path("message");
            if (!message.isMissingNode()) {
                return "(" + message.asText() + ")";
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: show it raw below
        }
        String raw = body == null ? "" : body.strip();
        return raw.isEmpty() ? "" : "(" + (raw.length() > 200 ? raw.substring(0, 200) + "..." : raw) + ")";
    }

    private void pause(long ms, String what) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryUnavailableException("Interrupted while retrying schema registry "
                + baseUrl + " to " + what, e);
        }
    }

    private static Optional<String> credentials(SchemaRegistryConfig config) {
        String user = config.basicAuthUser();
        if (user == null || user.isEmpty()) {
            return Optional.empty();
        }
        String password = config.basicAuthPassword() == null ? "" : config.basicAuthPassword().value();
        return Optional.of(user + ":" + password);
    }

    private static SSLContext sslContext(SchemaRegistryConfig config) {
        try {
            String location = config.truststoreLocation();
            if (location == null || location.isEmpty()) {
                return SSLContext.getDefault();
            }
            KeyStore trust = KeyStore.getInstance(config.truststoreType());
            char[] password = config.truststorePassword() == null || config.truststorePassword().value().isEmpty()
                ? null : config.truststorePassword().value().toCharArray();
            try (InputStream in = Files.newInputStream(Path.of(location))) {
                trust.load(in, password);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new SchemaRegistryException("Cannot load truststore " + config.truststoreLocation()
                + " for schema registry " + config.url() + ": " + e.getMessage(), e);
        }
    }
}
