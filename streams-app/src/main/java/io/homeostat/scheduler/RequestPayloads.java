package io.homeostat.scheduler;

import io.homeostat.avro.InferenceRequest;
import io.homeostat.core.state.PayloadCodec;
import io.homeostat.kafka.serde.AvroDeserializer;
import io.homeostat.kafka.serde.AvroSerializer;

/**
 * Persists a queued request's Avro payload in the Confluent wire format under the requests
 * topic's subject, so a queue entry written by one version of the contract is still readable
 * by the next (schema resolution through the registry), exactly like the topic itself.
 *
 * <p>The bytes stored are the ones the request arrived with: {@link RequestIntake} decodes a
 * record and forwards it synchronously, on the same stream thread, to the scheduler node, which
 * persists its queue entry before returning; the intake leaves the record's bytes in
 * {@link #arrived} for that call, and {@link #encode} uses them when they belong to the very
 * object it is given (identity), re-encoding only otherwise (a restored entry, a test).
 */
final class RequestPayloads implements PayloadCodec<InferenceRequest> {
    /** The request being forwarded on this thread and its original bytes. */
    private static final ThreadLocal<Object[]> ARRIVED = ThreadLocal.withInitial(() -> new Object[2]);

    private final String topic;
    private final AvroSerializer<InferenceRequest> serializer;
    private final AvroDeserializer<InferenceRequest> deserializer;

    RequestPayloads(String topic, AvroSerializer<InferenceRequest> serializer,
                    AvroDeserializer<InferenceRequest> deserializer) {
        this.topic = topic;
        this.serializer = serializer;
        this.deserializer = deserializer;
    }

    /** Called by the intake right before it forwards {@code request}, decoded from {@code bytes}. */
    static void arrived(InferenceRequest request, byte[] bytes) {
        Object[] slot = ARRIVED.get();
        slot[0] = request;
        slot[1] = bytes;
    }

    /** Called by the intake once the forward returned. */
    static void forwarded() {
        Object[] slot = ARRIVED.get();
        slot[0] = null;
        slot[1] = null;
    }

    @Override
    public byte[] encode(InferenceRequest payload) {
        Object[] slot = ARRIVED.get();
        if (slot[0] == payload) {
            return (byte[]) slot[1];
        }
        return serializer.serialize(topic, payload);
    }

    @Override
    public InferenceRequest decode(byte[] bytes) {
        return deserializer.deserialize(topic, bytes);
    }
}
