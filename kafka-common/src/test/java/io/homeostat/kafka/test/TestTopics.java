package io.homeostat.kafka.test;

import io.homeostat.config.CommonConfig;
import io.homeostat.config.Topics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Settings that give one test its own world on the shared broker: every topic named
 * {@code <prefix>.<role>} and a {@code mock://<prefix>} registry scope.
 */
public final class TestTopics {
    private TestTopics() {
    }

    /** {@code bootstrap.servers}, {@code schema.registry.url} and a {@code topic.<role>} for every role. */
    public static Map<String, String> settings(String prefix, String bootstrapServers) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put(CommonConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        s.put("schema.registry.url", "mock://" + prefix);
        for (String role : List.of(Topics.REQUESTS, Topics.BATCHES, Topics.RESULTS, Topics.COMPLETIONS, Topics.METRICS,
                Topics.WORKER_METRICS, Topics.DEAD_LETTER)) {
            s.put(CommonConfig.TOPIC_PREFIX + role, prefix + "." + role);
        }
        return s;
    }
}
