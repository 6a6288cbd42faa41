package io.homeostat.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.config.CommonConfig;
import io.homeostat.config.ConfigLoader;
import io.homeostat.core.scheduler.SchedulerConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class SchedulerAppConfigTest {
    static SchedulerAppConfig config(String... kv) {
        Map<String, String> s = new HashMap<>();
        s.put(CommonConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        s.putAll(ConfigLoader.parseOverrides(List.of(kv)));
        return new SchedulerAppConfig(s);
    }

    @Test
    void definitionHoldsTheCommonTheSchedulerAndEveryCoreKey() {
        Set<String> names = SchedulerAppConfig.definition().names();
        assertTrue(names.containsAll(CommonConfig.definition().names()));
        for (var k : SchedulerConfig.allKeys()) {
            assertTrue(names.contains(k.name()), k.name());
        }
        assertTrue(names.containsAll(List.of("scheduler.policy", "scheduler.tick.ms", "processing.guarantee", "state.dir",
            "num.standby.replicas", "commit.interval.ms", "poll.ms", "scheduler.metrics.port")));
    }

    @Test
    void defaultsAreExactlyOnceAStateDirOutsideTmpAndAMillisecondTick() {
        SchedulerAppConfig c = config();
        Map<String, Object> p = c.streamsProperties();
        assertEquals(StreamsConfig.EXACTLY_ONCE_V2, p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        assertEquals("homeostat-scheduler", p.get(StreamsConfig.APPLICATION_ID_CONFIG));
        assertFalse(c.stateDir().startsWith("/tmp"), c.stateDir().toString());
        assertEquals(Path.of(System.getProperty("user.home"), ".homeostat", "state"), c.stateDir());
        assertEquals(1L, c.tickMs());
        assertEquals(1000L, c.metricsIntervalMs());
        assertEquals("entropy", c.policy());
        assertEquals("localhost:9092", p.get("bootstrap.servers"));
        assertEquals(SchedulerAppConfig.MAX_BATCH_BYTES, p.get("producer.max.request.size"));
    }

    @Test
    void atLeastOnceAndStandbysAreSelectable() {
        Map<String, Object> p = config("processing.guarantee=at_least_once", "num.standby.replicas=2",
            "state.dir=/var/lib/homeostat").streamsProperties();
        assertEquals(StreamsConfig.AT_LEAST_ONCE, p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        assertEquals(2, p.get(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG));
        assertEquals("/var/lib/homeostat", p.get(StreamsConfig.STATE_DIR_CONFIG));
        assertThrows(ConfigException.class, () -> config("processing.guarantee=exactly_once"));
    }

    @Test
    void coreKeysPassThroughToTheCore() {
        SchedulerAppConfig c = config("batch.max.requests=7", "window.base.ms=30", "policy.triton.preferred.sizes=4, 8",
            "scheduler.policy=triton", "controller.block.size.tokens=32");
        assertEquals(7, c.schedulerConfig().limits().maxRequests());
        assertEquals("30.0", c.coreSettings().get("window.base.ms"));
        assertEquals("4,8", c.coreSettings().get("policy.triton.preferred.sizes"));
        assertEquals(32, c.blockSizeTokens());
    }

    @Test
    void theCoresRulesRejectBadValuesNamingTheKey() {
        ConfigException range = assertThrows(ConfigException.class, () -> config("batch.max.requests=0"));
        assertTrue(range.getMessage().contains("batch.max.requests"), range.getMessage());
        assertTrue(range.getMessage().contains("in [1, 1000000]"), range.getMessage());
        ConfigException conflict = assertThrows(ConfigException.class, () -> config("window.min.ms=80", "window.base.ms=40"));
        assertTrue(conflict.getMessage().contains("window.min.ms"), conflict.getMessage());
        ConfigException policy = assertThrows(ConfigException.class, () -> config("scheduler.policy=greedy"));
        assertTrue(policy.getMessage().contains("scheduler.policy"), policy.getMessage());
        ConfigException aimd = assertThrows(ConfigException.class, () -> config("scheduler.policy=aimd",
            "policy.aimd.max.wait.ms=2000", "policy.aimd.slo.ms=1000"));
        assertTrue(aimd.getMessage().contains("policy.aimd.max.wait.ms"), aimd.getMessage());
    }

    @Test
    void anUnknownKeyIsRejectedWithTheClosestKnownOne() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.checkKnown(
            SchedulerAppConfig.definition(), Map.of("window.bse.ms", "20"), "override"));
        assertTrue(e.getMessage().contains("Did you mean 'window.base.ms'?"), e.getMessage());
    }

    @Test
    void validatorLimitsComeFromTheKeys() {
        RequestValidator v = config("scheduler.pools=a, b", "scheduler.max.prompt.tokens=100",
            "scheduler.max.future.skew.ms=5").validator();
        assertEquals(Set.of("a", "b"), v.pools());
        assertEquals(100, v.maxPromptTokens());
        assertEquals(5_000L, v.maxFutureSkewUs());
    }
}
