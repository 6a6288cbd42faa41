package io.homeostat.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.core.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AimdPolicyTest extends BatchPolicyContract {
    @Override
    BatchPolicy policy() {
        return AimdPolicy.from(Map.of());
    }

    @Test
    void growsAdditivelyAndShrinksMultiplicatively() {
        AimdPolicy p = (AimdPolicy) policy();
        BatchLimits limits = BatchLimits.defaults();
        assertEquals(1, p.cap(limits));
        for (int i = 0; i < 10; i++) {
            p.onCompletion(p.cap(limits), 100 * MS);
        }
        assertEquals(11, p.cap(limits));
        p.onCompletion(11, 1500 * MS); // over the 1 s SLO
        assertEquals(9, p.cap(limits)); // floor(11 * 0.9)
        p.onCompletion(3, 10 * MS);     // a batch below the cap says nothing about the cap
        assertEquals(9, p.cap(limits));
        for (int i = 0; i < 100; i++) {
            p.onCompletion(p.cap(limits), MS);
        }
        assertEquals(32, p.cap(limits), "never above B_max");
    }

    @Test
    void dispatchesAtOnceUpToTheCap() {
        AimdPolicy p = (AimdPolicy) policy();
        MutablePolicyInput in = new MutablePolicyInput().queueSize(5).oldestArrival(0).latestArrival(0).now(0);
        CutDecision d = p.decide(in);
        assertTrue(d.cut());
        assertEquals(1, d.maxRequests());
        assertEquals(CutReason.FULL_REQUESTS, d.reason());
    }

    @Test
    void refusesAWaitLongerThanTheSlo() {
        var e = assertThrows(ConfigException.class,
            () -> AimdPolicy.from(Map.of("policy.aimd.max.wait.ms", "2000", "policy.aimd.slo.ms", "1000")));
        assertTrue(e.getMessage().contains("policy.aimd.max.wait.ms") && e.getMessage().contains("policy.aimd.slo.ms"));
    }

    @Test
    void refusesAnotherPolicysState() {
        assertThrows(IllegalArgumentException.class, () -> policy().restore(PolicyState.none("fixed")));
    }
}
