package io.homeostat.sim.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Strict field access over one JSON line, with errors that name the line and the field. */
final class JsonFields {
    static final JsonMapper MAPPER = JsonMapper.builder()
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();

    /** Digits before or after the point beyond which a number cannot be a time or a count. */
    private static final int MAX_DIGITS = 40;

    private final LineTraceReader reader;
    private final long line;
    final JsonNode node;

    JsonFields(LineTraceReader reader, String text, long line) {
        this.reader = reader;
        this.line = line;
        JsonNode n;
        try {
            n = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw reader.error(line, "not valid JSON: " + e.getOriginalMessage());
        } catch (NumberFormatException e) { // a number Jackson cannot represent, e.g. an exponent overflow
            throw reader.error(line, "not valid JSON: unreadable number (" + e.getMessage() + ")");
        }
        if (n == null || !n.isObject()) {
            throw reader.error(line, "expected a JSON object per line");
        }
        this.node = n;
    }

    boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    JsonNode required(String field) {
        if (!has(field)) {
            throw reader.error(line, "missing field '" + field + "'");
        }
        return node.get(field);
    }

    BigDecimal decimal(String field) {
        JsonNode v = required(field);
        if (!v.isNumber()) {
            throw reader.error(line, "field '" + field + "' must be a number, got " + v);
        }
        BigDecimal d = v.decimalValue();
        // Refuse absurd magnitudes before any arithmetic: 1e999999999 would make setScale / toPlainString
        // build a billion-digit number.
        if (d.signum() != 0 && (d.precision() - d.scale() > MAX_DIGITS || d.scale() > MAX_DIGITS)) {
            throw reader.error(line, "field '" + field + "' is out of range: " + d);
        }
        return d;
    }

    long integer(String field) {
        BigDecimal d = decimal(field);
        try {
            return d.stripTrailingZeros().longValueExact();
        } catch (ArithmeticException e) {
            throw reader.error(line, "field '" + field + "' must be an integer that fits 64 bits, got " + d.toPlainString());
        }
    }

    /** A decimal time in {@code unitNs}-nanosecond units as integer nanoseconds (half-even below 1 ns). */
    long nanos(String field, long unitNs) {
        BigDecimal ns = decimal(field).multiply(BigDecimal.valueOf(unitNs)).setScale(0, RoundingMode.HALF_EVEN);
        try {
            return ns.longValueExact();
        } catch (ArithmeticException e) {
            throw reader.error(line, "field '" + field + "' is out of range: " + decimal(field).toPlainString());
        }
    }

    String text(String field) {
        if (!has(field)) {
            return null;
        }
        JsonNode v = node.get(field);
        if (!v.isTextual()) {
            throw reader.error(line, "field '" + field + "' must be a string, got " + v);
        }
        return v.textValue();
    }

    long[] longs(String field) {
        if (!has(field)) {
            return new long[0];
        }
        JsonNode v = node.get(field);
        if (!v.isArray()) {
            throw reader.error(line, "field '" + field + "' must be an array of integers");
        }
        long[] out = new long[v.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode e = v.get(i);
            if (!e.isIntegralNumber() || !e.canConvertToLong()) {
                throw reader.error(line, "field '" + field + "' element " + i + " is not a 64-bit integer: " + e);
            }
            out[i] = e.longValue();
        }
        return out;
    }

    LineTraceReader reader() {
        return reader;
    }
}
