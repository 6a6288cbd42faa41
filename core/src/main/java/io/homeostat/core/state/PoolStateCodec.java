package io.homeostat.core.state;

import io.homeostat.core.control.DecayedRate;
import io.homeostat.core.control.QueueingController;
import io.homeostat.core.control.ServiceTimeFit;
import io.homeostat.core.entropy.EntropySensor;
import io.homeostat.core.policy.PolicyState;
import io.homeostat.core.queue.AgedPriorityQueue;
import io.homeostat.core.scheduler.PoolScheduler;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * {@link PoolScheduler.State} to bytes and back: a compact, versioned binary value for a key-value
 * state store (a few hundred bytes for the default window of 50 arrivals). Layout: magic
 * {@code "HMST"}, format version, then each component's fields in declaration order.
 */
public final class PoolStateCodec {
    private static final int MAGIC = 0x484D5354; // "HMST"
    /** Version of the byte layout. */
    public static final byte FORMAT_VERSION = 1;

    private PoolStateCodec() {
    }

    /**
     * The state's bytes. Written straight into an exactly sized buffer (the layout is the one
     * {@link DataOutputStream} writes, which {@link #decode} reads): the scheduler encodes a pool's
     * state after every cut, and a stream-backed encoder was most of that cost.
     */
    public static byte[] encode(PoolScheduler.State s) {
        EntropySensor.State sensor = s.sensor();
        QueueingController.State c = s.controller();
        PolicyState p = s.policyState();
        byte[] pool = modifiedUtf8(s.pool());
        byte[] policy = modifiedUtf8(s.policy());
        byte[] policyName = modifiedUtf8(p.policy());
        long[] gaps = sensor.gapsNs();
        long[] seqs = c.reservedSeq();
        int[] blocks = c.reservedBlocks();
        double[] values = p.values();
        int size = 4 + 1 + 4 + pool.length + policy.length
            + 4 + 8 + 8 + 4 + 8 * gaps.length
            + CONTROLLER_FIXED_BYTES + 12 * seqs.length
            + 4 + 8 + 1 + 8
            + policyName.length + 4 + 4 + 8 * values.length
            + 8 + 8;
        ByteBuffer out = ByteBuffer.allocate(size); // big-endian, as DataOutputStream
        out.putInt(MAGIC).put(FORMAT_VERSION).putInt(s.version()).put(pool).put(policy);
        out.putInt(sensor.version()).putLong(sensor.lastArrivalNs()).putLong(sensor.arrivals()).putInt(gaps.length);
        for (long g : gaps) {
            out.putLong(g);
        }
        DecayedRate.State l = c.lambda();
        ServiceTimeFit.State f = c.fit();
        out.putInt(c.version()).putDouble(l.count()).putLong(l.lastNs()).putLong(l.firstNs()).put(bool(l.started()))
            .putDouble(f.a()).putDouble(f.b()).putDouble(f.p00()).putDouble(f.p01()).putDouble(f.p11()).putLong(f.samples())
            .putDouble(c.meanServiceMs()).putDouble(c.meanArrivalBlocks()).put(bool(c.sawArrival()))
            .putDouble(c.blocksUsedRatio()).putInt(c.freeBlocks()).putInt(c.cachedBlocks()).putInt(c.totalBlocks())
            .putLong(c.lastEvictionNs()).putInt(seqs.length);
        for (int i = 0; i < seqs.length; i++) {
            out.putLong(seqs[i]).putInt(blocks[i]);
        }
        out.putLong(c.evictionsThrottled());
        AgedPriorityQueue.State q = s.queue();
        out.putInt(q.version()).putLong(q.nextSeq()).put(bool(q.hasOrigin())).putLong(q.originNs());
        out.put(policyName).putInt(p.version()).putInt(values.length);
        for (double d : values) {
            out.putDouble(d);
        }
        out.putLong(s.nextBatchSeq()).putLong(s.latestArrivalNs());
        if (out.hasRemaining()) {
            throw new IllegalStateException("pool state size miscounted: " + out.remaining() + " bytes left");
        }
        return out.array();
    }

    /** The controller's fields before its reservations, and its last field after them. */
    private static final int CONTROLLER_FIXED_BYTES = 4 + (8 + 8 + 8 + 1) + (5 * 8 + 8) + 8 + 8 + 1 + 8 + 3 * 4 + 8 + 4 + 8;

    private static byte bool(boolean b) {
        return (byte) (b ? 1 : 0);
    }

