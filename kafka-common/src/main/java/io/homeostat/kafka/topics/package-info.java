/**
 * The topic contract: {@code topics/topics.yaml} ({@link io.homeostat.kafka.topics.TopicCatalog})
 * applied to a cluster by {@link io.homeostat.kafka.topics.TopicProvisioner}.
 */
package io.homeostat.kafka.topics;
