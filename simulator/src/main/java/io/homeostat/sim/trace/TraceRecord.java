package io.homeostat.sim.trace;

import io.homeostat.core.Request;
import java.util.Arrays;
import java.util.Map;

/**
 * One request read from a trace, before any scaling or mapping. Fields a format does not carry
 * are null ({@code bid}: NaN, {@code deadlineNs}: {@link Request#NO_DEADLINE}, {@code prefixHashes}:
 * empty).
 *
 * @param index           0-based position of the record in its file (data rows only)
 * @param line            1-based line number in the file (for error messages)
 * @param arrivalNs       arrival time in integer nanoseconds on the trace's own time line
 *                        (epoch for Azure and the project's JSONL, offset from the start for Mooncake)
 * @param promptTokens    prompt tokens
 * @param outputTokens    output tokens (generated, or the max new tokens asked for)
 * @param requestId       the request's id, or null
 * @param tenant          the tenant, or null
 * @param pool            the pool, or null
 * @param bid             the priority bid, or NaN
 * @param deadlineNs      absolute deadline on the same time line, or {@link Request#NO_DEADLINE}
 * @param agentId         agent / conversation id, or null
 * @param prefixHashes    prefix-block ids (Mooncake {@code hash_ids}), possibly empty
 * @param promptText      prompt text, or null
 * @param attributes      free-form attributes, possibly empty
 * @param tracePromptTokens original prompt tokens before a replay mapped them, or null
 * @param traceOutputTokens original output tokens before a replay mapped them, or null
 */
public record TraceRecord(long index, long line, long arrivalNs, int promptTokens, int outputTokens, String requestId,
                          String tenant, String pool, double bid, long deadlineNs, String agentId, long[] prefixHashes,
                          String promptText, Map<String, String> attributes, Integer tracePromptTokens,
                          Integer traceOutputTokens) {

    public TraceRecord {
        prefixHashes = prefixHashes == null ? new long[0] : prefixHashes.clone();
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** A record with only what the public traces carry. */
    public static TraceRecord basic(long index, long line, long arrivalNs, int promptTokens, int outputTokens) {
        return new TraceRecord(index, line, arrivalNs, promptTokens, outputTokens, null, null, null, Double.NaN,
            Request.NO_DEADLINE, null, new long[0], null, Map.of(), null, null);
    }

    @Override
    public long[] prefixHashes() {
        return prefixHashes.clone();
    }

    public boolean hasBid() {
        return !Double.isNaN(bid);
    }

    /** The same record at another arrival (and deadline shifted with it). */
    public TraceRecord withArrival(long newArrivalNs, long newDeadlineNs) {
        return new TraceRecord(index, line, newArrivalNs, promptTokens, outputTokens, requestId, tenant, pool, bid,
            newDeadlineNs, agentId, prefixHashes, promptText, attributes, tracePromptTokens, traceOutputTokens);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TraceRecord r && r.index == index && r.line == line && r.arrivalNs == arrivalNs
            && r.promptTokens == promptTokens && r.outputTokens == outputTokens
            && java.util.Objects.equals(r.requestId, requestId) && java.util.Objects.equals(r.tenant, tenant)
            && java.util.Objects.equals(r.pool, pool) && Double.compare(r.bid, bid) == 0 && r.deadlineNs == deadlineNs
            && java.util.Objects.equals(r.agentId, agentId) && Arrays.equals(r.prefixHashes, prefixHashes)
            && java.util.Objects.equals(r.promptText, promptText) && r.attributes.equals(attributes)
            && java.util.Objects.equals(r.tracePromptTokens, tracePromptTokens)
            && java.util.Objects.equals(r.traceOutputTokens, traceOutputTokens);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(index) * 31 + Long.hashCode(arrivalNs);
    }

    @Override
    public String toString() {
        return "TraceRecord[#" + index + " line " + line + ", t=" + arrivalNs + " ns, prompt=" + promptTokens + ", out="
            + outputTokens + (requestId == null ? "" : ", id=" + requestId) + (tenant == null ? "" : ", tenant=" + tenant)
            + "]";
    }
}