    /** {@link DataOutputStream#writeUTF}'s bytes: a 2-byte length, then modified UTF-8. */
    static byte[] modifiedUtf8(String str) {
        int len = 0;
        for (int i = 0; i < str.length(); i++) {
            char ch = str.charAt(i);
            len += ch >= 0x0001 && ch <= 0x007F ? 1 : ch <= 0x07FF ? 2 : 3;
        }
        if (len > 65_535) {
            throw new UncheckedIOException(new UTFDataFormatException("string too long for the pool state: " + len + " bytes"));
        }
        byte[] out = new byte[2 + len];
        out[0] = (byte) (len >>> 8);
        out[1] = (byte) len;
        int j = 2;
        for (int i = 0; i < str.length(); i++) {
            char ch = str.charAt(i);
            if (ch >= 0x0001 && ch <= 0x007F) {
                out[j++] = (byte) ch;
            } else if (ch <= 0x07FF) {
                out[j++] = (byte) (0xC0 | ((ch >> 6) & 0x1F));
                out[j++] = (byte) (0x80 | (ch & 0x3F));
            } else {
                out[j++] = (byte) (0xE0 | ((ch >> 12) & 0x0F));
                out[j++] = (byte) (0x80 | ((ch >> 6) & 0x3F));
                out[j++] = (byte) (0x80 | (ch & 0x3F));
            }
        }
        return out;
    }

    public static PoolScheduler.State decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readInt() != MAGIC) {
                throw new StateFormatException("not a pool scheduler state (bad magic)", null);
            }
            byte format = in.readByte();
            if (format != FORMAT_VERSION) {
                throw new StateFormatException("pool state format " + format + " is not readable by this build (reads "
                    + FORMAT_VERSION + ")", null);
            }
            int version = in.readInt();
            String pool = in.readUTF();
            String policy = in.readUTF();
            EntropySensor.State sensor = readSensor(in);
            QueueingController.State controller = readController(in);
            AgedPriorityQueue.State queue = new AgedPriorityQueue.State(in.readInt(), in.readLong(), in.readBoolean(),
                in.readLong());
            String pname = in.readUTF();
            int pversion = in.readInt();
            double[] values = new double[checkedLength(in.readInt(), 1 << 16)];
            for (int i = 0; i < values.length; i++) {
                values[i] = in.readDouble();
            }
            PoolScheduler.State s = new PoolScheduler.State(version, pool, policy, sensor, controller, queue,
                new PolicyState(pname, pversion, values), in.readLong(), in.readLong());
            if (in.available() > 0) {
                throw new StateFormatException(in.available() + " unexpected trailing bytes in pool state", null);
            }
            return s;
        } catch (IOException e) {
            throw new StateFormatException("truncated or corrupt pool state (" + bytes.length + " bytes)", e);
        }
    }

    private static EntropySensor.State readSensor(DataInputStream in) throws IOException {
        int version = in.readInt();
        long last = in.readLong();
        long arrivals = in.readLong();
        long[] gaps = new long[checkedLength(in.readInt(), 1 << 20)];
        for (int i = 0; i < gaps.length; i++) {
            gaps[i] = in.readLong();
        }
        return new EntropySensor.State(version, last, arrivals, gaps);
    }

    private static QueueingController.State readController(DataInputStream in) throws IOException {
        int version = in.readInt();
        DecayedRate.State lambda = new DecayedRate.State(in.readDouble(), in.readLong(), in.readLong(), in.readBoolean());
        ServiceTimeFit.State fit = new ServiceTimeFit.State(in.readDouble(), in.readDouble(), in.readDouble(),
            in.readDouble(), in.readDouble(), in.readLong());
        double meanService = in.readDouble();
        double meanBlocks = in.readDouble();
        boolean saw = in.readBoolean();
        double ratio = in.readDouble();
        int free = in.readInt();
        int cached = in.readInt();
        int total = in.readInt();
        long lastEviction = in.readLong();
        int n = checkedLength(in.readInt(), 1 << 20);
        long[] seqs = new long[n];
        int[] blocks = new int[n];
        for (int i = 0; i < n; i++) {
            seqs[i] = in.readLong();
            blocks[i] = in.readInt();
        }
        return new QueueingController.State(version, lambda, fit, meanService, meanBlocks, saw, ratio, free, cached,
            total, lastEviction, seqs, blocks, in.readLong());
    }

    static int checkedLength(int n, int max) throws IOException {
        if (n < 0 || n > max) {
            throw new IOException("implausible length " + n);
        }
        return n;
    }
}
