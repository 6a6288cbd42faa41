/**
 * Avro serde in the Confluent wire format for the generated contract classes.
 *
 * <pre>
 *   producer ── AvroSerializer ──► [0][id:4][avro body] ──► topic ──► AvroDeserializer ──► T
 *                  │ register(&lt;topic&gt;-value)                           │ getById(id), resolve(writer → T)
 *                  └──────────────► SchemaRegistryClient ◄──────────────┘
 *                                     mock://scope | http(s)://
 *
 *   bytes that cannot be read ──► WireFormatException (topic, partition, offset)
 *                              ──► DeadLetters.undecodable(raw, e, app, clock) ──► inference.dead-letter
 * </pre>
 */
package io.homeostat.kafka.serde;
