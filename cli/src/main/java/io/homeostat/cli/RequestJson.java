package io.homeostat.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.homeostat.avro.InferenceRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One JSON line → one {@link InferenceRequest}, for {@code produce}. Field names are the Avro
 * schema's ({@code request_id, tenant, pool, priority_bid, client_timestamp_us, prompt_text,
 * prompt_tokens, max_new_tokens, deadline_us, agent_id, prefix_hashes, trace_prompt_tokens,
 * trace_output_tokens, attributes}). Only {@code max_new_tokens} and one of {@code prompt_text} /
 * {@code prompt_tokens} are required; the rest default (documented in {@code produce --help}).
 * Every error names the line and the field, and says what is expected.
 */
public final class RequestJson {
    static final JsonMapper MAPPER = JsonMapper.builder()
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY).build();
    static final Set<String> FIELDS = Set.of("request_id", "tenant", "pool", "priority_bid", "client_timestamp_us",
        "prompt_text", "prompt_tokens", "max_new_tokens", "deadline_us", "agent_id", "prefix_hashes",
        "trace_prompt_tokens", "trace_output_tokens", "attributes");

    /** Defaults for fields a line leaves out. */
    public record Defaults(String idPrefix, String tenant, String pool, double bid) {
    }

    private final Defaults defaults;
    private final String source;

    public RequestJson(Defaults defaults, String source) {
        this.defaults = defaults;
        this.source = source;
    }

    /** Parses line number {@code lineNo}; {@code nowUs} stamps a line without client_timestamp_us. */
    public InferenceRequest parse(String line, long lineNo, long nowUs) {
        JsonNode n;
        try {
            n = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw error(lineNo, null, "not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (n == null || !n.isObject()) {
            throw error(lineNo, null, "expected one JSON object per line");
        }
        List<String> unknown = new ArrayList<>();
        n.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                unknown.add(f);
            }
        });
        if (!unknown.isEmpty()) {
            throw error(lineNo, unknown.get(0), "unknown field (known: " + String.join(", ", new java.util.TreeSet<>(FIELDS)) + ")");
        }
        InferenceRequest.Builder b = InferenceRequest.newBuilder();
        b.setRequestId(text(n, "request_id", lineNo, defaults.idPrefix() + "-" + lineNo));
        if (b.getRequestId().isEmpty() || b.getRequestId().length() > 128) {
            throw error(lineNo, "request_id", "must be 1 to 128 characters");
        }
        b.setTenant(text(n, "tenant", lineNo, defaults.tenant()));
        b.setPool(text(n, "pool", lineNo, defaults.pool()));
        if (b.getTenant().isBlank()) {
            throw error(lineNo, "tenant", "must not be empty");
        }
        if (b.getPool().isBlank()) {
            throw error(lineNo, "pool", "must not be empty");
        }
        double bid = number(n, "priority_bid", lineNo, defaults.bid());
        if (!Double.isFinite(bid) || bid < 0) {
            throw error(lineNo, "priority_bid", "must be finite and >= 0, got " + bid);
        }
        b.setPriorityBid(bid);
        b.setClientTimestampUs(integer(n, "client_timestamp_us", lineNo, nowUs));
        String text = has(n, "prompt_text") ? text(n, "prompt_text", lineNo, null) : null;
        b.setPromptText(text);
        Long prompt = has(n, "prompt_tokens") ? integer(n, "prompt_tokens", lineNo, 0) : null;
        if (prompt == null && text == null) {
            throw error(lineNo, "prompt_tokens", "missing: give prompt_text or prompt_tokens");
        }
        // without a count, the byte-level tokenizer's length (BOS + one token per byte); the worker's tokenizer is authoritative
        long promptTokens = prompt != null ? prompt : text.getBytes(StandardCharsets.UTF_8).length + 1L;
        if (promptTokens < (text == null ? 1 : 0) || promptTokens > Integer.MAX_VALUE) {
            throw error(lineNo, "prompt_tokens", "must be >= 1 (without prompt_text), got " + promptTokens);
        }
        b.setPromptTokens((int) promptTokens);
        if (!has(n, "max_new_tokens")) {
            throw error(lineNo, "max_new_tokens", "missing: how many tokens to generate (>= 1)");
        }
        long maxNew = integer(n, "max_new_tokens", lineNo, 0);
        if (maxNew < 1 || maxNew > Integer.MAX_VALUE) {
            throw error(lineNo, "max_new_tokens", "must be >= 1, got " + maxNew);
        }
        b.setMaxNewTokens((int) maxNew);
        if (has(n, "deadline_us")) {
            long d = integer(n, "deadline_us", lineNo, 0);
            if (d < b.getClientTimestampUs()) {
                throw error(lineNo, "deadline_us", "is before client_timestamp_us (" + b.getClientTimestampUs() + ")");
            }
            b.setDeadlineUs(d);
        }
        b.setAgentId(has(n, "agent_id") ? text(n, "agent_id", lineNo, null) : null);
        List<Long> hashes = new ArrayList<>();
        if (has(n, "prefix_hashes")) {
            JsonNode a = n.get("prefix_hashes");
            if (!a.isArray()) {
                throw error(lineNo, "prefix_hashes", "must be an array of integers");
            }
            for (JsonNode e : a) {
                if (!e.isIntegralNumber() || !e.canConvertToLong()) {
                    throw error(lineNo, "prefix_hashes", "element " + e + " is not a 64-bit integer");
                }
                hashes.add(e.longValue());
            }
        }
        b.setPrefixHashes(hashes);
        b.setTracePromptTokens(has(n, "trace_prompt_tokens") ? Math.toIntExact(integer(n, "trace_prompt_tokens", lineNo, 0)) : null);
        b.setTraceOutputTokens(has(n, "trace_output_tokens") ? Math.toIntExact(integer(n, "trace_output_tokens", lineNo, 0)) : null);
        Map<String, String> attributes = new LinkedHashMap<>();
        if (has(n, "attributes")) {
            JsonNode a = n.get("attributes");
            if (!a.isObject()) {
                throw error(lineNo, "attributes", "must be an object of strings");
            }
            a.properties().forEach(e -> {
                if (!e.getValue().isTextual()) {
                    throw error(lineNo, "attributes." + e.getKey(), "must be a string");
                }
                attributes.put(e.getKey(), e.getValue().textValue());
            });
        }
        b.setAttributes(attributes);
        return b.build();
    }

    private static boolean has(JsonNode n, String f) {
        return n.has(f) && !n.get(f).isNull();
    }

    private String text(JsonNode n, String f, long lineNo, String def) {
        if (!has(n, f)) {
            return def;
        }
        if (!n.get(f).isTextual()) {
            throw error(lineNo, f, "must be a string, got " + n.get(f));
        }
        return n.get(f).textValue();
    }

    private double number(JsonNode n, String f, long lineNo, double def) {
        if (!has(n, f)) {
            return def;
        }
        if (!n.get(f).isNumber()) {
            throw error(lineNo, f, "must be a number, got " + n.get(f));
        }
        return n.get(f).doubleValue();
    }

    private long integer(JsonNode n, String f, long lineNo, long def) {
        if (!has(n, f)) {
            return def;
        }
        JsonNode v = n.get(f);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw error(lineNo, f, "must be an integer, got " + v);
        }
        return v.longValue();
    }

    private CliException error(long lineNo, String field, String what) {
        return CliException.badInput(source + ":" + lineNo + ": " + (field == null ? "" : "field '" + field + "' ") + what);
    }
}
