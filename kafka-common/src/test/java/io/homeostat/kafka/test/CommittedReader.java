package io.homeostat.kafka.test;

import io.homeostat.config.CommonConfig;
import io.homeostat.kafka.serde.AvroDeserializer;
import io.homeostat.kafka.serde.AvroSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic from the beginning with {@code isolation.level=read_committed}, decoding each value: what
 * a downstream consumer of the pipeline would see. Reading goes on until a condition holds over all that
 * was read (or the timeout), then for {@code settle} longer so records beyond the expected (duplicates)
 * are caught too.
 */
public final class CommittedReader {
    private final CommonConfig config;

    public CommittedReader(CommonConfig config) {
        this.config = config;
    }

    /** Decodes each value as {@code type} (Confluent wire format, the config's registry). */
    public <T extends SpecificRecord> List<T> read(String topic, Class<T> type, Predicate<List<T>> done, Duration timeout,
                                            Duration settle) {
        AvroDeserializer<T> decoder = AvroSerde.of(type, config.serdeProps(), false).deserializer();
        return readRaw(topic, r -> decoder.decode(r), done, timeout, settle);
    }

    /** Applies {@code decode} to each record. */
    public <T> List<T> readRaw(String topic, java.util.function.Function<ConsumerRecord<byte[], byte[]>, T> decode,
                        Predicate<List<T>> done, Duration timeout, Duration settle) {
        Map<String, Object> props = new HashMap<>(config.consumerProps(Map.of()));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<T> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            long settleUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settleUntil)) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    out.add(decode.apply(r));
                }
                if (settleUntil == Long.MAX_VALUE && done.test(out)) {
                    settleUntil = System.nanoTime() + settle.toNanos();
                }
            }
        }
        return out;
    }
}
