package io.homeostat.kafka.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.kafka.embedded.EmbeddedKafka;
import io.homeostat.kafka.test.SharedKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Against the real shared broker (one node: replication clamped to 1). */
@ExtendWith(SharedKafka.class)
class TopicProvisionerIntegrationTest {
    private Admin admin;
    private TopicProvisioner provisioner;

    @BeforeEach
    void connect(EmbeddedKafka kafka) {
        admin = Admin.create(kafka.clientProperties());
        provisioner = new TopicProvisioner(admin, Duration.ofSeconds(30));
    }

    @AfterEach
    void close() {
        admin.close();
    }

    /** Creates a topic and waits until listTopics shows it (metadata reaches the broker after the controller commits). */
    private void createVisible(NewTopic topic) throws Exception {
        admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic.name())) {
            assertTrue(System.nanoTime() < deadline, "topic " + topic.name() + " visible within 30 s");
            Thread.sleep(20);
        }
    }

    /** The real catalog, renamed into a namespace no other test uses. */
    private static TopicCatalog isolated() {
        String prefix = SharedKafka.unique("prov");
        TopicCatalog catalog = TopicCatalog.fromClasspath();
        return catalog.withNames(catalog.topics().stream()
            .collect(Collectors.toMap(TopicSpec::role, t -> prefix + "." + t.name())));
    }

    @Test
    void createsEverythingThenVerifiesIdempotently() throws Exception {
        TopicCatalog catalog = isolated();
        ProvisionReport first = provisioner.provision(catalog);
        assertEquals(catalog.topics().size(), first.created().size());
        assertEquals(1, first.brokers());

        TopicSpec results = catalog.byRole("results");
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, results.name());
        Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
        assertEquals("compact,delete", TopicCatalog.normalizeCleanup(config.get("cleanup.policy").value()));
        assertEquals("604800000", config.get("retention.ms").value());
        assertEquals("1", config.get("min.insync.replicas").value(), "clamped to the 1-node cluster");
        assertEquals(results.partitions(),
            admin.describeTopics(List.of(results.name())).allTopicNames().get().get(results.name()).partitions().size());

        ProvisionReport second = provisioner.provision(catalog);
        assertEquals(List.of(), second.created());
        assertEquals(catalog.topics().size(), second.existing().size());
        assertEquals(List.of(), second.drift());
    }

    @Test
    void refusesAContradictingPartitionCount() throws Exception {
        TopicCatalog catalog = isolated();
        String requests = catalog.byRole("requests").name();
        createVisible(new NewTopic(requests, 2, (short) 1));
        TopicContradictionException e = assertThrows(TopicContradictionException.class, () -> provisioner.provision(catalog));
        assertTrue(e.getMessage().contains(requests + " has 2 partitions, the file says 6"), e.getMessage());
        Set<String> names = admin.listTopics().names().get();
        assertTrue(catalog.topics().stream().filter(t -> !t.name().equals(requests)).noneMatch(t -> names.contains(t.name())),
            "nothing created when the cluster contradicts the file");
    }

    @Test
    void refusesAContradictingCleanupPolicy() throws Exception {
        TopicCatalog catalog = isolated();
        TopicSpec completions = catalog.byRole("completions");
        createVisible(new NewTopic(completions.name(), completions.partitions(), (short) 1)
            .configs(Map.of("cleanup.policy", "compact")));
        TopicContradictionException e = assertThrows(TopicContradictionException.class, () -> provisioner.provision(catalog));
        assertEquals(List.of(completions.name() + " has cleanup.policy=compact, the file says delete"), e.contradictions());
    }

    @Test
    void reportsOtherDifferencesAsDrift() throws Exception {
        TopicCatalog catalog = isolated();
        TopicSpec metrics = catalog.byRole("metrics");
        createVisible(new NewTopic(metrics.name(), metrics.partitions(), (short) 1)
            .configs(Map.of("retention.ms", "1000")));
        ProvisionReport report = provisioner.provision(catalog);
        assertEquals(List.of(metrics.name() + ": retention.ms=1000 (file: 604800000)"), report.drift());
        assertEquals(List.of(metrics.name()), report.existing());
    }
}
