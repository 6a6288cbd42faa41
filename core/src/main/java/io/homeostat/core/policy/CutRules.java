package io.homeostat.core.policy;

import io.homeostat.core.Request;

/** Rules every policy applies before its own: a full batch and a deadline at risk cut at once. */
public final class CutRules {
    private CutRules() {
    }

    /** FULL_REQUESTS / FULL_TOKENS / FULL_BLOCKS when the queue already holds a full batch, else null. */
    public static CutReason full(PolicyInput in, int maxRequests) {
        if (in.queueSize() >= maxRequests) {
            return CutReason.FULL_REQUESTS;
        }
        if (in.queuedTokens() >= in.limits().maxTokens()) {
            return CutReason.FULL_TOKENS;
        }
        int budget = in.blockBudget();
        if (budget != Integer.MAX_VALUE && in.queuedBlocks() >= budget && budget > 0) {
            return CutReason.FULL_BLOCKS;
        }
        return null;
    }

    /**
     * The latest moment a batch can start and still finish by the earliest queued deadline
     * ({@code deadline - S(B)}), or {@link Long#MAX_VALUE} when no queued request has a deadline.
     */
    public static long deadlineCutNs(PolicyInput in, int batchSize) {
        long deadline = in.earliestDeadlineNs();
        if (deadline == Request.NO_DEADLINE) {
            return Long.MAX_VALUE;
        }
        return deadline - in.expectedServiceNs(Math.max(1, Math.min(batchSize, in.queueSize())));
    }

    /**
     * The common shape of a window policy: cut when full, when a deadline is at risk, or when the
     * oldest request has waited {@code windowNs}; otherwise wait for the earliest of those moments.
     */
    public static CutDecision windowed(PolicyInput in, int maxRequests, long windowNs) {
        if (in.queueSize() == 0) {
            return CutDecision.idle(windowNs);
        }
        long now = in.nowNs();
        CutReason full = full(in, maxRequests);
        if (full != null) {
            return CutDecision.cut(maxRequests, full, Math.min(now, in.latestArrivalNs()), windowNs);
        }
        long windowEnd = saturatedAdd(in.oldestArrivalNs(), windowNs);
        long deadlineCut = deadlineCutNs(in, maxRequests);
        if (deadlineCut <= now && deadlineCut < windowEnd) {
            return CutDecision.cut(maxRequests, CutReason.DEADLINE, deadlineCut, windowNs);
        }
        if (windowEnd <= now) {
            return CutDecision.cut(maxRequests, CutReason.WINDOW, windowEnd, windowNs);
        }
        return CutDecision.waitUntil(Math.min(windowEnd, deadlineCut), windowNs);
    }

    static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
