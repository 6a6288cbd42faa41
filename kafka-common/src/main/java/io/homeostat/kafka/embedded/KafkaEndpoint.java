package io.homeostat.kafka.embedded;

import io.homeostat.config.CommonConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Kafka a component talks to, resolved from its configuration at start-up:
 *
 * <pre>
 *   bootstrap.servers empty ──► start EmbeddedKafka (embedded.kafka.mode) ──► its address
 *   bootstrap.servers set   ──► KafkaConnectivity.check ──► the address, or KafkaUnreachableException (one line)
 * </pre>
 *
 * Use: {@code try (KafkaEndpoint kafka = KafkaEndpoint.resolve(config, Duration.ofSeconds(15))) {
 * settings.putAll(kafka.overrides()); ... }}. Closing stops an embedded broker, if one was started.
 */
public final class KafkaEndpoint implements AutoCloseable {
    private final String bootstrapServers;
    private final EmbeddedKafka embedded;

    private KafkaEndpoint(String bootstrapServers, EmbeddedKafka embedded) {
        this.bootstrapServers = bootstrapServers;
        this.embedded = embedded;
    }

    /**
     * @throws KafkaUnreachableException when configured brokers do not answer within {@code timeout}
     */
    public static KafkaEndpoint resolve(CommonConfig config, Duration timeout) {
        if (config.usesEmbeddedKafka()) {
            EmbeddedKafka kafka = EmbeddedKafka.builder().mode(EmbeddedKafka.Mode.parse(config.embeddedKafkaMode())).start();
            return new KafkaEndpoint(kafka.bootstrapServers(), kafka);
        }
        KafkaConnectivity.check(config.clientProps(), timeout);
        return new KafkaEndpoint(config.bootstrapServers(), null);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The broker started for this component, if bootstrap.servers was empty. */
    public Optional<EmbeddedKafka> embedded() {
        return Optional.ofNullable(embedded);
    }

    /** {@code bootstrap.servers=<resolved>}: merge into the settings before building the component's config. */
    public Map<String, String> overrides() {
        Map<String, String> overrides = new HashMap<>();
        overrides.put(CommonConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return overrides;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }

    @Override
    public String toString() {
        return "KafkaEndpoint[" + bootstrapServers + (embedded != null ? ", embedded " + embedded.mode() : "") + "]";
    }
}
