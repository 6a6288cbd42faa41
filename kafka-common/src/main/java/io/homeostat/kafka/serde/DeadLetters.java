package io.homeostat.kafka.serde;

import io.homeostat.avro.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Builds {@link DeadLetter} records: the original bytes unchanged, where they came from, the
 * stage, and a reason a person can act on. Nothing is dropped silently.
 */
public final class DeadLetters {
    private DeadLetters() {
    }

    /**
     * A dead letter for a raw record.
     *
     * @param reason what was wrong; when null, the error's message
     * @param error the cause, or null
     * @param application who dead-letters it (application id, worker id)
     */
    public static DeadLetter of(ConsumerRecord<byte[], byte[]> raw, DeadLetterStage stage, String reason,
                                Throwable error, String application, Clock clock) {
        return of(raw.topic(), raw.partition(), raw.offset(), raw.timestamp(), raw.key(), raw.value(),
            stage, reason, error, application, clock);
    }

    /** A DESERIALIZE dead letter for a record the serde refused; the reason is the exception's message. */
    public static DeadLetter undecodable(ConsumerRecord<byte[], byte[]> raw, WireFormatException error,
                                         String application, Clock clock) {
        WireFormatException located = error.partition() >= 0 ? error : error.at(raw.partition(), raw.offset());
        return of(raw, DeadLetterStage.DESERIALIZE, located.getMessage(), located, application, clock);
    }

    /** A dead letter from the parts of a record (for callers that do not hold a ConsumerRecord). */
    public static DeadLetter of(String topic, int partition, long offset, long timestampMs, byte[] key, byte[] value,
                                DeadLetterStage stage, String reason, Throwable error, String application,
                                Clock clock) {
        String why = reason != null ? reason
            : error != null ? String.valueOf(error.getMessage())
            : "no reason given";
        return DeadLetter.newBuilder()
            .setOriginalKey(key == null ? null : ByteBuffer.wrap(key.clone()))
            .setOriginalValue(value == null ? null : ByteBuffer.wrap(value.clone()))
            .setTopic(topic)
            .setPartition(partition)
            .setOffset(offset)
            .setRecordTimestampMs(timestampMs)
            .setStage(stage.name())
            .setReason(why)
            .setErrorClass(error == null ? null : error.getClass().getName())
            .setFailedUs(ChronoUnit.MICROS.between(Instant.EPOCH, clock.instant()))
            .setApplication(application == null ? "" : application)
            .build();
    }
}
