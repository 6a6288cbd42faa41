package io.homeostat.engine.exec;

/**
 * What happened to one sequence of a batch.
 *
 * @param requestId    the request
 * @param status       OK, or REJECTED (the KV floor refused it) — executor failures fail the whole batch
 * @param reason       why, when not OK
 * @param output       generated token ids (empty unless OK)
 * @param promptTokens prompt tokens it had
 * @param cachedTokens prompt tokens served from the prefix cache
 */
public record SequenceResult(String requestId, Status status, String reason, int[] output, int promptTokens,
                             int cachedTokens) {
    public enum Status { OK, REJECTED }

    static SequenceResult rejected(SequenceRequest r, String reason) {
        return new SequenceResult(r.requestId(), Status.REJECTED, reason, new int[0], r.prompt().length, 0);
    }
}
