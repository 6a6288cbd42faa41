package io.homeostat.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.core.config.ConfigException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchPoliciesTest {
    @Test
    void theFourPoliciesAreRegisteredByName() {
        assertEquals(List.of("entropy", "fixed", "triton", "aimd"), BatchPolicies.names().subList(0, 4));
        for (String n : List.of("entropy", "fixed", "triton", "aimd")) {
            assertEquals(n, BatchPolicies.create(n, Map.of()).name());
        }
    }

    @Test
    void unknownNamesAreRefusedWithTheKnownOnes() {
        var e = assertThrows(ConfigException.class, () -> BatchPolicies.create("fifo", Map.of()));
        assertTrue(e.getMessage().contains("'fifo'") && e.getMessage().contains("entropy, fixed, triton, aimd"), e.getMessage());
    }

    @Test
    void settingsReachThePolicy() {
        BatchPolicy p = BatchPolicies.create("fixed", Map.of("policy.fixed.window.ms", "7.5"));
        assertEquals(7_500_000L, p.windowNs(new MutablePolicyInput()));
        assertThrows(ConfigException.class, () -> BatchPolicies.create("fixed", Map.of("policy.fixed.window.ms", "-1")));
    }
}
