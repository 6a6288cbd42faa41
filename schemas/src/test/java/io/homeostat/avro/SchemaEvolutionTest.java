package io.homeostat.avro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;

/** Old writer, new reader: a record written before the optional fields existed reads with their defaults. */
class SchemaEvolutionTest {

    static Schema v1() throws Exception {
        try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream("/evolution/InferenceRequest-v1.avsc")) {
            return new Schema.Parser().parse(in);
        }
    }

    @Test
    void currentReaderReadsTheFirstPublishedWriter() throws Exception {
        Schema old = v1();
        GenericRecord written = new GenericData.Record(old);
        written.put("request_id", "r-1");
        written.put("tenant", "acme");
        written.put("pool", "llama");
        written.put("priority_bid", 2.5);
        written.put("client_timestamp_us", 1_700_000_000_000_000L);
        written.put("prompt_tokens", 12);
        written.put("max_new_tokens", 34);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(old).write(written, encoder);
        encoder.flush();

        InferenceRequest read = new SpecificDatumReader<InferenceRequest>(old, InferenceRequest.getClassSchema())
            .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));

        assertEquals("r-1", read.getRequestId());
        assertEquals(2.5, read.getPriorityBid());
        assertEquals(34, read.getMaxNewTokens());
        assertNull(read.getPromptText());
        assertNull(read.getDeadlineUs());
        assertNull(read.getAgentId());
        assertEquals(List.of(), read.getPrefixHashes());
        assertNull(read.getTracePromptTokens());
        assertNull(read.getTraceOutputTokens());
        assertEquals(Map.of(), read.getAttributes());
    }

    @Test
    void currentSchemaIsBackwardCompatibleWithV1() throws Exception {
        assertEquals(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE,
            SchemaCompatibility.checkReaderWriterCompatibility(InferenceRequest.getClassSchema(), v1()).getType());
    }

    @Test
    void everyRecordAndFieldIsDocumentedAndOptionalFieldsHaveDefaults() {
        for (Schema schema : List.of(InferenceRequest.getClassSchema(), Batch.getClassSchema(),
                BatchedRequest.getClassSchema(), ControllerState.getClassSchema(), InferenceResult.getClassSchema(),
                Timing.getClassSchema(), Completion.getClassSchema(), KvPoolState.getClassSchema(),
                StabilityMetrics.getClassSchema(), WorkerMetrics.getClassSchema(), DeadLetter.getClassSchema())) {
            assertTrue(schema.getDoc() != null && !schema.getDoc().isBlank(), schema.getFullName() + " has a doc");
            for (Schema.Field field : schema.getFields()) {
                assertTrue(field.doc() != null && !field.doc().isBlank(), schema.getName() + "." + field.name() + " has a doc");
                boolean nullable = field.schema().getType() == Schema.Type.UNION
                    && field.schema().getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL);
                if (nullable) {
                    assertTrue(field.hasDefaultValue(), schema.getName() + "." + field.name() + " is optional, so it needs a default");
                }
            }
        }
    }
}
