package io.homeostat.kafka.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.avro.DeadLetter;
import io.homeostat.avro.InferenceRequest;
import io.homeostat.kafka.registry.MockSchemaRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class DeadLettersTest {
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L, 123_456_000L), ZoneOffset.UTC);

    private static ConsumerRecord<byte[], byte[]> raw(byte[] key, byte[] value) {
        return new ConsumerRecord<>("inference.requests", 2, 99L, 1_234L, TimestampType.CREATE_TIME, 0, 0, key, value,
            new RecordHeaders(), Optional.empty());
    }

    @Test
    void undecodableRecordKeepsItsBytesAndWhere() {
        byte[] value = "not avro".getBytes(StandardCharsets.UTF_8);
        ConsumerRecord<byte[], byte[]> record = raw("pool-a".getBytes(StandardCharsets.UTF_8), value);
        AvroDeserializer<InferenceRequest> deserializer =
            new AvroDeserializer<>(InferenceRequest.class, new MockSchemaRegistry("dlq-" + UUID.randomUUID()), false);
        WireFormatException error = assertThrows(WireFormatException.class,
            () -> deserializer.deserialize(record.topic(), record.value()));

        DeadLetter letter = DeadLetters.undecodable(record, error, "scheduler-app", CLOCK);

        assertEquals(ByteBuffer.wrap(value), letter.getOriginalValue());
        assertEquals(ByteBuffer.wrap("pool-a".getBytes(StandardCharsets.UTF_8)), letter.getOriginalKey());
        assertEquals("inference.requests", letter.getTopic());
        assertEquals(2, letter.getPartition());
        assertEquals(99L, letter.getOffset());
        assertEquals(1_234L, letter.getRecordTimestampMs());
        assertEquals("DESERIALIZE", letter.getStage());
        assertTrue(letter.getReason().contains("partition 2 offset 99") && letter.getReason().contains("BAD_MAGIC"),
            letter.getReason());
        assertEquals(WireFormatException.class.getName(), letter.getErrorClass());
        assertEquals(1_700_000_000_123_456L, letter.getFailedUs());
        assertEquals("scheduler-app", letter.getApplication());
    }

    @Test
    void validationFailureWithoutException() {
        DeadLetter letter = DeadLetters.of(raw(null, new byte[] {0, 1}), DeadLetterStage.VALIDATE,
            "priority_bid is NaN", null, null, CLOCK);
        assertNull(letter.getOriginalKey());
        assertNull(letter.getErrorClass());
        assertEquals("VALIDATE", letter.getStage());
        assertEquals("priority_bid is NaN", letter.getReason());
        assertEquals("", letter.getApplication());
    }

    @Test
    void reasonDefaultsToTheErrorMessage() {
        DeadLetter letter = DeadLetters.of(raw(null, null), DeadLetterStage.EXECUTE, null,
            new IllegalStateException("CUDA out of memory"), "worker-1", CLOCK);
        assertEquals("CUDA out of memory", letter.getReason());
        assertNull(letter.getOriginalValue());
    }
}
