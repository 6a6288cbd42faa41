package io.homeostat.engine.model;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads and writes the llama2.c checkpoint format ({@code run.c}, "legacy" export version 0).
 *
 * <pre>
 *   header: 7 x int32 little-endian  dim, hidden_dim, n_layers, n_heads, n_kv_heads, vocab_size, seq_len
 *           (vocab_size &lt; 0 means the classifier is stored separately at the end)
 *   then float32 tensors in this order:
 *     token_embedding [vocab, dim]      rms_att [L, dim]
 *     wq [L, dim, dim]   wk [L, kv_dim, dim]   wv [L, kv_dim, dim]   wo [L, dim, dim]
 *     rms_ffn [L, dim]   w1 [L, hidden, dim]   w2 [L, dim, hidden]   w3 [L, hidden, dim]
 *     rms_final [dim]    freq_cis_real [seq, head/2]  freq_cis_imag [seq, head/2]  (unused: RoPE is recomputed)
 *     wcls [vocab, dim]  (only when vocab_size &lt; 0)
 * </pre>
 */
public final class CheckpointFormat {
    private static final int HEADER_INTS = 7;

    private CheckpointFormat() {
    }

    public static ModelWeights read(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < HEADER_INTS * 4L) {
                throw new IOException(path + ": not a llama2.c checkpoint (only " + size + " bytes)");
            }
            ByteBuffer header = ByteBuffer.allocate(HEADER_INTS * 4).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, header);
            header.flip();
            int dim = header.getInt();
            int hidden = header.getInt();
            int layers = header.getInt();
            int heads = header.getInt();
            int kvHeads = header.getInt();
            int vocab = header.getInt();
            int seqLen = header.getInt();
            boolean shared = vocab > 0;
            ModelConfig c;
            try {
                c = new ModelConfig(dim, hidden, layers, heads, kvHeads, Math.abs(vocab), seqLen, shared);
            } catch (IllegalArgumentException e) {
                throw new IOException(path + ": bad llama2.c header: " + e.getMessage(), e);
            }
            long floats;
            try {
                floats = expectedFloats(c);
            } catch (ArithmeticException e) {
                throw new IOException(path + ": bad llama2.c header: shape " + c + " is impossibly large", e);
            }
            long expectedBytes = HEADER_INTS * 4L + floats * 4L;
            if (size != expectedBytes) {
                throw new IOException(path + ": size " + size + " bytes does not match the header's shape "
                        + c + " (expected " + expectedBytes + ")");
            }
            FloatReader r = new FloatReader(ch);
            int d = c.dim();
            int kv = c.kvDim();
            float[] emb = r.read((long) c.vocabSize() * d);
            float[][] rmsAtt = r.layers(layers, d);
            float[][] wq = r.layers(layers, (long) d * d);
            float[][] wk = r.layers(layers, (long) kv * d);
            float[][] wv = r.layers(layers, (long) kv * d);
            float[][] wo = r.layers(layers, (long) d * d);
            float[][] rmsFfn = r.layers(layers, d);
            float[][] w1 = r.layers(layers, (long) hidden * d);
            float[][] w2 = r.layers(layers, (long) d * hidden);
            float[][] w3 = r.layers(layers, (long) hidden * d);
            float[] rmsFinal = r.read(d);
            r.skip((long) seqLen * c.headSize()); // freq_cis_real + freq_cis_imag, each seq*head/2
            float[] cls = shared ? emb : r.read((long) c.vocabSize() * d);
            return new ModelWeights(c, emb, rmsAtt, wq, wk, wv, wo, rmsFfn, w1, w2, w3, rmsFinal, cls);
        }
    }

    public static void write(ModelWeights w, Path path) throws IOException {
        ModelConfig c = w.config();
        try (OutputStream out = Files.newOutputStream(path)) {
            ByteBuffer header = ByteBuffer.allocate(HEADER_INTS * 4).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(c.dim()).putInt(c.hiddenDim()).putInt(c.layers()).putInt(c.heads()).putInt(c.kvHeads())
                    .putInt(c.sharedClassifier() ? c.vocabSize() : -c.vocabSize()).putInt(c.seqLen());
            out.write(header.array());
            FloatWriter fw = new FloatWriter(out);
            fw.write(w.tokenEmbedding);
            fw.write(w.rmsAtt);
            fw.write(w.wq);
            fw.write(w.wk);
            fw.write(w.wv);
            fw.write(w.wo);
            fw.write(w.rmsFfn);
            fw.write(w.w1);
            fw.write(w.w2);
            fw.write(w.w3);
            fw.write(w.rmsFinal);
            fw.write(ropeTable(c, true));
            fw.write(ropeTable(c, false));
            if (!c.sharedClassifier()) {
                fw.write(w.classifier);
            }
        }
    }

    /** Floats after the header; throws ArithmeticException when a (garbage) header overflows a long. */
    private static long expectedFloats(ModelConfig c) {
        long d = c.dim();
        long kv = c.kvDim();
        long h = c.hiddenDim();
        long l = c.layers();
        long vocab = c.vocabSize();
        long perLayer = Math.addExact(Math.addExact(Math.multiplyExact(2, d), Math.multiplyExact(2, d * d)),
                Math.addExact(Math.multiplyExact(2, Math.multiplyExact(kv, d)), Math.multiplyExact(3, h * d)));
        long n = Math.addExact(Math.addExact(Math.multiplyExact(vocab, d), Math.multiplyExact(l, perLayer)),
                d + (long) c.seqLen() * c.headSize());
        return c.sharedClassifier() ? n : Math.addExact(n, vocab * d);
    }

    /** The precomputed RoPE table llama2.c's export writes (kept for format compatibility). */
    private static float[] ropeTable(ModelConfig c, boolean real) {
        int half = c.headSize() / 2;
        float[] t = new float[c.seqLen() * half];
        for (int pos = 0; pos < c.seqLen(); pos++) {
            for (int i = 0; i < half; i++) {
                double freq = 1.0 / Math.pow(ModelConfig.ROPE_THETA, (2.0 * i) / c.headSize());
                double v = pos * freq;
                t[pos * half + i] = (float) (real ? Math.cos(v) : Math.sin(v));
            }
        }
        return t;
    }

    private static void readFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new IOException("unexpected end of checkpoint");
            }
        }
    }

    /** Streams float32 values out of the channel in 4 MiB chunks. */
    private static final class FloatReader {
        private final FileChannel ch;
        private final ByteBuffer buf = ByteBuffer.allocateDirect(1 << 22).order(ByteOrder.LITTLE_ENDIAN);

        FloatReader(FileChannel ch) {
            this.ch = ch;
            buf.limit(0);
        }

        float[] read(long n) throws IOException {
            float[] a = new float[Math.toIntExact(n)];
            int done = 0;
            while (done < a.length) {
                if (buf.remaining() < 4) {
                    buf.compact();
                    readSome();
                    buf.flip();
                }
                FloatBuffer fb = buf.asFloatBuffer();
                int k = Math.min(fb.remaining(), a.length - done);
                fb.get(a, done, k);
                buf.position(buf.position() + k * 4);
                done += k;
            }
            return a;
        }

        float[][] layers(int layers, long perLayer) throws IOException {
            float[][] a = new float[layers][];
            for (int l = 0; l < layers; l++) {
                a[l] = read(perLayer);
            }
            return a;
        }

        void skip(long floats) throws IOException {
            long bytes = floats * 4;
            long inBuf = Math.min(bytes, buf.remaining());
            buf.position(buf.position() + (int) inBuf);
            long rest = bytes - inBuf;
            if (rest > 0) {
                ch.position(ch.position() + rest);
            }
        }

        private void readSome() throws IOException {
            if (ch.read(buf) < 0) {
                throw new IOException("unexpected end of checkpoint");
            }
        }
    }

    private static final class FloatWriter {
        private final OutputStream out;
        private final ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);

        FloatWriter(OutputStream out) {
            this.out = out;
        }

        void write(float[] a) throws IOException {
            for (float v : a) {
                if (!buf.hasRemaining()) {
                    flush();
                }
                buf.putFloat(v);
            }
            flush();
        }

        void write(float[][] a) throws IOException {
            for (float[] x : a) {
                write(x);
            }
        }

        private void flush() throws IOException {
            out.write(buf.array(), 0, buf.position());
            buf.clear();
        }
    }
}
