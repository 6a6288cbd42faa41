package io.homeostat.core.state;

import io.homeostat.core.Request;
import io.homeostat.core.queue.AgedPriorityQueue;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One persisted queue entry ({@link AgedPriorityQueue.Entry}) to bytes and back: the sequence
 * number, the request's core fields and the payload through a {@link PayloadCodec}. Store it
 * under a key that sorts by seq (e.g. {@link #key(long)}), delete it when the request leaves the
 * queue, and on restore hand every stored entry to {@code PoolScheduler.restore}.
 *
 * @param <P> payload type
 */
public final class QueueEntryCodec<P> {
    private static final int MAGIC = 0x484D5145; // "HMQE"
    public static final byte FORMAT_VERSION = 1;
    private final PayloadCodec<P> payloads;

    public QueueEntryCodec(PayloadCodec<P> payloads) {
        this.payloads = payloads;
    }

    /** An 8-byte big-endian key: byte order equals seq order, so a range scan returns entries in seq order. */
    public static byte[] key(long seq) {
        byte[] k = new byte[8];
        for (int i = 7; i >= 0; i--) {
            k[i] = (byte) seq;
            seq >>>= 8;
        }
        return k;
    }

    public byte[] encode(AgedPriorityQueue.Entry<P> e) {
        Request<P> r = e.request();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeByte(FORMAT_VERSION);
            out.writeLong(e.seq());
            out.writeUTF(r.id());
            out.writeUTF(r.tenant());
            out.writeDouble(r.bid());
            out.writeLong(r.arrivalNs());
            out.writeInt(r.promptTokens());
            out.writeInt(r.maxNewTokens());
            out.writeInt(r.blocks());
            out.writeLong(r.deadlineNs());
            byte[] p = r.payload() == null ? null : payloads.encode(r.payload());
            out.writeInt(p == null ? -1 : p.length);
            if (p != null) {
                out.write(p);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    public AgedPriorityQueue.Entry<P> decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readInt() != MAGIC) {
                throw new StateFormatException("not a queue entry (bad magic)", null);
            }
            byte format = in.readByte();
            if (format != FORMAT_VERSION) {
                throw new StateFormatException("queue entry format " + format + " is not readable by this build (reads "
                    + FORMAT_VERSION + ")", null);
            }
            long seq = in.readLong();
            String id = in.readUTF();
            String tenant = in.readUTF();
            double bid = in.readDouble();
            long arrival = in.readLong();
            int prompt = in.readInt();
            int maxNew = in.readInt();
            int blocks = in.readInt();
            long deadline = in.readLong();
            int n = in.readInt();
            P payload = null;
            if (n >= 0) {
                byte[] p = new byte[PoolStateCodec.checkedLength(n, bytes.length)];
                in.readFully(p);
                payload = payloads.decode(p);
            }
            return new AgedPriorityQueue.Entry<>(seq, new Request<>(id, tenant, bid, arrival, prompt, maxNew, blocks,
                deadline, payload));
        } catch (IOException ex) {
            throw new StateFormatException("truncated or corrupt queue entry (" + bytes.length + " bytes)", ex);
        }
    }
}
