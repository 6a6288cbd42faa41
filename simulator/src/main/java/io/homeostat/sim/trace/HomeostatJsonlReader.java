package io.homeostat.sim.trace;

import com.fasterxml.jackson.databind.JsonNode;
import io.homeostat.core.Request;
import java.io.BufferedReader;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The project's own JSON-lines trace format (written by {@link HomeostatJsonlWriter} and by
 * {@code ./homeostat record}); field names follow the Avro {@code InferenceRequest}. Required:
 * {@code arrival_ns} (integer nanoseconds, any origin), {@code prompt_tokens},
 * {@code max_new_tokens}. Optional: {@code request_id}, {@code tenant}, {@code pool},
 * {@code priority_bid} (finite, &gt;= 0), {@code deadline_ns}, {@code agent_id},
 * {@code prefix_hashes}, {@code prompt_text}, {@code attributes} (string map),
 * {@code trace_prompt_tokens}, {@code trace_output_tokens}. Unknown fields are ignored, so newer
 * writers stay readable.
 */
final class HomeostatJsonlReader extends LineTraceReader {
    HomeostatJsonlReader(BufferedReader in, String source) {
        super(in, source);
    }

    @Override
    public TraceFormat format() {
        return TraceFormat.JSONL;
    }

    @Override
    TraceRecord parse(String line, long lineNo, long index) {
        JsonFields f = new JsonFields(this, line, lineNo);
        long t = f.integer("arrival_ns");
        long prompt = f.integer("prompt_tokens");
        long output = f.integer("max_new_tokens");
        checkTokens(this, lineNo, prompt, output);
        double bid = Double.NaN;
        if (f.has("priority_bid")) {
            bid = f.decimal("priority_bid").doubleValue();
            if (!Double.isFinite(bid) || bid < 0) {
                throw error(lineNo, "field 'priority_bid' must be finite and >= 0, got " + bid);
            }
        }
        long deadline = f.has("deadline_ns") ? f.integer("deadline_ns") : Request.NO_DEADLINE;
        String id = f.text("request_id");
        if (id != null && id.isEmpty()) {
            throw error(lineNo, "field 'request_id' must not be empty");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        if (f.has("attributes")) {
            JsonNode a = f.node.get("attributes");
            if (!a.isObject()) {
                throw error(lineNo, "field 'attributes' must be an object of strings");
            }
            a.properties().forEach(e -> {
                if (!e.getValue().isTextual()) {
                    throw error(lineNo, "attribute '" + e.getKey() + "' must be a string");
                }
                attributes.put(e.getKey(), e.getValue().textValue());
            });
        }
        Integer tracePrompt = f.has("trace_prompt_tokens") ? Math.toIntExact(f.integer("trace_prompt_tokens")) : null;
        Integer traceOutput = f.has("trace_output_tokens") ? Math.toIntExact(f.integer("trace_output_tokens")) : null;
        return new TraceRecord(index, lineNo, t, (int) prompt, (int) output, id, f.text("tenant"), f.text("pool"), bid,
            deadline, f.text("agent_id"), f.longs("prefix_hashes"), f.text("prompt_text"), attributes, tracePrompt,
            traceOutput);
    }
}
