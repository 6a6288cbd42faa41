package io.homeostat.scheduler;

import io.homeostat.avro.InferenceRequest;
import java.util.Set;

/**
 * Decides whether a decoded request may be scheduled; every refusal names the field and the value, so
 * the dead-letter record tells the producer what to fix.
 *
 * @param maxPromptTokens   largest prompt_tokens accepted
 * @param maxNewTokens      largest max_new_tokens accepted
 * @param maxPayloadBytes   largest serialized record accepted
 * @param maxFutureSkewUs   how far ahead of the scheduler's clock a client timestamp may be
 * @param pools             pools accepted; empty accepts any
 */
public record RequestValidator(int maxPromptTokens, int maxNewTokens, int maxPayloadBytes, long maxFutureSkewUs,
                               Set<String> pools) {
    static final int MAX_ID_LENGTH = 128;
    static final int MAX_POOL_LENGTH = 255;

    public RequestValidator {
        pools = Set.copyOf(pools);
    }

    /**
     * @param key          the record key (must equal the pool)
     * @param payloadBytes size of the serialized value
     * @param nowUs        the scheduler's clock, epoch microseconds
     * @return null when valid, else the reason
     */
    public String check(String key, InferenceRequest r, int payloadBytes, long nowUs) {
        if (payloadBytes > maxPayloadBytes) {
            return "payload of " + payloadBytes + " bytes exceeds the limit of " + maxPayloadBytes + " bytes";
        }
        String id = r.getRequestId();
        if (id == null || id.isBlank()) {
            return "request_id is missing";
        }
        if (id.length() > MAX_ID_LENGTH) {
            return "request_id is " + id.length() + " characters, more than " + MAX_ID_LENGTH;
        }
        if (r.getTenant() == null || r.getTenant().isBlank()) {
            return "tenant is missing";
        }
        if (r.getPool() == null || r.getPool().isBlank()) {
            return "pool is missing";
        }
        if (r.getPool().length() > MAX_POOL_LENGTH) {
            return "pool is " + r.getPool().length() + " characters, more than " + MAX_POOL_LENGTH;
        }
        if (key == null || !key.equals(r.getPool())) {
            return "record key '" + key + "' differs from pool '" + r.getPool() + "' (key requests by pool)";
        }
        if (!pools.isEmpty() && !pools.contains(r.getPool())) {
            return "unknown pool '" + r.getPool() + "' (configured pools: " + String.join(", ", new java.util.TreeSet<>(pools)) + ")";
        }
        double bid = r.getPriorityBid();
        if (Double.isNaN(bid) || Double.isInfinite(bid) || bid < 0) {
            return "priority_bid must be finite and >= 0, got " + bid;
        }
        boolean hasText = r.getPromptText() != null && !r.getPromptText().isEmpty();
        if (!hasText && r.getPromptTokens() < 1) {
            return "prompt_tokens must be >= 1 when there is no prompt_text, got " + r.getPromptTokens();
        }
        if (r.getPromptTokens() < 0 || r.getPromptTokens() > maxPromptTokens) {
            return "prompt_tokens " + r.getPromptTokens() + " is outside 0.." + maxPromptTokens;
        }
        if (r.getMaxNewTokens() < 1 || r.getMaxNewTokens() > maxNewTokens) {
            return "max_new_tokens " + r.getMaxNewTokens() + " is outside 1.." + maxNewTokens;
        }
        if (r.getClientTimestampUs() > nowUs + maxFutureSkewUs) {
            return "client_timestamp_us " + r.getClientTimestampUs() + " is " + (r.getClientTimestampUs() - nowUs) / 1000
                    + " ms in the future (allowed skew " + maxFutureSkewUs / 1000 + " ms)";
        }
        if (r.getDeadlineUs() != null && r.getDeadlineUs() < r.getClientTimestampUs()) {
            return "deadline_us " + r.getDeadlineUs() + " is before client_timestamp_us " + r.getClientTimestampUs();
        }
        return null;
    }
}
