package io.homeostat.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The contract of {@link BatchPolicy}; every implementation's test extends this class. */
abstract class BatchPolicyContract {
    static final long MS = 1_000_000L;

    /** A fresh instance with default settings. */
    abstract BatchPolicy policy();

    /** A random but consistent pool view. */
    static MutablePolicyInput randomInput(Random rnd) {
        long now = 1_000 * MS + rnd.nextInt(1_000) * MS;
        int size = rnd.nextInt(4) == 0 ? 0 : 1 + rnd.nextInt(60);
        MutablePolicyInput in = new MutablePolicyInput().now(now).queueSize(size)
            .entropy(rnd.nextDouble() * 6)
            .limits(new BatchLimits(1 + rnd.nextInt(64), 1 + rnd.nextInt(200_000)))
            .blockBudget(rnd.nextBoolean() ? Integer.MAX_VALUE : rnd.nextInt(5_000));
        if (size > 0) {
            long oldest = now - rnd.nextInt(200) * MS;
            in.oldestArrival(oldest).latestArrival(oldest + rnd.nextInt((int) (now - oldest + 1)))
                .queuedTokens(size * (1L + rnd.nextInt(3_000))).queuedBlocks(size * (1L + rnd.nextInt(100)));
            if (rnd.nextInt(3) == 0) {
                in.earliestDeadline(now + (rnd.nextInt(400) - 100) * MS);
            }
        }
        return in;
    }

    @Test
    void hasTheRegisteredName() {
        BatchPolicy p = policy();
        assertEquals(p.name(), BatchPolicies.create(p.name(), java.util.Map.of()).name());
    }

    @Test
    void anEmptyQueueIsIdle() {
        CutDecision d = policy().decide(new MutablePolicyInput().now(5 * MS));
        assertFalse(d.cut());
        assertEquals(Long.MAX_VALUE, d.nextDecisionNs());
    }

    @RepeatedTest(20)
    void decisionsAreWellFormedPureAndMakeProgress() {
        Random rnd = new Random(System.identityHashCode(this) ^ 0x5eed);
        for (int i = 0; i < 500; i++) {
            BatchPolicy p = policy();
            for (int k = rnd.nextInt(5); k > 0; k--) {
                p.onCompletion(1 + rnd.nextInt(32), rnd.nextInt(2_000) * MS);
            }
            MutablePolicyInput in = randomInput(rnd);
            CutDecision d = p.decide(in);
            assertEquals(d, p.decide(in), "decide is pure");
            if (in.queueSize() == 0) {
                assertFalse(d.cut());
                continue;
            }
            if (d.cut()) {
                assertTrue(d.maxRequests() >= 1 && d.maxRequests() <= in.limits().maxRequests(), d.toString());
                assertTrue(d.reason() != null && d.intendedCutNs() <= in.nowNs(), d.toString());
            } else {
                assertTrue(d.nextDecisionNs() > in.nowNs(), d.toString());
                assertTrue(d.nextDecisionNs() < Long.MAX_VALUE, "a non-empty queue always has a next decision");
                in.now(d.nextDecisionNs());
                assertTrue(p.decide(in).cut(), "at the announced time, absent changes, it cuts: " + p.decide(in));
            }
        }
    }

    @Test
    void aFullQueueIsCutAtOnce() {
        BatchPolicy p = policy();
        MutablePolicyInput in = new MutablePolicyInput().now(100 * MS).queueSize(32).oldestArrival(100 * MS)
            .latestArrival(100 * MS).queuedTokens(32 * 100).queuedBlocks(32 * 7);
        CutDecision d = p.decide(in);
        assertTrue(d.cut());
        var fullReasons = java.util.Set.of(CutReason.FULL_REQUESTS, CutReason.FULL_TOKENS, CutReason.FULL_BLOCKS);
        in.queueSize(3).queuedTokens(BatchLimits.defaults().maxTokens());
        assertTrue(p.decide(in).cut(), "full by tokens");
        assertTrue(fullReasons.contains(p.decide(in).reason()), p.decide(in).toString());
        in.queuedTokens(300).queuedBlocks(50).blockBudget(40);
        assertTrue(p.decide(in).cut(), "full by blocks");
        assertTrue(fullReasons.contains(p.decide(in).reason()), p.decide(in).toString());
    }

    @Test
    void aLateTickStillSeesTheRecordedDeadline() {
        BatchPolicy p = policy();
        // oldest arrived at 0; the decision comes 10 s late: the cut is due, intended long ago
        MutablePolicyInput in = new MutablePolicyInput().now(10_000 * MS).queueSize(1).oldestArrival(0).latestArrival(0)
            .queuedTokens(10).queuedBlocks(1);
        CutDecision d = p.decide(in);
        assertTrue(d.cut());
        assertTrue(d.intendedCutNs() <= p.windowNs(in) && d.intendedCutNs() >= 0, d.toString());
    }

    @Test
    void stateRoundTrips() {
        BatchPolicy a = policy();
        a.onCompletion(1, MS);
        a.onCompletion(2, MS);
        BatchPolicy b = policy();
        b.restore(a.exportState());
        assertEquals(a.exportState(), b.exportState());
    }
}
