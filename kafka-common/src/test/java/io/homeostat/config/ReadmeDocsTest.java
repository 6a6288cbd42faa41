package io.homeostat.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.homeostat.kafka.registry.SeedSchemas;
import io.homeostat.kafka.topics.TopicCatalog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's generated blocks equal what the code declares. To refresh them after changing a
 * key, topics.yaml or an .avsc:
 * {@code mvn -B -pl schemas,kafka-common test -Dtest=ReadmeDocsTest -Dhomeostat.docs.update=true}
 */
class ReadmeDocsTest {
    static final Path README = Path.of("..", "README.md");

    @Test
    void generatedBlocksAreCurrent() throws Exception {
        Map<String, String> blocks = Map.of(
            "config-common", ConfigDocs.markdown(CommonConfig.definition()),
            "topics", ContractDocs.topics(TopicCatalog.fromClasspath()),
            "schemas", ContractDocs.schemas(SeedSchemas.load()));
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        if (Boolean.getBoolean("homeostat.docs.update")) {
            String updated = readme;
            for (Map.Entry<String, String> block : blocks.entrySet()) {
                updated = ConfigDocs.replaceSection(updated, block.getKey(), block.getValue());
            }
            Files.writeString(README, updated, StandardCharsets.UTF_8);
            readme = updated;
        }
        for (Map.Entry<String, String> block : blocks.entrySet()) {
            assertEquals(block.getValue(), ConfigDocs.section(readme, block.getKey()),
                "README block '" + block.getKey() + "' is stale: rerun with -Dhomeostat.docs.update=true");
        }
    }
}
