package io.homeostat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code simulate} drives the simulator: every policy, every request answered once, JSON and table forms. */
class SimulateCommandTest {
    @Test
    void everyPolicyAnswersEveryRequestOfAMooncakePrefix() throws Exception {
        Path trace = Cli.trace(Cli.MOONCAKE);
        Cli.Result r = Cli.run("simulate", "--trace", trace.toString(), "--format", "mooncake", "--limit", "800",
            "--speed", "10", "--policy", "all", "--json");
        assertEquals(0, r.exit(), r::toString);
        JsonNode report = JsonMapper.builder().build().readTree(r.out());
        assertEquals(800, report.get("requests").asLong());
        Set<String> policies = new HashSet<>();
        for (JsonNode p : report.get("results")) {
            policies.add(p.get("policy").asText());
            assertEquals(800, p.get("served").asLong() + p.get("rejected").asLong() + p.get("expired").asLong(), p::toString);
            assertTrue(p.get("p99Ms").asDouble() >= p.get("p50Ms").asDouble(), p::toString);
        }
        assertEquals(Set.of("entropy", "fixed", "triton", "aimd"), policies);
    }

    @Test
    void tableAndSettings() {
        Path trace = Cli.trace(Cli.AZURE);
        Cli.Result r = Cli.run("simulate", "--trace", trace.toString(), "--limit", "500", "--policy", "entropy,fixed",
            "--set", "sim.slo.ms=500");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("SLO 500 ms") && r.out().contains("entropy ") && r.out().contains("fixed "), r::toString);
    }

    @Test
    void unknownPolicyOrSettingIsAUsageError() {
        Path trace = Cli.trace(Cli.AZURE);
        Cli.Result policy = Cli.run("simulate", "--trace", trace.toString(), "--limit", "100", "--policy", "fifo");
        assertEquals(ExitCode.USAGE, policy.exit(), policy::toString);
        assertTrue(policy.err().contains("unknown policy 'fifo'"), policy::toString);
        Cli.Result setting = Cli.run("simulate", "--trace", trace.toString(), "--limit", "100", "--set", "sim.slo.msec=5");
        assertEquals(ExitCode.USAGE, setting.exit(), setting::toString);
        assertTrue(setting.err().contains("sim.slo.msec"), setting::toString);
    }
}
