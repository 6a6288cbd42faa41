package io.homeostat.kafka.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class MockSchemaRegistryTest extends SchemaRegistryClientContract {

    @Override
    SchemaRegistryClient client() {
        return new MockSchemaRegistry("contract-" + UUID.randomUUID());
    }

    @Test
    void portableClassSchemasEqualTheirAvscFiles() throws Exception {
        for (Schema seed : SeedSchemas.load()) {
            Schema generated = (Schema) Class.forName(seed.getFullName()).getMethod("getClassSchema").invoke(null);
            assertEquals(seed.toString(), PortableSchemas.portable(generated).toString(), seed.getFullName());
        }
    }

    @Test
    void scopesAreSharedByName() {
        String scope = "shared-" + UUID.randomUUID();
        assertSame(MockSchemaRegistry.forScope(scope), SchemaRegistries.create(Map.of("schema.registry.url", "mock://" + scope)));
        assertNotSame(MockSchemaRegistry.forScope(scope), MockSchemaRegistry.forScope(scope + "-other"));
        MockSchemaRegistry.dropScope(scope);
        MockSchemaRegistry.dropScope(scope + "-other");
    }

    @Test
    void seedIdsAreDeterministic() {
        List<Schema> seeds = SeedSchemas.load();
        MockSchemaRegistry registry = new MockSchemaRegistry("seeds-" + UUID.randomUUID());
        for (int i = 0; i < seeds.size(); i++) {
            assertEquals(i + 1, registry.lookup(seeds.get(i).getFullName(), seeds.get(i)));
        }
        assertTrue(seeds.size() >= 10, "every .avsc of the schemas jar: " + seeds);
        List<String> names = seeds.stream().map(Schema::getFullName).toList();
        assertEquals(names.stream().sorted().toList(), names);
    }
}
