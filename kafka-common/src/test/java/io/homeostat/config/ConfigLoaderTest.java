package io.homeostat.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void fileThenOverridesLaterWins() throws Exception {
        Path file = dir.resolve("homeostat.properties");
        Files.writeString(file, "bootstrap.servers=a:9092\nschema.registry.url=http://r:8081\n");
        Map<String, String> settings = ConfigLoader.load(CommonConfig.definition(), file,
            List.of("bootstrap.servers=b:9092", "topic.requests=x=y"));
        CommonConfig config = new CommonConfig(settings);
        assertEquals("b:9092", config.bootstrapServers());
        assertEquals("http://r:8081", config.schemaRegistryUrl());
        assertEquals("x=y", config.topics().requests());
    }

    @Test
    void unknownKeyInFileIsNamedWithASuggestion() throws Exception {
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "bootstrap.server=a:9092\n");
        ConfigException e = assertThrows(ConfigException.class,
            () -> ConfigLoader.load(CommonConfig.definition(), file, List.of()));
        assertEquals("Unknown configuration key 'bootstrap.server' (file " + file + "). Did you mean 'bootstrap.servers'?",
            e.getMessage());
    }

    @Test
    void unknownOverride() {
        ConfigException e = assertThrows(ConfigException.class,
            () -> ConfigLoader.load(CommonConfig.definition(), null, List.of("completely.different=1")));
        assertEquals("Unknown configuration key 'completely.different' (override).", e.getMessage());
    }

    @Test
    void malformedOverride() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parseOverrides(List.of("novalue")));
        assertTrue(e.getMessage().contains("novalue"));
    }

    @Test
    void missingFile() {
        ConfigException e = assertThrows(ConfigException.class,
            () -> ConfigLoader.load(CommonConfig.definition(), dir.resolve("nope.properties"), List.of()));
        assertTrue(e.getMessage().contains("nope.properties"));
    }

    @Test
    void editDistance() {
        assertEquals(0, ConfigLoader.distance("abc", "abc"));
        assertEquals(1, ConfigLoader.distance("abc", "abd"));
        assertEquals(3, ConfigLoader.distance("", "abc"));
    }
}
