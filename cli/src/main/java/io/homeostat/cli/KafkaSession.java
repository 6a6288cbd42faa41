package io.homeostat.cli;

import io.homeostat.config.CommonConfig;
import io.homeostat.kafka.embedded.KafkaEndpoint;
import io.homeostat.kafka.serde.AvroDeserializer;
import io.homeostat.kafka.serde.AvroSerde;
import io.homeostat.kafka.serde.AvroSerializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A client command's connection to a running cluster: the settings resolved, the brokers checked
 * (one-line error naming {@code bootstrap.servers} when none answers), topics checked before use
 * (one-line error naming the topic and how to create it), and clients built with the project's serde.
 */
public final class KafkaSession implements AutoCloseable {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final CommonConfig config;
    private final KafkaEndpoint endpoint;
    private final String command;

    private KafkaSession(CommonConfig config, KafkaEndpoint endpoint, String command) {
        this.config = config;
        this.endpoint = endpoint;
        this.command = command;
    }

    /**
     * Connects to the cluster named by {@code settings}; a client command needs a running one, so an
     * empty {@code bootstrap.servers} is a usage error that says where to get an address.
     */
    public static KafkaSession connect(Map<String, String> settings, String command) {
        CommonConfig config = new CommonConfig(ConfigOptions.only(CommonConfig.definition(), settings));
        if (config.usesEmbeddedKafka()) {
            throw CliException.usage("bootstrap.servers is not set: '" + command + "' talks to a running Kafka. Pass "
                + "--bootstrap-servers HOST:PORT (./homeostat run prints the address of the broker it starts)");
        }
        KafkaEndpoint endpoint = KafkaEndpoint.resolve(config, CONNECT_TIMEOUT);
        return new KafkaSession(config, endpoint, command);
    }

    /** A session on an already resolved config (the demo's own embedded broker). */
    static KafkaSession of(CommonConfig config, String command) {
        return new KafkaSession(config, null, command);
    }

    public CommonConfig config() {
        return config;
    }

    public String bootstrapServers() {
        return config.bootstrapServers();
    }

    /** Partitions of each topic; a topic that does not exist is a one-line {@link ExitCode#TOPIC} error. */
    public List<TopicPartition> partitions(String... topics) {
        try (Admin admin = Admin.create(config.adminProps())) {
            Map<String, TopicDescription> described;
            try {
                described = admin.describeTopics(List.of(topics)).allTopicNames().get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    Set<String> existing = admin.listTopics().names().get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    List<String> missing = new ArrayList<>();
                    for (String t : topics) {
                        if (!existing.contains(t)) {
                            missing.add(t);
                        }
                    }
                    throw new CliException(ExitCode.TOPIC, "topic " + String.join(", ", missing) + " does not exist at "
                        + "bootstrap.servers=" + bootstrapServers() + ": create the topics with ./homeostat topics "
                        + "--bootstrap-servers " + bootstrapServers() + " (or check the topic.* settings)");
                }
                throw new IllegalStateException("cannot describe topics " + List.of(topics) + ": " + e.getCause(), e.getCause());
            }
            List<TopicPartition> out = new ArrayList<>();
            for (String t : topics) {
                described.get(t).partitions().forEach(p -> out.add(new TopicPartition(t, p.partition())));
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.FAILED, "interrupted while describing topics");
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list topics: " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new CliException(ExitCode.UNREACHABLE, "Kafka at bootstrap.servers=" + bootstrapServers()
                + " did not describe the topics within " + CONNECT_TIMEOUT.toSeconds() + " s");
        }
    }

    /** A producer of {@code type} values keyed by string, idempotent, acks=all. */
    public <T extends SpecificRecord> KafkaProducer<String, T> producer(Class<T> type, Map<String, ?> extra) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "homeostat-" + command);
        props.putAll(extra);
        AvroSerializer<T> values = AvroSerde.of(type, config.serdeProps(), false).serializer();
        return new KafkaProducer<>(config.producerProps(props), new StringSerializer(), values);
    }

    /** A group-less byte consumer (assign, not subscribe), read_committed. */
    public KafkaConsumer<byte[], byte[]> rawConsumer() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "homeostat-" + command);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        return new KafkaConsumer<>(config.consumerProps(props), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The decoder of {@code type} values in the Confluent wire format. */
    public <T extends SpecificRecord> AvroDeserializer<T> deserializer(Class<T> type) {
        return AvroSerde.of(type, config.serdeProps(), false).deserializer();
    }

    /** Assigns {@code partitions} and positions at the beginning or the end. */
    public static void position(KafkaConsumer<?, ?> consumer, Collection<TopicPartition> partitions, boolean fromBeginning) {
        consumer.assign(partitions);
        if (fromBeginning) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
        for (TopicPartition p : partitions) {
            consumer.position(p); // resolve now, so records written after this call are seen
        }
    }

    @Override
    public void close() {
        if (endpoint != null) {
            endpoint.close();
        }
    }
}
