package io.homeostat.scheduler;

import io.homeostat.avro.InferenceRequest;
import io.homeostat.core.state.PayloadCodec;
import io.homeostat.kafka.serde.AvroDeserializer;
import io.homeostat.kafka.serde.AvroSerializer;

/**
 * Persists a queued request's Avro payload in the Confluent wire format under the requests
 * topic's subject, so a queue entry written by one version of the contract is still readable
 * by the next (schema resolution through the registry), exactly like the topic itself.
 */
final class RequestPayloads implements PayloadCodec<InferenceRequest> {
    private final String topic;
    private final AvroSerializer<InferenceRequest> serializer;
    private final AvroDeserializer<InferenceRequest> deserializer;

    RequestPayloads(String topic, AvroSerializer<InferenceRequest> serializer,
                    AvroDeserializer<InferenceRequest> deserializer) {
        this.topic = topic;
        this.serializer = serializer;
        this.deserializer = deserializer;
    }

    @Override
    public byte[] encode(InferenceRequest payload) {
        return serializer.serialize(topic, payload);
    }

    @Override
    public InferenceRequest decode(byte[] bytes) {
        return deserializer.deserialize(topic, bytes);
    }
}
