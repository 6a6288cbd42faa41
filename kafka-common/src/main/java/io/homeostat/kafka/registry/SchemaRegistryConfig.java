package io.homeostat.kafka.registry;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The {@code schema.registry.*} keys, declared once. The serde reads them from the map Kafka
 * hands to {@code configure} (so they travel inside producer, consumer and Streams
 * properties); {@code io.homeostat.config.CommonConfig} includes them.
 */
public final class SchemaRegistryConfig extends AbstractConfig {
    public static final String GROUP = "Schema registry";

    public static final String URL_CONFIG = "schema.registry.url";
    public static final String URL_DEFAULT = "mock://homeostat";
    private static final String URL_DOC = "Where schemas are registered and looked up. mock://<scope>: an "
        + "in-process registry shared by every client of that scope in the JVM, seeded with the contract "
        + "(the embedded default). http(s)://host:port: a Confluent Schema Registry (REST API).";

    public static final String BASIC_AUTH_USER_CONFIG = "schema.registry.basic.auth.user";
    private static final String BASIC_AUTH_USER_DOC = "HTTP basic-auth user for the registry; empty: no authentication.";

    public static final String BASIC_AUTH_PASSWORD_CONFIG = "schema.registry.basic.auth.password";
    private static final String BASIC_AUTH_PASSWORD_DOC = "HTTP basic-auth password for the registry (never logged).";

    public static final String TRUSTSTORE_LOCATION_CONFIG = "schema.registry.ssl.truststore.location";
    private static final String TRUSTSTORE_LOCATION_DOC = "Truststore for an https:// registry; empty: the JDK's default trust (cacerts).";

    public static final String TRUSTSTORE_PASSWORD_CONFIG = "schema.registry.ssl.truststore.password";
    private static final String TRUSTSTORE_PASSWORD_DOC = "Password of that truststore (never logged).";

    public static final String TRUSTSTORE_TYPE_CONFIG = "schema.registry.ssl.truststore.type";
    private static final String TRUSTSTORE_TYPE_DOC = "Type of that truststore: PKCS12 or JKS.";

    public static final String REQUEST_TIMEOUT_MS_CONFIG = "schema.registry.request.timeout.ms";
    private static final String REQUEST_TIMEOUT_MS_DOC = "Connect and response timeout of one registry request, ms.";

    public static final String RETRY_MAX_ATTEMPTS_CONFIG = "schema.registry.retry.max.attempts";
    private static final String RETRY_MAX_ATTEMPTS_DOC = "Attempts per registry request when the registry is unreachable or answers 5xx, before failing with an error naming the URL.";

    public static final String RETRY_BACKOFF_MS_CONFIG = "schema.registry.retry.backoff.ms";
    private static final String RETRY_BACKOFF_MS_DOC = "Wait before the first retry, ms; doubles on each further retry.";

    public static final String RETRY_BACKOFF_MAX_MS_CONFIG = "schema.registry.retry.backoff.max.ms";
    private static final String RETRY_BACKOFF_MAX_MS_DOC = "Upper bound of the wait between retries, ms.";

    public static final String AUTO_REGISTER_CONFIG = "schema.registry.auto.register";
    private static final String AUTO_REGISTER_DOC = "Serializers register their schema under <topic>-value (or -key). "
        + "false: only look it up (the schema must have been registered beforehand).";

