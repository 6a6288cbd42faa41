package io.homeostat.kafka.registry;

/** The registry could not be reached (or kept answering 5xx) after every retry. */
public class SchemaRegistryUnavailableException extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    public SchemaRegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
