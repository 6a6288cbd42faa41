package io.homeostat.kafka.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicCatalogTest {
    private static final String MINIMAL = "topics:\n  - role: requests\n    name: a\n    partitions: 2\n";

    @Test
    void packagedCopyIsTheRepositoryFile() {
        TopicCatalog packaged = TopicCatalog.fromClasspath();
        TopicCatalog file = TopicCatalog.load(Path.of("..", "topics", "topics.yaml"));
        assertEquals(file.topics(), packaged.topics());
    }

    @Test
    void declaresEveryRoleTheSystemUses() {
        TopicCatalog catalog = TopicCatalog.fromClasspath();
        assertEquals(List.of("requests", "batches", "results", "completions", "metrics", "worker-metrics", "dead-letter"),
            catalog.topics().stream().map(TopicSpec::role).toList());
        TopicSpec results = catalog.byRole("results");
        assertEquals("inference.results", results.name());
        assertEquals("compact,delete", results.cleanupPolicy());
        assertEquals("compact,delete", results.topicConfigs().get("cleanup.policy"));
        assertEquals("2", results.topicConfigs().get("min.insync.replicas"));
    }

    @Test
    void coPartitionedTopicsAgree() {
        TopicCatalog catalog = TopicCatalog.fromClasspath();
        assertEquals(catalog.byRole("requests").partitions(), catalog.byRole("completions").partitions(),
            "the scheduler task that owns a pool reads its requests and its completions");
    }

    @Test
    void defaultsApply() {
        TopicSpec spec = TopicCatalog.parse(MINIMAL, "test").byRole("requests");
        assertEquals(3, spec.replicationFactor());
        assertEquals(2, spec.minInsyncReplicas());
        assertEquals("delete", spec.cleanupPolicy());
    }

    @Test
    void clampingFitsASmallCluster() {
        TopicCatalog one = TopicCatalog.fromClasspath().clampedTo(1);
        for (TopicSpec spec : one.topics()) {
            assertEquals(1, spec.replicationFactor());
            assertEquals(1, spec.minInsyncReplicas());
        }
        TopicSpec big = TopicCatalog.fromClasspath().clampedTo(5).byRole("requests");
        assertEquals(3, big.replicationFactor());
        assertEquals(2, big.minInsyncReplicas());
    }

    @Test
    void renamingFromConfig() {
        TopicCatalog renamed = TopicCatalog.fromClasspath().withNames(Map.of("requests", "staging.requests"));
        assertEquals("staging.requests", renamed.byRole("requests").name());
        assertEquals("inference.batches", renamed.byRole("batches").name());
        assertThrows(IllegalArgumentException.class, () -> renamed.withNames(Map.of("nope", "x")));
        assertThrows(TopicCatalogException.class,
            () -> TopicCatalog.fromClasspath().withNames(Map.of("requests", "inference.batches")));
    }

    @Test
    void cleanupPolicyIsNormalized() {
        assertEquals("compact,delete", TopicCatalog.normalizeCleanup("delete, compact"));
    }

    @Test
    void badFilesAreRefusedWithTheirReason() {
        assertMessage("unknown field 'partitons'", MINIMAL + "    partitons: 3\n");
        assertMessage("partitions must be >= 1", "topics:\n  - role: r\n    name: a\n    partitions: 0\n");
        assertMessage("cleanup_policy 'forever'", MINIMAL + "    cleanup_policy: forever\n");
        assertMessage("min_insync_replicas", MINIMAL + "    replication_factor: 1\n    min_insync_replicas: 2\n");
        assertMessage("declared twice", MINIMAL + "  - role: other\n    name: a\n    partitions: 1\n");
        assertMessage("no topics declared", "defaults:\n  replication_factor: 1\n");
        assertMessage("set retention.ms with its own field", MINIMAL + "    configs:\n      retention.ms: \"5\"\n");
        assertMessage("not a valid topics file", "topics: [");
    }

    private static void assertMessage(String expected, String yaml) {
        TopicCatalogException e = assertThrows(TopicCatalogException.class, () -> TopicCatalog.parse(yaml, "bad.yaml"));
        assertTrue(e.getMessage().startsWith("bad.yaml") || e.getMessage().contains("bad.yaml"), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
