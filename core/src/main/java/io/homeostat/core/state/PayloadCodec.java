package io.homeostat.core.state;

/**
 * Turns a driver's payload into bytes and back, so queue entries can be persisted by the core's
 * codec (the Streams layer plugs in its Avro serde here).
 *
 * @param <P> payload type
 */
public interface PayloadCodec<P> {
    byte[] encode(P payload);

    P decode(byte[] bytes);

    /** For payload-free requests: always encodes nothing and decodes to null. */
    static <P> PayloadCodec<P> none() {
        return new PayloadCodec<>() {
            @Override
            public byte[] encode(P payload) {
                return null;
            }

            @Override
            public P decode(byte[] bytes) {
                return null;
            }
        };
    }
}