    /** Adds the registry keys to {@code def} and returns it. */
    public static ConfigDef define(ConfigDef def) {
        int order = 0;
        return def
            .define(URL_CONFIG, Type.STRING, URL_DEFAULT, new UrlValidator(), Importance.HIGH, URL_DOC,
                GROUP, ++order, ConfigDef.Width.LONG, URL_CONFIG)
            .define(BASIC_AUTH_USER_CONFIG, Type.STRING, "", Importance.MEDIUM, BASIC_AUTH_USER_DOC,
                GROUP, ++order, ConfigDef.Width.MEDIUM, BASIC_AUTH_USER_CONFIG)
            .define(BASIC_AUTH_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.MEDIUM, BASIC_AUTH_PASSWORD_DOC,
                GROUP, ++order, ConfigDef.Width.MEDIUM, BASIC_AUTH_PASSWORD_CONFIG)
            .define(TRUSTSTORE_LOCATION_CONFIG, Type.STRING, "", Importance.LOW, TRUSTSTORE_LOCATION_DOC,
                GROUP, ++order, ConfigDef.Width.LONG, TRUSTSTORE_LOCATION_CONFIG)
            .define(TRUSTSTORE_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.LOW, TRUSTSTORE_PASSWORD_DOC,
                GROUP, ++order, ConfigDef.Width.MEDIUM, TRUSTSTORE_PASSWORD_CONFIG)
            .define(TRUSTSTORE_TYPE_CONFIG, Type.STRING, "PKCS12", ConfigDef.ValidString.in("PKCS12", "JKS"),
                Importance.LOW, TRUSTSTORE_TYPE_DOC, GROUP, ++order, ConfigDef.Width.SHORT, TRUSTSTORE_TYPE_CONFIG)
            .define(REQUEST_TIMEOUT_MS_CONFIG, Type.INT, 10_000, Range.atLeast(1), Importance.LOW,
                REQUEST_TIMEOUT_MS_DOC, GROUP, ++order, ConfigDef.Width.SHORT, REQUEST_TIMEOUT_MS_CONFIG)
            .define(RETRY_MAX_ATTEMPTS_CONFIG, Type.INT, 5, Range.atLeast(1), Importance.LOW,
                RETRY_MAX_ATTEMPTS_DOC, GROUP, ++order, ConfigDef.Width.SHORT, RETRY_MAX_ATTEMPTS_CONFIG)
            .define(RETRY_BACKOFF_MS_CONFIG, Type.LONG, 100L, Range.atLeast(0), Importance.LOW,
                RETRY_BACKOFF_MS_DOC, GROUP, ++order, ConfigDef.Width.SHORT, RETRY_BACKOFF_MS_CONFIG)
            .define(RETRY_BACKOFF_MAX_MS_CONFIG, Type.LONG, 2_000L, Range.atLeast(0), Importance.LOW,
                RETRY_BACKOFF_MAX_MS_DOC, GROUP, ++order, ConfigDef.Width.SHORT, RETRY_BACKOFF_MAX_MS_CONFIG)
            .define(AUTO_REGISTER_CONFIG, Type.BOOLEAN, true, Importance.LOW, AUTO_REGISTER_DOC,
                GROUP, ++order, ConfigDef.Width.SHORT, AUTO_REGISTER_CONFIG);
    }

    /** A fresh definition holding only the registry keys. */
    public static ConfigDef definition() {
        return define(new ConfigDef());
    }

    /** Reads the registry keys from {@code props}; other keys are ignored (they belong to Kafka). */
    public SchemaRegistryConfig(Map<?, ?> props) {
        super(definition(), props, false);
    }

    public String url() {
        return getString(URL_CONFIG);
    }

    public String basicAuthUser() {
        return getString(BASIC_AUTH_USER_CONFIG);
    }

    public Password basicAuthPassword() {
        return getPassword(BASIC_AUTH_PASSWORD_CONFIG);
    }

    public String truststoreLocation() {
        return getString(TRUSTSTORE_LOCATION_CONFIG);
    }

    public Password truststorePassword() {
        return getPassword(TRUSTSTORE_PASSWORD_CONFIG);
    }

    public String truststoreType() {
        return getString(TRUSTSTORE_TYPE_CONFIG);
    }

    public int requestTimeoutMs() {
        return getInt(REQUEST_TIMEOUT_MS_CONFIG);
    }

    public RetryPolicy retryPolicy() {
        return new RetryPolicy(getInt(RETRY_MAX_ATTEMPTS_CONFIG), getLong(RETRY_BACKOFF_MS_CONFIG),
            getLong(RETRY_BACKOFF_MAX_MS_CONFIG));
    }

    public boolean autoRegister() {
        return getBoolean(AUTO_REGISTER_CONFIG);
    }

    @Override
    public String toString() {
        return "SchemaRegistryConfig" + values();
    }

    /** Accepts mock://scope, http://… and https://… . */
    static final class UrlValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String url = value == null ? "" : value.toString().trim();
            if (!(url.startsWith("mock://") && url.length() > "mock://".length())
                && !url.startsWith("http://") && !url.startsWith("https://")) {
                throw new ConfigException(name, value,
                    "expected mock://<scope>, http://host:port or https://host:port");
            }
        }

        @Override
        public String toString() {
            return "mock://<scope> | http(s)://host:port";
        }
    }
}
