package io.homeostat.kafka.topics;

/** The topics file is missing, unreadable or inconsistent; the message names the file and the field. */
public final class TopicCatalogException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TopicCatalogException(String message) {
        super(message);
    }
}
