package io.homeostat.cli;

import io.homeostat.config.CommonConfig;
import io.homeostat.config.ConfigLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Option;

/**
 * The options every command that touches Kafka shares: a properties file, {@code key=value}
 * overrides, and shortcuts for the two settings people change most. Later wins:
 * file, then {@code --set}, then {@code --bootstrap-servers} / {@code --schema-registry-url}.
 * Keys are checked against every component's declarations ({@link Settings#definition()}), so
 * one file serves the scheduler, the worker and the client commands alike.
 */
public final class ConfigOptions {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Properties file (keys: README, Configuration).")
    Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one setting (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = {"-b", "--bootstrap-servers"}, paramLabel = "HOST:PORT[,...]",
        description = "Kafka brokers; empty for the commands that can start an embedded broker.")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL",
        description = "mock://<scope> (in-process, the default mock://homeostat) or http(s)://host:port.")
    String schemaRegistryUrl;

    /** Every setting given, checked against every component's keys. */
    public Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>(ConfigLoader.load(Settings.definition(), configFile, overrides));
        if (bootstrapServers != null) {
            s.put(CommonConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        }
        if (schemaRegistryUrl != null) {
            s.put(io.homeostat.kafka.registry.SchemaRegistryConfig.URL_CONFIG, schemaRegistryUrl);
        }
        return s;
    }

    /** The settings {@code def} declares (a component's config takes only its own keys). */
    public static Map<String, String> only(ConfigDef def, Map<String, String> settings) {
        Map<String, String> out = new LinkedHashMap<>();
        settings.forEach((k, v) -> {
            if (def.configKeys().containsKey(k)) {
                out.put(k, v);
            }
        });
        return out;
    }
}
