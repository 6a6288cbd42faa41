package io.homeostat.scheduler;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.kafka.topics.TopicCatalog;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The scheduler refuses to start when requests and completions are not co-partitioned. */
class CopartitioningTest {
    @Test
    void differentPartitionCountsAreRefusedWithBothNamed() throws Exception {
        String yaml;
        try (InputStream in = TopicCatalog.class.getClassLoader().getResourceAsStream("topics/topics.yaml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertDoesNotThrow(() -> SchedulerApp.requireCopartitioned(TopicCatalog.parse(yaml, "topics.yaml")));
        int at = yaml.indexOf("name: inference.completions");
        String changed = yaml.substring(0, at) + yaml.substring(at).replaceFirst("partitions: 6", "partitions: 3");
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> SchedulerApp.requireCopartitioned(TopicCatalog.parse(changed, "edited.yaml")));
        assertTrue(e.getMessage().contains("inference.requests has 6 partitions and inference.completions 3"), e.getMessage());
    }
}
