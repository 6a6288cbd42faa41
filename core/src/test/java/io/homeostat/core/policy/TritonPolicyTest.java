package io.homeostat.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.core.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TritonPolicyTest extends BatchPolicyContract {
    @Override
    BatchPolicy policy() {
        return new TritonPolicy(10, new int[] {8, 16, 32});
    }

    @Test
    void cutsTheLargestPreferredSizeThatCanBeFormed() {
        MutablePolicyInput in = new MutablePolicyInput().queueSize(19).oldestArrival(0).latestArrival(MS).now(2 * MS);
        CutDecision d = policy().decide(in);
        assertTrue(d.cut());
        assertEquals(16, d.maxRequests());
        assertEquals(CutReason.PREFERRED_SIZE, d.reason());
    }

    @Test
    void belowEveryPreferredSizeWaitsForTheQueueDelay() {
        MutablePolicyInput in = new MutablePolicyInput().queueSize(5).oldestArrival(0).latestArrival(MS).now(2 * MS);
        CutDecision d = policy().decide(in);
        assertFalse(d.cut());
        assertEquals(10 * MS, d.nextDecisionNs());
        CutDecision late = policy().decide(in.now(10 * MS));
        assertEquals(CutReason.WINDOW, late.reason());
        assertEquals(32, late.maxRequests());
    }

    @Test
    void preferredSizesAreParsedAndChecked() {
        TritonPolicy p = TritonPolicy.from(Map.of("policy.triton.preferred.sizes", "4, 2"));
        MutablePolicyInput in = new MutablePolicyInput().queueSize(3).oldestArrival(0).latestArrival(0).now(1);
        assertEquals(2, p.decide(in).maxRequests());
        var e = assertThrows(ConfigException.class,
            () -> TritonPolicy.from(Map.of("policy.triton.preferred.sizes", "4,0")));
        assertTrue(e.getMessage().contains("policy.triton.preferred.sizes"), e.getMessage());
    }
}
