package io.homeostat.core.state;

import io.homeostat.core.control.DecayedRate;
import io.homeostat.core.control.QueueingController;
import io.homeostat.core.control.ServiceTimeFit;
import io.homeostat.core.entropy.EntropySensor;
import io.homeostat.core.policy.PolicyState;
import io.homeostat.core.queue.AgedPriorityQueue;
import io.homeostat.core.scheduler.PoolScheduler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

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

    public static byte[] encode(PoolScheduler.State s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeByte(FORMAT_VERSION);
            out.writeInt(s.version());
            out.writeUTF(s.pool());
            out.writeUTF(s.policy());
            writeSensor(out, s.sensor());
            writeController(out, s.controller());
            AgedPriorityQueue.State q = s.queue();
            out.writeInt(q.version());
            out.writeLong(q.nextSeq());
            out.writeBoolean(q.hasOrigin());
            out.writeLong(q.originNs());
            PolicyState p = s.policyState();
            out.writeUTF(p.policy());
            out.writeInt(p.version());
            double[] v = p.values();
            out.writeInt(v.length);
            for (double d : v) {
                out.writeDouble(d);
            }
            out.writeLong(s.nextBatchSeq());
            out.writeLong(s.latestArrivalNs());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
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

    private static void writeSensor(DataOutputStream out, EntropySensor.State s) throws IOException {
        out.writeInt(s.version());
        out.writeLong(s.lastArrivalNs());
        out.writeLong(s.arrivals());
        long[] gaps = s.gapsNs();
        out.writeInt(gaps.length);
        for (long g : gaps) {
            out.writeLong(g);
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

    private static void writeController(DataOutputStream out, QueueingController.State c) throws IOException {
        out.writeInt(c.version());
        DecayedRate.State l = c.lambda();
        out.writeDouble(l.count());
        out.writeLong(l.lastNs());
        out.writeLong(l.firstNs());
        out.writeBoolean(l.started());
        ServiceTimeFit.State f = c.fit();
        out.writeDouble(f.a());
        out.writeDouble(f.b());
        out.writeDouble(f.p00());
        out.writeDouble(f.p01());
        out.writeDouble(f.p11());
        out.writeLong(f.samples());
        out.writeDouble(c.meanServiceMs());
        out.writeDouble(c.meanArrivalBlocks());
        out.writeBoolean(c.sawArrival());
        out.writeDouble(c.blocksUsedRatio());
        out.writeInt(c.freeBlocks());
        out.writeInt(c.cachedBlocks());
        out.writeInt(c.totalBlocks());
        out.writeLong(c.lastEvictionNs());
        long[] seqs = c.reservedSeq();
        int[] blocks = c.reservedBlocks();
        out.writeInt(seqs.length);
        for (int i = 0; i < seqs.length; i++) {
            out.writeLong(seqs[i]);
            out.writeInt(blocks[i]);
        }
        out.writeLong(c.evictionsThrottled());
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
