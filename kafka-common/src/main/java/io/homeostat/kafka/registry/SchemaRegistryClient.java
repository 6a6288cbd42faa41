package io.homeostat.kafka.registry;

import org.apache.avro.Schema;

/**
 * The subset of a Confluent-style schema registry that the serde needs.
 *
 * <p>Ids are global to a registry (the same schema registered under two subjects gets one id);
 * versions are per subject. Two implementations pass {@code SchemaRegistryClientContract}:
 * {@link MockSchemaRegistry} ({@code mock://scope}, in-process) and
 * {@link RestSchemaRegistryClient} ({@code http(s)://}, the Confluent REST API).
 * Obtain one from a URL with {@link SchemaRegistries#create}.
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /**
     * Registers {@code schema} under {@code subject} (idempotent) and returns its global id.
     *
     * @throws SchemaRejectedException when the registry refuses it (invalid, or incompatible
     *     with the subject's latest version)
     * @throws SchemaRegistryUnavailableException when the registry cannot be reached
     */
    int register(String subject, Schema schema);

    /**
     * The schema with this global id.
     *
     * @throws SchemaNotFoundException when no schema has this id
     */
    Schema getById(int id);

    /**
     * The id of {@code schema} if it is already registered under {@code subject}.
     *
     * @throws SchemaNotFoundException when the subject does not exist or does not hold it
     */
    int lookup(String subject, Schema schema);

    /** Where this client points, for messages ({@code mock://scope} or the base URL). */
    String url();

    /** Releases resources; the default does nothing. */
    @Override
    default void close() {
    }
}
