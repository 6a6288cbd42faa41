package io.homeostat.sim.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.core.Request;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceReadersTest {

    private static Trace read(String text, TraceFormat f, OnError onError) throws IOException {
        return Traces.load(Traces.reader(new StringReader(text), f, "test"), "test", onError, Long.MAX_VALUE);
    }

    @Test
    void azureTimestampsBecomeExactEpochNanoseconds() throws IOException {
        Trace t = read("TIMESTAMP,ContextTokens,GeneratedTokens\n"
            + "2023-11-16 18:17:03.9799600,4808,10\n"
            + "\n"
            + "2023-11-16 18:17:03.979960123,1,0\n"
            + "2023-11-16 18:17:04,5,6", TraceFormat.AZURE, OnError.STOP);
        List<TraceRecord> r = t.records();
        assertEquals(3, r.size());
        long base = 1_700_158_623L * 1_000_000_000L; // 2023-11-16T18:17:03Z
        assertEquals(base + 979_960_000L, r.get(0).arrivalNs());
        assertEquals(base + 979_960_123L, r.get(1).arrivalNs());
        assertEquals(base + 1_000_000_000L, r.get(2).arrivalNs());
        assertEquals(4808, r.get(0).promptTokens());
        assertEquals(10, r.get(0).outputTokens());
        assertEquals(4, r.get(1).line());
        assertEquals(1, r.get(1).index());
    }

    @Test
    void malformedLinesNameTheLineAndCanBeSkipped() throws IOException {
        String text = "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03.9,1,2\nnot,a,line\n"
            + "2023-11-16 18:17:04.0,-5,2\n2023-11-16 25:17:04.0,5,2\n2023-11-16 18:17:05.0,5\n2023-11-16 18:17:06.0,0,0\n"
            + "2023-11-16 18:17:07.0,3,4\n";
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> read(text, TraceFormat.AZURE, OnError.STOP));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().startsWith("test:3: TIMESTAMP"), e.getMessage());
        Trace t = read(text, TraceFormat.AZURE, OnError.SKIP);
        assertEquals(2, t.records().size());
        assertEquals(5, t.skipped());
        assertTrue(t.firstErrors().get(1).contains("test:4: token counts"), t.firstErrors().toString());
        assertTrue(t.firstErrors().get(2).contains("out of range"), t.firstErrors().toString());
        assertTrue(t.firstErrors().get(3).contains("expected 3 comma-separated fields"), t.firstErrors().toString());
        assertTrue(t.firstErrors().get(4).contains("at least one token"), t.firstErrors().toString());
    }

    @Test
    void aWrongHeaderIsRefused() {
        var e = assertThrows(TraceFormatException.class, () -> read("time,prompt,output\n", TraceFormat.AZURE, OnError.SKIP));
        assertTrue(e.getMessage().contains("expected the header"), e.getMessage());
    }

    @Test
    void mooncakeMillisecondsIncludingDecimalsAreExact() throws IOException {
        Trace t = read("{\"timestamp\": 0, \"input_length\": 6758, \"output_length\": 500, \"hash_ids\": [0, 1, 2]}\n"
            + "{\"timestamp\": 3001.123456, \"input_length\": 1, \"output_length\": 2, \"hash_ids\": []}\n"
            + "{\"timestamp\": 7, \"input_length\": 1, \"output_length\": 2}\n", TraceFormat.MOONCAKE, OnError.STOP);
        assertEquals(0L, t.records().get(0).arrivalNs());
        assertEquals(3_001_123_456L, t.records().get(1).arrivalNs());
        assertArrayEquals(new long[] {0, 1, 2}, t.records().get(0).prefixHashes());
        assertEquals(0, t.records().get(2).prefixHashes().length);
    }

    @Test
    void mooncakeErrorsNameTheField() {
        var missing = assertThrows(TraceFormatException.class,
            () -> read("{\"timestamp\": 0, \"output_length\": 5}", TraceFormat.MOONCAKE, OnError.STOP));
        assertTrue(missing.getMessage().contains("missing field 'input_length'"), missing.getMessage());
        var bad = assertThrows(TraceFormatException.class,
            () -> read("{\"timestamp\": \"x\", \"input_length\": 1, \"output_length\": 5}", TraceFormat.MOONCAKE, OnError.STOP));
        assertTrue(bad.getMessage().contains("'timestamp' must be a number"), bad.getMessage());
        var notJson = assertThrows(TraceFormatException.class, () -> read("{oops", TraceFormat.MOONCAKE, OnError.STOP));
        assertTrue(notJson.getMessage().contains("not valid JSON"), notJson.getMessage());
        var dup = assertThrows(TraceFormatException.class,
            () -> read("{\"timestamp\": 1, \"timestamp\": 2, \"input_length\": 1, \"output_length\": 5}", TraceFormat.MOONCAKE, OnError.STOP));
        assertTrue(dup.getMessage().contains("Duplicate"), dup.getMessage());
    }

    @Test
    void projectJsonlRoundTripsThroughTheWriter() throws IOException {
        TraceRecord full = new TraceRecord(0, 1, 1_700_000_000_123_456_789L, 120, 64, "r-1", "acme", "gpu-a", 1.5,
            1_700_000_001_000_000_000L, "agent-7", new long[] {4, 5}, "hello \"world\"\n", Map.of("k", "v"), 4000, 300);
        TraceRecord minimal = new TraceRecord(1, 2, 42, 1, 0, null, null, null, Double.NaN, Request.NO_DEADLINE, null,
            null, null, null, null, null);
        String text = HomeostatJsonlWriter.toLine(full) + "\n" + HomeostatJsonlWriter.toLine(minimal) + "\n";
        Trace t = read(text, TraceFormat.JSONL, OnError.STOP);
        assertEquals(List.of(full, minimal), t.records());
        assertNull(t.records().get(1).tenant());
    }

    @Test
    void projectJsonlValidatesItsFields() {
        var bid = assertThrows(TraceFormatException.class, () -> read(
            "{\"arrival_ns\": 1, \"prompt_tokens\": 1, \"max_new_tokens\": 1, \"priority_bid\": -2}", TraceFormat.JSONL, OnError.STOP));
        assertTrue(bid.getMessage().contains("priority_bid"), bid.getMessage());
        var frac = assertThrows(TraceFormatException.class, () -> read(
            "{\"arrival_ns\": 1.5, \"prompt_tokens\": 1, \"max_new_tokens\": 1}", TraceFormat.JSONL, OnError.STOP));
        assertTrue(frac.getMessage().contains("'arrival_ns' must be an integer"), frac.getMessage());
        var attr = assertThrows(TraceFormatException.class, () -> read(
            "{\"arrival_ns\": 1, \"prompt_tokens\": 1, \"max_new_tokens\": 1, \"attributes\": {\"a\": 1}}", TraceFormat.JSONL, OnError.STOP));
        assertTrue(attr.getMessage().contains("attribute 'a'"), attr.getMessage());
    }

    @Test
    void formatNamesAreParsedWithAHelpfulError() {
        assertEquals(TraceFormat.MOONCAKE, TraceFormat.parse("Mooncake"));
        var e = assertThrows(IllegalArgumentException.class, () -> TraceFormat.parse("csv"));
        assertTrue(e.getMessage().contains("azure, mooncake, jsonl"), e.getMessage());
    }

    @Test
    void sortingByArrivalIsStable() {
        List<TraceRecord> r = List.of(TraceRecord.basic(0, 1, 5, 1, 1), TraceRecord.basic(1, 2, 3, 1, 1),
            TraceRecord.basic(2, 3, 5, 1, 1), TraceRecord.basic(3, 4, 3, 1, 1));
        assertEquals(List.of(1L, 3L, 0L, 2L), Traces.sortedByArrival(r).stream().map(TraceRecord::index).toList());
    }
}
