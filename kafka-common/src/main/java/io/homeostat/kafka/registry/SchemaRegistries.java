package io.homeostat.kafka.registry;

import java.util.Map;

/** Picks the registry implementation from {@code schema.registry.url}. */
public final class SchemaRegistries {
    private SchemaRegistries() {
    }

    /**
     * {@code mock://scope}: the JVM-wide {@link MockSchemaRegistry} of that scope;
     * {@code http(s)://…}: a new {@link RestSchemaRegistryClient}.
     */
    public static SchemaRegistryClient create(SchemaRegistryConfig config) {
        String url = config.url().trim();
        if (url.startsWith("mock://")) {
            return MockSchemaRegistry.forScope(url.substring("mock://".length()));
        }
        return new RestSchemaRegistryClient(config);
    }

    /** From any property map holding the {@code schema.registry.*} keys (others are ignored). */
    public static SchemaRegistryClient create(Map<String, ?> props) {
        return create(new SchemaRegistryConfig(props));
    }
}
