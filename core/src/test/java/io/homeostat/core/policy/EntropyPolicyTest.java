package io.homeostat.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.core.entropy.WindowConfig;
import org.junit.jupiter.api.Test;

class EntropyPolicyTest extends BatchPolicyContract {
    @Override
    BatchPolicy policy() {
        return new EntropyPolicy(WindowConfig.defaults());
    }

    @Test
    void cutsExactlyWhenTheOldestHasWaitedTheAdaptiveWindow() {
        BatchPolicy p = policy();
        long w = Math.round(50e6 * Math.exp(-2.0 / 5));
        MutablePolicyInput in = new MutablePolicyInput().entropy(2.0).queueSize(3).oldestArrival(100 * MS)
            .latestArrival(105 * MS).queuedTokens(30).queuedBlocks(3).now(100 * MS + w - 1);
        CutDecision wait = p.decide(in);
        assertFalse(wait.cut());
        assertEquals(100 * MS + w, wait.nextDecisionNs());
        CutDecision cut = p.decide(in.now(100 * MS + w));
        assertTrue(cut.cut());
        assertEquals(CutReason.WINDOW, cut.reason());
        assertEquals(100 * MS + w, cut.intendedCutNs());
        assertEquals(32, cut.maxRequests());
    }

    @Test
    void higherEntropyCutsSooner() {
        BatchPolicy p = policy();
        MutablePolicyInput in = new MutablePolicyInput().queueSize(1).oldestArrival(0).latestArrival(0).now(1);
        long calm = p.decide(in.entropy(0.2)).nextDecisionNs();
        long bursty = p.decide(in.entropy(5.0)).nextDecisionNs();
        assertTrue(bursty < calm);
    }

    @Test
    void deadlineAtRiskCutsBeforeTheWindow() {
        BatchPolicy p = policy();
        // S(1) = 11 ms; deadline 20 ms after arrival: must start by 9 ms, window is 50 ms
        MutablePolicyInput in = new MutablePolicyInput().queueSize(1).oldestArrival(0).latestArrival(0)
            .queuedTokens(10).queuedBlocks(1).earliestDeadline(20 * MS).now(MS);
        CutDecision d = p.decide(in);
        assertFalse(d.cut());
        assertEquals(9 * MS, d.nextDecisionNs());
        CutDecision at = p.decide(in.now(9 * MS));
        assertEquals(CutReason.DEADLINE, at.reason());
    }
}
