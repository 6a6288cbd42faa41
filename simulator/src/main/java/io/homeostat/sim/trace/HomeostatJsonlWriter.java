package io.homeostat.sim.trace;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.homeostat.core.Request;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Map;

/** Writes {@link TraceRecord}s in the project's JSON-lines format (see {@link HomeostatJsonlReader}). */
public final class HomeostatJsonlWriter {
    private final Writer out;

    public HomeostatJsonlWriter(Writer out) {
        this.out = out;
    }

    /** Writes one record as one line. */
    public void write(TraceRecord r) throws IOException {
        out.write(toLine(r));
        out.write('\n');
    }

    /** One record as a JSON line (no newline). */
    public static String toLine(TraceRecord r) {
        StringWriter sw = new StringWriter(160);
        try (JsonGenerator g = JsonFields.MAPPER.getFactory().createGenerator(sw)) {
            g.writeStartObject();
            g.writeNumberField("arrival_ns", r.arrivalNs());
            if (r.requestId() != null) {
                g.writeStringField("request_id", r.requestId());
            }
            if (r.tenant() != null) {
                g.writeStringField("tenant", r.tenant());
            }
            if (r.pool() != null) {
                g.writeStringField("pool", r.pool());
            }
            if (r.hasBid()) {
                g.writeNumberField("priority_bid", r.bid());
            }
            g.writeNumberField("prompt_tokens", r.promptTokens());
            g.writeNumberField("max_new_tokens", r.outputTokens());
            if (r.deadlineNs() != Request.NO_DEADLINE) {
                g.writeNumberField("deadline_ns", r.deadlineNs());
            }
            if (r.agentId() != null) {
                g.writeStringField("agent_id", r.agentId());
            }
            long[] h = r.prefixHashes();
            if (h.length > 0) {
                g.writeArrayFieldStart("prefix_hashes");
                for (long x : h) {
                    g.writeNumber(x);
                }
                g.writeEndArray();
            }
            if (r.promptText() != null) {
                g.writeStringField("prompt_text", r.promptText());
            }
            if (!r.attributes().isEmpty()) {
                g.writeObjectFieldStart("attributes");
                for (Map.Entry<String, String> e : r.attributes().entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            if (r.tracePromptTokens() != null) {
                g.writeNumberField("trace_prompt_tokens", r.tracePromptTokens());
            }
            if (r.traceOutputTokens() != null) {
                g.writeNumberField("trace_output_tokens", r.traceOutputTokens());
            }
            g.writeEndObject();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sw.toString();
    }
}
