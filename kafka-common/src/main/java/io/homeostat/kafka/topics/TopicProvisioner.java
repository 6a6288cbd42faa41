package io.homeostat.kafka.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.LeaderNotAvailableException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the cluster match the topics file: creates what is missing, checks what exists.
 *
 * <pre>
 *   describeCluster ─► catalog.clampedTo(brokers)
 *   listTopics ─► missing: createTopics(partitions, rf, configs), then wait until every new
 *                          partition's leader answers ListOffsets (a racing creator is fine)
 *              └► present: describeTopics + describeConfigs
 *                    partitions or cleanup.policy differ ─► TopicContradictionException (all of them, one message)
 *                    other configs differ                  ─► reported as drift, logged, left alone
 * </pre>
 *
 * Idempotent: every scheduler and worker can run it at start-up.
 */
public final class TopicProvisioner {
    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    private final Admin admin;
    private final Duration timeout;

    public TopicProvisioner(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /**
     * @throws TopicContradictionException when an existing topic's partition count or cleanup
     *     policy differs from the file (nothing is created then)
     */
    public ProvisionReport provision(TopicCatalog catalog) {
        int brokers = get(admin.describeCluster().nodes()).size();
        TopicCatalog fitted = catalog.clampedTo(brokers);
        Set<String> present = get(admin.listTopics().names());
        List<TopicSpec> missing = new ArrayList<>();
        List<TopicSpec> existing = new ArrayList<>();
        for (TopicSpec spec : fitted.topics()) {
            (present.contains(spec.name()) ? existing : missing).add(spec);
        }
        List<String> contradictions = new ArrayList<>();
        List<String> drift = new ArrayList<>();
        check(existing, contradictions, drift);
        if (!contradictions.isEmpty()) {
            throw new TopicContradictionException(catalog.source(), contradictions);
        }
        List<String> created = create(missing, contradictions, drift);
        if (!contradictions.isEmpty()) {
            throw new TopicContradictionException(catalog.source(), contradictions);
        }
        for (String line : drift) {
            LOG.warn("Topic settings differ from {} (left as they are): {}", catalog.source(), line);
        }
        if (!created.isEmpty()) {
            LOG.info("Created topics {}", created);
        }
        List<String> verified = existing.stream().map(TopicSpec::name).toList();
        return new ProvisionReport(created, verified, drift, brokers);
    }

    private List<String> create(List<TopicSpec> missing, List<String> contradictions, List<String> drift) {
        if (missing.isEmpty()) {
            return List.of();
        }
        List<NewTopic> topics = missing.stream()
            .map(t -> new NewTopic(t.name(), t.partitions(), t.replicationFactor()).configs(t.topicConfigs()))
            .toList();
        Map<String, KafkaFuture<Void>> results = admin.createTopics(topics).values();
        List<String> created = new ArrayList<>();
        List<TopicSpec> raced = new ArrayList<>();
        for (TopicSpec spec : missing) {
            try {
                results.get(spec.name()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                created.add(spec.name());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicExistsException) {
                    raced.add(spec);
                } else {
                    throw new IllegalStateException("Cannot create topic " + spec.name() + ": " + e.getCause(), e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while creating topic " + spec.name(), e);
            } catch (TimeoutException e) {
                throw new IllegalStateException("Creating topic " + spec.name() + " took longer than " + timeout, e);
            }
        }
        check(raced, contradictions, drift);
        awaitVisible(created);
        return created;
    }

    /**
     * A created topic is not writable at once: metadata reaches the broker's cache before its
     * replica manager takes leadership, and an idempotent producer that writes into that window
     * can be stuck on OUT_OF_ORDER_SEQUENCE_NUMBER until its records expire (seen on Kafka 4.3.1
     * when producing right after creation). ListOffsets is answered by the partition leader
     * itself, so once it succeeds for every partition, the topics are ready.
     */
    private void awaitVisible(List<String> topics) {
        if (topics.isEmpty()) {
            return;
        }
        Map<String, TopicDescription> descriptions =
            withRetryOnUnknownTopic(() -> get(admin.describeTopics(topics).allTopicNames()));
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        for (TopicDescription description : descriptions.values()) {
            for (TopicPartitionInfo partition : description.partitions()) {
                partitions.put(new TopicPartition(description.name(), partition.partition()), OffsetSpec.latest());
            }
        }
        withRetryOnUnknownTopic(() -> get(admin.listOffsets(partitions).all()));
    }

    /** Runs {@code call}, retrying while a just-created topic is still unknown to the broker answering. */
    private <T> T withRetryOnUnknownTopic(java.util.function.Supplier<T> call) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return call.get();
            } catch (IllegalStateException e) {
                boolean notReadyYet = e.getCause() instanceof UnknownTopicOrPartitionException
                    || e.getCause() instanceof NotLeaderOrFollowerException
                    || e.getCause() instanceof LeaderNotAvailableException;
                if (!notReadyYet || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for topic metadata", e);
            }
        }
    }

    private void check(List<TopicSpec> specs, List<String> contradictions, List<String> drift) {
        if (specs.isEmpty()) {
            return;
        }
        Map<String, TopicDescription> descriptions = withRetryOnUnknownTopic(() ->
            get(admin.describeTopics(specs.stream().map(TopicSpec::name).toList()).allTopicNames()));
        List<ConfigResource> resources = specs.stream()
            .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name())).toList();
        Map<ConfigResource, Config> configs = withRetryOnUnknownTopic(() -> get(admin.describeConfigs(resources).all()));
        for (TopicSpec spec : specs) {
            int partitions = descriptions.get(spec.name()).partitions().size();
            if (partitions != spec.partitions()) {
                contradictions.add(spec.name() + " has " + partitions + " partitions, the file says " + spec.partitions());
            }
            Map<String, String> actual = values(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name())));
            String cleanup = TopicCatalog.normalizeCleanup(actual.getOrDefault("cleanup.policy", "delete"));
            if (!cleanup.equals(spec.cleanupPolicy())) {
                contradictions.add(spec.name() + " has cleanup.policy=" + cleanup + ", the file says " + spec.cleanupPolicy());
            }
            for (Map.Entry<String, String> wanted : spec.topicConfigs().entrySet()) {
                if (wanted.getKey().equals("cleanup.policy")) {
                    continue;
                }
                String is = actual.get(wanted.getKey());
                if (is != null && !is.equals(wanted.getValue())) {
                    drift.add(spec.name() + ": " + wanted.getKey() + "=" + is + " (file: " + wanted.getValue() + ")");
                }
            }
        }
    }

    private static Map<String, String> values(Config config) {
        Map<String, String> values = new HashMap<>();
        if (config != null) {
            Collection<ConfigEntry> entries = config.entries();
            for (ConfigEntry entry : entries) {
                if (entry.value() != null) {
                    values.put(entry.name(), entry.value());
                }
            }
        }
        return values;
    }

    private <T> T get(KafkaFuture<T> future) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka admin request failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during a Kafka admin request", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka admin request took longer than " + timeout, e);
        }
    }
}
