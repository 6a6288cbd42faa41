package io.homeostat.kafka.embedded;

/**
 * No Kafka broker answered at the configured {@code bootstrap.servers}. The message is one line
 * a person can act on; callers print {@link #getMessage()} rather than the stack trace.
 */
public final class KafkaUnreachableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String bootstrapServers;

    public KafkaUnreachableException(String bootstrapServers, String message) {
        super(message);
        this.bootstrapServers = bootstrapServers;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }
}
