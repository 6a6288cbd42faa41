package io.homeostat.core.policy;

/**
 * A policy's answer: cut a batch of at most {@code maxRequests} now, or wait until
 * {@code nextDecisionNs} (when the answer can change without new arrivals or completions).
 *
 * @param cut            whether to cut now
 * @param maxRequests    most requests the batch may take (tokens and blocks may stop it earlier)
 * @param reason         why (null when not cutting)
 * @param intendedCutNs  when the policy wanted the cut (oldest arrival + window, or the moment the
 *                       queue became full); {@code now - intended} is the cut's lateness
 * @param nextDecisionNs when to ask again if nothing changes ({@link Long#MAX_VALUE}: not before
 *                       the next arrival or completion)
 * @param windowNs       the window in force
 */
public record CutDecision(boolean cut, int maxRequests, CutReason reason, long intendedCutNs, long nextDecisionNs,
                          long windowNs) {

    public static CutDecision cut(int maxRequests, CutReason reason, long intendedCutNs, long windowNs) {
        return new CutDecision(true, maxRequests, reason, intendedCutNs, Long.MIN_VALUE, windowNs);
    }

    public static CutDecision waitUntil(long nextDecisionNs, long windowNs) {
        return new CutDecision(false, 0, null, Long.MIN_VALUE, nextDecisionNs, windowNs);
    }

    /** Nothing queued: nothing to decide until something arrives. */
    public static CutDecision idle(long windowNs) {
        return waitUntil(Long.MAX_VALUE, windowNs);
    }
}
