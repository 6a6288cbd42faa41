/**
 * Schema registry clients: one interface ({@link io.homeostat.kafka.registry.SchemaRegistryClient}),
 * an in-process implementation for {@code mock://scope} and a Confluent REST client for
 * {@code http(s)://}, chosen by {@link io.homeostat.kafka.registry.SchemaRegistries#create}.
 * Both pass the same contract test.
 */
package io.homeostat.kafka.registry;
