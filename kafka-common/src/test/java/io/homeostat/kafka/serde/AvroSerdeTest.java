package io.homeostat.kafka.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.avro.Completion;
import io.homeostat.avro.InferenceRequest;
import io.homeostat.avro.KvPoolState;
import io.homeostat.kafka.registry.MockSchemaRegistry;
import io.homeostat.kafka.registry.PortableSchemas;
import io.homeostat.kafka.test.Requests;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {
    private static final String TOPIC = "inference.requests";

    private final MockSchemaRegistry registry = new MockSchemaRegistry("serde-" + UUID.randomUUID());
    private final AvroSerde<InferenceRequest> serde = new AvroSerde<>(InferenceRequest.class, registry, false);

    private byte[] encode(int i) {
        return serde.serializer().serialize(TOPIC, Requests.sample(i));
    }

    private WireFormatException decodeFails(byte[] data) {
        return assertThrows(WireFormatException.class, () -> serde.deserializer().deserialize(TOPIC, data));
    }

    @Test
    void roundTripsEveryFieldShape() {
        for (int i = 0; i < 60; i++) {
            assertEquals(Requests.sample(i), serde.deserializer().deserialize(TOPIC, encode(i)), "request " + i);
        }
    }

    @Test
    void writesTheConfluentFrameWithTheIdRegisteredUnderTopicValue() {
        byte[] bytes = encode(3);
        assertEquals(0, bytes[0]);
        int id = registry.lookup(TOPIC + "-value", PortableSchemas.portable(InferenceRequest.getClassSchema()));
        assertEquals(id, WireFormat.schemaId(bytes));
        assertEquals(id, registry.lookup(InferenceRequest.getClassSchema().getFullName(),
            PortableSchemas.portable(InferenceRequest.getClassSchema())), "the registered schema is the seeded .avsc");
    }

    @Test
    void keySerdeRegistersUnderTopicKey() {
        AvroSerde<InferenceRequest> keys = new AvroSerde<>(InferenceRequest.class, registry, true);
        byte[] bytes = keys.serializer().serialize("keyed", Requests.sample(1));
        assertEquals(registry.lookup("keyed-key", PortableSchemas.portable(InferenceRequest.getClassSchema())),
            WireFormat.schemaId(bytes));
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("keyed", 0, 0L, bytes, null);
        assertEquals(Requests.sample(1), keys.deserializer().decode(record));
    }

    @Test
    void configuredFromAMapSharesTheMockScope() {
        String scope = "cfg-" + UUID.randomUUID();
        Map<String, Object> props = Map.of("schema.registry.url", "mock://" + scope, "bootstrap.servers", "ignored:9092");
        byte[] bytes = AvroSerde.of(InferenceRequest.class, props, false).serializer().serialize(TOPIC, Requests.sample(7));
        assertEquals(Requests.sample(7), AvroSerde.of(InferenceRequest.class, props, false).deserializer().deserialize(TOPIC, bytes));
        MockSchemaRegistry.dropScope(scope);
    }

    @Test
    void badRegistryUrlIsAConfigError() {
        ConfigException e = assertThrows(ConfigException.class,
            () -> AvroSerde.of(InferenceRequest.class, Map.of("schema.registry.url", "ftp://x"), false));
        assertTrue(e.getMessage().contains("schema.registry.url"), e.getMessage());
    }

    @Test
    void oldWriterWithoutTheOptionalFieldsIsReadWithDefaults() throws Exception {
        org.apache.avro.Schema current = PortableSchemas.portable(InferenceRequest.getClassSchema());
        java.util.List<org.apache.avro.Schema.Field> required = new java.util.ArrayList<>();
        for (org.apache.avro.Schema.Field field : current.getFields()) {
            if (!field.hasDefaultValue()) {
                required.add(new org.apache.avro.Schema.Field(field, field.schema()));
            }
        }
        org.apache.avro.Schema old = org.apache.avro.Schema.createRecord(current.getName(), current.getDoc(),
            current.getNamespace(), false, required);
        int oldId = registry.register(TOPIC + "-value", old);
        org.apache.avro.generic.GenericRecord written = new org.apache.avro.generic.GenericData.Record(old);
        written.put("request_id", "old-1");
        written.put("tenant", "t");
        written.put("pool", "p");
        written.put("priority_bid", 1.0);
        written.put("client_timestamp_us", 5L);
        written.put("prompt_tokens", 7);
        written.put("max_new_tokens", 9);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(WireFormat.MAGIC);
        out.write(ByteBuffer.allocate(4).putInt(oldId).array());
        org.apache.avro.io.BinaryEncoder body = org.apache.avro.io.EncoderFactory.get().binaryEncoder(out, null);
        new org.apache.avro.generic.GenericDatumWriter<org.apache.avro.generic.GenericRecord>(old).write(written, body);
        body.flush();

        InferenceRequest read = serde.deserializer().deserialize(TOPIC, out.toByteArray());

        assertEquals("old-1", read.getRequestId());
        assertEquals(9, read.getMaxNewTokens());
        assertNull(read.getPromptText());
        assertNull(read.getDeadlineUs());
        assertEquals(java.util.List.of(), read.getPrefixHashes());
        assertEquals(Map.of(), read.getAttributes());
    }

    @Test
    void nullRecordIsATombstoneOnWrite() {
        assertNull(serde.serializer().serialize(TOPIC, null));
    }

    @Test
    void nullPayload() {
        WireFormatException e = decodeFails(null);
        assertEquals(WireFormatException.Kind.EMPTY, e.kind());
        assertTrue(e.getMessage().contains(TOPIC), e.getMessage());
    }

    @Test
    void emptyPayload() {
        assertEquals(WireFormatException.Kind.EMPTY, decodeFails(new byte[0]).kind());
    }

    @Test
    void wrongMagicByte() {
        byte[] json = "{\"request_id\":\"x\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        WireFormatException e = decodeFails(json);
        assertEquals(WireFormatException.Kind.BAD_MAGIC, e.kind());
        assertTrue(e.getMessage().contains("0x7B"), e.getMessage());
    }

    @Test
    void truncatedHeader() {
        assertEquals(WireFormatException.Kind.TRUNCATED, decodeFails(new byte[] {0, 0, 0}).kind());
    }

    @Test
    void truncatedBody() {
        byte[] whole = encode(3);
        for (int cut = WireFormat.HEADER_SIZE; cut < whole.length; cut++) {
            byte[] part = Arrays.copyOf(whole, cut);
            WireFormatException e = decodeFails(part);
            assertTrue(e.kind() == WireFormatException.Kind.TRUNCATED || e.kind() == WireFormatException.Kind.MALFORMED_BODY,
                "cut at " + cut + ": " + e.getMessage());
        }
        assertEquals(WireFormatException.Kind.TRUNCATED, decodeFails(Arrays.copyOf(whole, whole.length - 1)).kind());
    }

    @Test
    void trailingBytes() {
        byte[] whole = encode(4);
        byte[] longer = Arrays.copyOf(whole, whole.length + 3);
        assertEquals(WireFormatException.Kind.MALFORMED_BODY, decodeFails(longer).kind());
    }

    @Test
    void hugeCollectionCountFailsWithoutAllocatingIt() throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(WireFormat.MAGIC);
        out.write(ByteBuffer.allocate(4).putInt(WireFormat.schemaId(encode(0))).array());
        org.apache.avro.io.BinaryEncoder body = org.apache.avro.io.EncoderFactory.get().binaryEncoder(out, null);
        body.writeString("id");
        body.writeString("tenant");
        body.writeString("pool");
        body.writeDouble(1.0);
        body.writeLong(1L);
        body.writeIndex(0);
        body.writeInt(1);
        body.writeInt(1);
        body.writeIndex(0);
        body.writeIndex(0);
        body.writeArrayStart();
        body.setItemCount(2_000_000_000L);
        body.flush();
        WireFormatException e = decodeFails(out.toByteArray());
        assertTrue(e.kind() == WireFormatException.Kind.TRUNCATED || e.kind() == WireFormatException.Kind.MALFORMED_BODY,
            e.getMessage());
    }

    @Test
    void unknownSchemaId() {
        byte[] bytes = encode(5);
        ByteBuffer.wrap(bytes).putInt(1, 424_242);
        WireFormatException e = decodeFails(bytes);
        assertEquals(WireFormatException.Kind.UNKNOWN_SCHEMA_ID, e.kind());
        assertTrue(e.getMessage().contains("424242") && e.getMessage().contains(registry.url()), e.getMessage());
    }

    @Test
    void recordOfAnotherSchema() {
        AvroSerde<Completion> completions = new AvroSerde<>(Completion.class, registry, false);
        byte[] bytes = completions.serializer().serialize(TOPIC, completion());
        WireFormatException e = decodeFails(bytes);
        assertEquals(WireFormatException.Kind.INCOMPATIBLE_SCHEMA, e.kind());
        assertTrue(e.getMessage().contains("io.homeostat.avro.Completion"), e.getMessage());
        assertTrue(e.getMessage().length() < 1_000, "one readable line, not two schemas: " + e.getMessage());
    }

    @Test
    void recordDecodeNamesPartitionAndOffset() {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(TOPIC, 3, 42L, null, new byte[] {1, 2, 3});
        WireFormatException e = assertThrows(WireFormatException.class, () -> serde.deserializer().decode(record));
        assertEquals(3, e.partition());
        assertEquals(42L, e.offset());
        assertTrue(e.getMessage().startsWith("Cannot decode record from inference.requests partition 3 offset 42: BAD_MAGIC"),
            e.getMessage());
        WireFormatException relocated = decodeFails(new byte[] {1}).at(1, 7);
        assertTrue(relocated.getMessage().contains("partition 1 offset 7"), relocated.getMessage());
    }

    @Test
    void unencodableRecord() {
        InferenceRequest broken = new InferenceRequest();
        broken.setTenant("t");
        WireFormatException e = assertThrows(WireFormatException.class, () -> serde.serializer().serialize(TOPIC, broken));
        assertEquals(WireFormatException.Kind.ENCODE_FAILED, e.kind());
    }

    @Test
    void encodingIsDeterministicAcrossThreads() throws Exception {
        byte[] expected = encode(9);
        byte[][] seen = new byte[4][];
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            int slot = t;
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 2_000; i++) {
                    byte[] bytes = encode(9);
                    if (!Arrays.equals(expected, bytes)) {
                        return;
                    }
                    serde.deserializer().deserialize(TOPIC, bytes);
                }
                seen[slot] = encode(9);
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        for (byte[] bytes : seen) {
            assertArrayEquals(expected, bytes);
        }
    }

    static Completion completion() {
        return Completion.newBuilder().setBatchId("b-1").setPool("p").setWorkerId("w").setBatchSize(1).setExecuted(1)
            .setRejected(0).setFailed(0).setPromptTokens(3).setGeneratedTokens(4).setServiceTimeMs(1.5).setBlocksUsed(1)
            .setCompletedUs(1L).setPoolState(KvPoolState.newBuilder().setTotalBlocks(8).setFreeBlocks(7).setCachedBlocks(0)
                .setEvictedBlocksTotal(0).setPrefixHitRate(0).build())
            .build();
    }
}
