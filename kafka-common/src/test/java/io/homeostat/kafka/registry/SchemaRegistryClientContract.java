package io.homeostat.kafka.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.avro.Completion;
import io.homeostat.avro.InferenceRequest;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SchemaRegistryClient} must do. Each implementation's test extends this and
 * hands out a client over a fresh, seeded registry.
 */
abstract class SchemaRegistryClientContract {

    /** A client over a fresh registry seeded with the contract. */
    abstract SchemaRegistryClient client();

    static Schema versioned(int optionalFields) {
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record("Probe").namespace("io.homeostat.test")
            .fields().requiredString("id");
        for (int i = 0; i < optionalFields; i++) {
            fields = fields.name("extra" + i).type().stringType().stringDefault("");
        }
        return fields.endRecord();
    }

    @Test
    void registerIsIdempotentAndIdsAreGlobal() {
        SchemaRegistryClient client = client();
        Schema schema = versioned(0);
        int id = client.register("probe-value", schema);
        assertEquals(id, client.register("probe-value", schema));
        assertEquals(id, client.register("other-value", schema), "same schema, same id under any subject");
        assertEquals(schema, client.getById(id));
    }

    @Test
    void lookupFindsWhatWasRegistered() {
        SchemaRegistryClient client = client();
        Schema schema = versioned(0);
        int id = client.register("probe-value", schema);
        assertEquals(id, client.lookup("probe-value", schema));
    }

    @Test
    void lookupOfUnknownSubjectOrSchemaIsNotFound() {
        SchemaRegistryClient client = client();
        client.register("probe-value", versioned(0));
        SchemaNotFoundException noSubject =
            assertThrows(SchemaNotFoundException.class, () -> client.lookup("nobody-value", versioned(0)));
        assertTrue(noSubject.getMessage().contains(client.url()), noSubject.getMessage());
        assertThrows(SchemaNotFoundException.class, () -> client.lookup("probe-value", versioned(1)));
    }

    @Test
    void unknownIdIsNotFound() {
        SchemaNotFoundException e = assertThrows(SchemaNotFoundException.class, () -> client().getById(987_654));
        assertTrue(e.getMessage().contains("987654"), e.getMessage());
    }

    @Test
    void backwardCompatibleEvolutionGetsANewId() {
        SchemaRegistryClient client = client();
        int v1 = client.register("probe-value", versioned(0));
        int v2 = client.register("probe-value", versioned(1));
        assertNotEquals(v1, v2);
        assertEquals(versioned(1), client.getById(v2));
        assertEquals(v1, client.lookup("probe-value", versioned(0)), "old versions stay registered");
    }

    @Test
    void incompatibleSchemaIsRejected() {
        SchemaRegistryClient client = client();
        client.register("probe-value", versioned(0));
        Schema breaking = SchemaBuilder.record("Probe").namespace("io.homeostat.test").fields()
            .requiredString("id").requiredLong("mandatory_without_default").endRecord();
        SchemaRejectedException e =
            assertThrows(SchemaRejectedException.class, () -> client.register("probe-value", breaking));
        assertTrue(e.getMessage().contains("probe-value"), e.getMessage());
    }

    @Test
    void seededWithTheContract() {
        SchemaRegistryClient client = client();
        Schema request = PortableSchemas.portable(InferenceRequest.getClassSchema());
        int id = client.lookup(request.getFullName(), request);
        assertEquals(request, client.getById(id));
        Schema completion = PortableSchemas.portable(Completion.getClassSchema());
        assertNotEquals(id, client.lookup(completion.getFullName(), completion));
    }
}
