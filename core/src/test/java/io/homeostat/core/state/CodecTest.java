package io.homeostat.core.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.core.Request;
import io.homeostat.core.control.CompletionReport;
import io.homeostat.core.control.DecayedRate;
import io.homeostat.core.control.QueueingController;
import io.homeostat.core.control.ServiceTimeFit;
import io.homeostat.core.entropy.EntropySensor;
import io.homeostat.core.policy.PolicyState;
import io.homeostat.core.queue.AgedPriorityQueue;
import io.homeostat.core.scheduler.PoolScheduler;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CodecTest {
    private static final long MS = 1_000_000L;

    @Test
    void poolStateRoundTripsAndStaysCompact() {
        PoolScheduler<Void> s = PoolScheduler.create("pool-7", "aimd", Map.of());
        Random rnd = new Random(1);
        long t = 1_700_000_000_000L * MS;
        for (int i = 0; i < 300; i++) {
            t += rnd.nextInt(30) * MS;
            s.offer(Request.of("r" + i, "t", rnd.nextInt(3), t, 50, 20, 16, null));
            s.tick(t);
            if (i % 7 == 0) {
                s.onCompletion(new CompletionReport(s.nextBatchSequence() - 1, 3, 20 * MS, 9, 900, 30, 1000));
            }
        }
        PoolScheduler.State state = s.exportState();
        byte[] bytes = PoolStateCodec.encode(state);
        assertTrue(bytes.length < 1024, "compact: " + bytes.length + " bytes");
        PoolScheduler.State back = PoolStateCodec.decode(bytes);
        assertEquals(state, back);
        assertArrayEquals(bytes, PoolStateCodec.encode(back));
    }

    @Test
    void encodingKeepsTheDataOutputStreamLayout() throws IOException {
        for (String pool : List.of("pool-7", "pööl-\u20ac-\u0000-\uD83D\uDE00")) {
            PoolScheduler<Void> s = PoolScheduler.create(pool, "entropy", Map.of());
            long t = 1_700_000_000_000L * MS;
            for (int i = 0; i < 120; i++) {
                t += (i % 5) * MS;
                s.offer(Request.of("r" + i, "t", i % 3, t, 50, 20, 16, null));
                s.tick(t);
                if (i % 11 == 0) {
                    s.onCompletion(new CompletionReport(s.nextBatchSequence() - 1, 3, 20 * MS, 9, 900, 30, 1000));
                }
            }
            PoolScheduler.State state = s.exportState();
            assertArrayEquals(reference(state), PoolStateCodec.encode(state), pool);
            assertEquals(state, PoolStateCodec.decode(PoolStateCodec.encode(state)));
        }
    }

    @Test
    void corruptBytesGiveAClearError() {
        byte[] bytes = PoolStateCodec.encode(PoolScheduler.<Void>create("p", "fixed", Map.of()).exportState());
        var truncated = assertThrows(StateFormatException.class, () -> PoolStateCodec.decode(Arrays.copyOf(bytes, 20)));
        assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());
        byte[] wrongFormat = bytes.clone();
        wrongFormat[4] = 9;
        assertTrue(assertThrows(StateFormatException.class, () -> PoolStateCodec.decode(wrongFormat)).getMessage()
            .contains("format 9"));
        assertThrows(StateFormatException.class, () -> PoolStateCodec.decode(new byte[] {1, 2, 3, 4, 5}));
    }

    @Test
    void queueEntriesRoundTripWithAndWithoutPayload() {
        QueueEntryCodec<Void> codec = new QueueEntryCodec<>(PayloadCodec.none());
        Request<Void> r = new Request<>("id-1", "tenant", 2.5, 123_456_789L, 100, 20, 8, 999_999_999L, null);
        AgedPriorityQueue.Entry<Void> e = new AgedPriorityQueue.Entry<>(42, r);
        assertEquals(e, codec.decode(codec.encode(e)));
        assertNull(codec.decode(codec.encode(e)).request().payload());
        QueueEntryCodec<byte[]> raw = new QueueEntryCodec<>(new PayloadCodec<>() {
            @Override public byte[] encode(byte[] p) { return p; }
            @Override public byte[] decode(byte[] b) { return b; }
        });
        Request<byte[]> withPayload = new Request<>("id-2", "t", 0, 1, 1, 0, 1, Request.NO_DEADLINE, new byte[] {7, 8});
        assertArrayEquals(new byte[] {7, 8}, raw.decode(raw.encode(new AgedPriorityQueue.Entry<>(1, withPayload))).request().payload());
    }

    @Test
    void entryKeysSortBySequence() {
        byte[] a = QueueEntryCodec.key(255);
        byte[] b = QueueEntryCodec.key(256);
        assertTrue(Arrays.compareUnsigned(a, b) < 0);
        assertEquals(8, a.length);
    }

    /** The byte layout as first written, with DataOutputStream: the encoder must keep producing it. */
    static byte[] reference(PoolScheduler.State s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(0x484D5354);
            out.writeByte(PoolStateCodec.FORMAT_VERSION);
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
}
