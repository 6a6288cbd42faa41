/**
 * A real Kafka broker without Docker ({@link io.homeostat.kafka.embedded.EmbeddedKafka}) and a
 * reachability check that fails in one line naming {@code bootstrap.servers}
 * ({@link io.homeostat.kafka.embedded.KafkaConnectivity}).
 */
package io.homeostat.kafka.embedded;
