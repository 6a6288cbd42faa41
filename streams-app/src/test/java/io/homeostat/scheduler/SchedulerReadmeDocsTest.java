package io.homeostat.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.homeostat.config.ConfigDocs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

/**
 * The README's scheduler configuration table equals what {@link SchedulerAppConfig} declares. To
 * refresh it after changing a key (here or in the core):
 * {@code mvn -B -pl streams-app -am test -Dtest=SchedulerReadmeDocsTest -Dsurefire.failIfNoSpecifiedTests=false -Dhomeostat.docs.update=true}
 */
class SchedulerReadmeDocsTest {
    static final Path README = Path.of("..", "README.md");
    static final String BLOCK = "config-scheduler";

    /** The scheduler's own keys (the common ones have their own table). */
    static String expected() {
        return ConfigDocs.markdown(SchedulerAppConfig.defineScheduler(new ConfigDef()));
    }

    @Test
    void schedulerConfigurationTableIsCurrent() throws Exception {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        if (Boolean.getBoolean("homeostat.docs.update")) {
            readme = ConfigDocs.replaceSection(readme, BLOCK, expected());
            Files.writeString(README, readme, StandardCharsets.UTF_8);
        }
        assertEquals(expected(), ConfigDocs.section(readme, BLOCK),
            "README block '" + BLOCK + "' is stale: rerun with -Dhomeostat.docs.update=true");
    }
}
