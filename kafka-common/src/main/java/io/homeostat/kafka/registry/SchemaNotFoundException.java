package io.homeostat.kafka.registry;

/** No schema with the requested id, or the subject does not hold the schema looked up. */
public class SchemaNotFoundException extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    public SchemaNotFoundException(String message) {
        super(message);
    }
}
