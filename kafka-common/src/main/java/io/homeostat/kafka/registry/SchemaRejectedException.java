package io.homeostat.kafka.registry;

/**
 * The registry refused to register a schema: it is invalid, or not backward compatible with
 * the subject's latest version (a new reader must be able to read every old writer).
 */
public class SchemaRejectedException extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    public SchemaRejectedException(String message) {
        super(message);
    }
}
