package io.homeostat.kafka.topics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One topic as {@code topics/topics.yaml} declares it.
 *
 * @param role the logical name code uses (config key {@code topic.<role>} renames it)
 * @param name the Kafka topic name
 * @param retentionMs {@code retention.ms}; -1 keeps forever
 * @param cleanupPolicy {@code delete}, {@code compact} or {@code compact,delete}
 * @param configs further topic configs, passed as is
 * @param key what the record key is (documentation)
 * @param value the value's Avro record (documentation)
 */
public record TopicSpec(String role, String name, int partitions, short replicationFactor, int minInsyncReplicas,
                        String cleanupPolicy, long retentionMs, Map<String, String> configs, String key, String value,
                        String doc) {

    public TopicSpec {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(name, "name");
        configs = Map.copyOf(configs);
    }

    /** Every config the topic is created with: cleanup.policy, retention.ms, min.insync.replicas and the rest. */
    public Map<String, String> topicConfigs() {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("cleanup.policy", cleanupPolicy);
        all.put("retention.ms", Long.toString(retentionMs));
        all.put("min.insync.replicas", Integer.toString(minInsyncReplicas));
        all.putAll(configs);
        return all;
    }

    public TopicSpec withName(String newName) {
        return new TopicSpec(role, newName, partitions, replicationFactor, minInsyncReplicas, cleanupPolicy, retentionMs,
            configs, key, value, doc);
    }

    /** Replication factor and min ISR no larger than {@code brokers}. */
    public TopicSpec clampedTo(int brokers) {
        short rf = (short) Math.min(replicationFactor, brokers);
        int isr = Math.min(minInsyncReplicas, rf);
        return new TopicSpec(role, name, partitions, rf, isr, cleanupPolicy, retentionMs, configs, key, value, doc);
    }
}
