package io.homeostat.config;

import io.homeostat.kafka.registry.SchemaRegistryConfig;
import io.homeostat.kafka.topics.TopicCatalog;
import io.homeostat.kafka.topics.TopicSpec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * The settings every Homeostat component shares: where Kafka and the schema registry are, how
 * to authenticate to them, and the topic names. Each key is declared once, here, with type,
 * default, validation and doc (Kafka's {@link ConfigDef}); the README's configuration table is
 * generated from these declarations ({@link ConfigDocs}).
 *
 * <p>A component adds its own keys and extends this class:
 * <pre>
 *   public final class SchedulerConfig extends CommonConfig {
 *       public static final String WINDOW_BASE_MS_CONFIG = "scheduler.window.base.ms";
 *       public static ConfigDef definition() {
 *           return CommonConfig.define(new ConfigDef())
 *               .define(WINDOW_BASE_MS_CONFIG, Type.DOUBLE, 20.0, Range.atLeast(0), Importance.HIGH, "...", "Scheduler", 1, Width.SHORT, WINDOW_BASE_MS_CONFIG);
 *       }
 *       public SchedulerConfig(Map&lt;?, ?&gt; props) { super(definition(), props); }
 *   }
 *   SchedulerConfig config = new SchedulerConfig(ConfigLoader.load(SchedulerConfig.definition(), file, overrides));
 *   new KafkaStreams(topology, new StreamsConfig(config.streamsProps(Map.of(APPLICATION_ID_CONFIG, "homeostat-scheduler"))));
 * </pre>
 *
 * Passwords (Kafka's {@code Type.PASSWORD}) print as {@code [hidden]} in {@link #toString()}
 * and in logs.
 */
public class CommonConfig extends AbstractConfig {
    public static final String KAFKA_GROUP = "Kafka";
    public static final String TOPICS_GROUP = "Topics";

    public static final String BOOTSTRAP_SERVERS_CONFIG = CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG;
    private static final String BOOTSTRAP_SERVERS_DOC = "Kafka brokers, host:port[,host:port...]. Empty: start an "
        + "embedded single-node Kafka broker in this process (demo and tests).";

    public static final String EMBEDDED_KAFKA_MODE_CONFIG = "embedded.kafka.mode";
    private static final String EMBEDDED_KAFKA_MODE_DOC = "When bootstrap.servers is empty: run the embedded broker "
        + "in-process or in a child JVM (same classpath, own heap and threads).";

    public static final String SECURITY_PROTOCOL_CONFIG = CommonClientConfigs.SECURITY_PROTOCOL_CONFIG;
    private static final String SECURITY_PROTOCOL_DOC = "Protocol to the brokers: PLAINTEXT, SSL, SASL_PLAINTEXT or "
        + "SASL_SSL. It and every ssl.* / sasl.* key that is set are passed to every Kafka client (producers, "
        + "consumers, admin, Streams).";

    /** Config key prefix for topic names: {@code topic.<role>}. */
    public static final String TOPIC_PREFIX = "topic.";

    /** Adds the common keys to {@code def} and returns it. */
    public static ConfigDef define(ConfigDef def) {
        int order = 0;
        def.define(BOOTSTRAP_SERVERS_CONFIG, Type.STRING, "", Importance.HIGH, BOOTSTRAP_SERVERS_DOC,
                KAFKA_GROUP, ++order, ConfigDef.Width.LONG, BOOTSTRAP_SERVERS_CONFIG)
            .define(EMBEDDED_KAFKA_MODE_CONFIG, Type.STRING, "in-process",
                ConfigDef.CaseInsensitiveValidString.in("in-process", "child"), Importance.LOW,
                EMBEDDED_KAFKA_MODE_DOC, KAFKA_GROUP, ++order, ConfigDef.Width.SHORT, EMBEDDED_KAFKA_MODE_CONFIG)
            .define(SECURITY_PROTOCOL_CONFIG, Type.STRING, SecurityProtocol.PLAINTEXT.name,
                ConfigDef.CaseInsensitiveValidString.in(Arrays.stream(SecurityProtocol.values())
                    .map(p -> p.name).toArray(String[]::new)),
                Importance.MEDIUM, SECURITY_PROTOCOL_DOC, KAFKA_GROUP, ++order, ConfigDef.Width.SHORT,
                SECURITY_PROTOCOL_CONFIG);
        SchemaRegistryConfig.define(def);
        int topicOrder = 0;
        for (TopicSpec spec : TopicCatalog.fromClasspath().topics()) {
            String key = TOPIC_PREFIX + spec.role();
            def.define(key, Type.STRING, spec.name(), new ConfigDef.NonEmptyStringWithoutControlChars(),
                Importance.MEDIUM, "Name of the " + spec.role() + " topic (settings: topics/topics.yaml).",
                TOPICS_GROUP, ++topicOrder, ConfigDef.Width.MEDIUM, key);
        }
        return def.withClientSslSupport().withClientSaslSupport();
    }

    /** A fresh definition holding only the common keys. */
    public static ConfigDef definition() {
        return define(new ConfigDef());
    }

    public CommonConfig(Map<?, ?> props) {
        this(definition(), props);
    }

    /** For components: {@code def} must contain {@link #define common keys}. */
    protected CommonConfig(ConfigDef def, Map<?, ?> props) {
        super(def, props, false);
    }

    /** Configured brokers; empty means the embedded broker. */
    public String bootstrapServers() {
        return getString(BOOTSTRAP_SERVERS_CONFIG).trim();
    }

    /** True when {@code bootstrap.servers} is empty: the caller starts an embedded broker. */
    public boolean usesEmbeddedKafka() {
        return bootstrapServers().isEmpty();
    }

    /** {@code in-process} or {@code child}. */
    public String embeddedKafkaMode() {
        return getString(EMBEDDED_KAFKA_MODE_CONFIG);
    }

    public String schemaRegistryUrl() {
        return getString(SchemaRegistryConfig.URL_CONFIG);
    }

    public Topics topics() {
        return new Topics(topic(Topics.REQUESTS), topic(Topics.BATCHES), topic(Topics.RESULTS),
            topic(Topics.COMPLETIONS), topic(Topics.METRICS), topic(Topics.WORKER_METRICS), topic(Topics.DEAD_LETTER));
    }

    private String topic(String role) {
        return getString(TOPIC_PREFIX + role);
    }

    /** The topics file with this configuration's names: what the provisioner applies. */
    public TopicCatalog topicCatalog() {
        return TopicCatalog.fromClasspath().withNames(topics().byRole());
    }

    /**
     * security.protocol and every ssl.* / sasl.* key that was set (parsed: passwords stay
     * {@code Password} objects, which Kafka clients accept and never print).
     */
    public Map<String, Object> clientSecurityProps() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(SECURITY_PROTOCOL_CONFIG, getString(SECURITY_PROTOCOL_CONFIG).toUpperCase(java.util.Locale.ROOT));
        Map<String, ?> values = values();
        for (String key : new TreeMap<>(originals()).keySet()) {
            if ((key.startsWith("ssl.") || key.startsWith("sasl.")) && values.containsKey(key) && values.get(key) != null) {
                props.put(key, values.get(key));
            }
        }
        return props;
    }

    /** The schema.registry.* keys, for {@code AvroSerde.of(type, config.serdeProps(), false)}. */
    public Map<String, Object> serdeProps() {
        Map<String, Object> props = new LinkedHashMap<>();
        for (String key : SchemaRegistryConfig.definition().names()) {
            props.put(key, values().get(key));
        }
        return props;
    }

    /** The registry settings, parsed. */
    public SchemaRegistryConfig schemaRegistry() {
        return new SchemaRegistryConfig(serdeProps());
    }

    /** bootstrap.servers + security: the base of every client map. Fails when the embedded broker is not resolved yet. */
    public Map<String, Object> clientProps() {
        if (usesEmbeddedKafka()) {
            throw new IllegalStateException("bootstrap.servers is empty: start the embedded broker and configure "
                + "its address first (see EmbeddedKafka)");
        }
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.putAll(clientSecurityProps());
        return props;
    }

    public Map<String, Object> adminProps() {
        return clientProps();
    }

    /** Client base + {@code extra} (e.g. acks, transactional.id). */
    public Map<String, Object> producerProps(Map<String, ?> extra) {
        return merged(extra);
    }

    /** Client base + {@code extra} (e.g. group.id, isolation.level). */
    public Map<String, Object> consumerProps(Map<String, ?> extra) {
        return merged(extra);
    }

    /** Client base + {@code extra} (application.id, processing.guarantee, ...). */
    public Map<String, Object> streamsProps(Map<String, ?> extra) {
        return merged(extra);
    }

    private Map<String, Object> merged(Map<String, ?> extra) {
        Map<String, Object> props = clientProps();
        props.putAll(extra);
        return props;
    }

    /** Every value by key, sorted; passwords show as [hidden]. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + new TreeMap<>(values());
    }
}
