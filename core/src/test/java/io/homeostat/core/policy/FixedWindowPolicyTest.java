package io.homeostat.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FixedWindowPolicyTest extends BatchPolicyContract {
    @Override
    BatchPolicy policy() {
        return new FixedWindowPolicy(50);
    }

    @Test
    void ignoresEntropy() {
        MutablePolicyInput in = new MutablePolicyInput().queueSize(1).oldestArrival(0).latestArrival(0).now(1);
        assertEquals(policy().decide(in.entropy(0)), policy().decide(in.entropy(5)));
        assertEquals(50 * MS, policy().decide(in).nextDecisionNs());
        assertTrue(policy().decide(in.now(50 * MS)).cut());
    }
}
