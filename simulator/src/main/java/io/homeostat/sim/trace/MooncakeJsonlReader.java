package io.homeostat.sim.trace;

import java.io.BufferedReader;

/**
 * Mooncake trace JSON lines ({@code kvcache-ai/Mooncake}, FAST'25 release): {@code timestamp}
 * (milliseconds from the start of the trace, integer or decimal), {@code input_length},
 * {@code output_length} (tokens) and {@code hash_ids} (prefix-block ids, 512 tokens per block).
 * Times become exact integer nanoseconds from the start; other fields are ignored.
 */
final class MooncakeJsonlReader extends LineTraceReader {
    MooncakeJsonlReader(BufferedReader in, String source) {
        super(in, source);
    }

    @Override
    public TraceFormat format() {
        return TraceFormat.MOONCAKE;
    }

    @Override
    TraceRecord parse(String line, long lineNo, long index) {
        JsonFields f = new JsonFields(this, line, lineNo);
        long t = f.nanos("timestamp", 1_000_000L);
        long prompt = f.integer("input_length");
        long output = f.integer("output_length");
        checkTokens(this, lineNo, prompt, output);
        long[] hashes = f.longs("hash_ids");
        return new TraceRecord(index, lineNo, t, (int) prompt, (int) output, null, null, null, Double.NaN,
            io.homeostat.core.Request.NO_DEADLINE, null, hashes, null, null, null, null);
    }
}
