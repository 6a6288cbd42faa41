package io.homeostat.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The llama2.c checkpoint format: round trips of every tensor, and bad files rejected with clear messages. */
class CheckpointFormatTest {
    @TempDir
    Path dir;

    @Test
    void sharedClassifierRoundTrip() throws IOException {
        ModelWeights w = RandomWeights.generate(new ModelConfig(32, 48, 2, 4, 4, 300, 20, true), 1);
        ModelWeights back = roundTrip(w);
        assertSame(back.tokenEmbedding, back.classifier, "shared classifier is the embedding again");
    }

    @Test
    void unsharedClassifierAndGroupedQueryAttentionRoundTrip() throws IOException {
        ModelConfig c = new ModelConfig(48, 80, 3, 6, 2, 270, 33, false);
        ModelWeights w = RandomWeights.generate(c, 2);
        ModelWeights back = roundTrip(w);
        assertNotSame(back.tokenEmbedding, back.classifier);
        assertEquals(c.kvDim() * c.dim(), back.wk[0].length, "GQA: wk is kv_dim x dim");
    }

    @Test
    void fileSizeFollowsTheHeader() throws IOException {
        ModelConfig c = new ModelConfig(16, 24, 1, 2, 1, 259, 8, false);
        Path p = dir.resolve("m.bin");
        ModelWeights w = RandomWeights.generate(c, 3);
        CheckpointFormat.write(w, p);
        long floats = 259L * 16 + 16 + 16 * 16 + 2L * 8 * 16 + 16 * 16 + 16 + 3L * 24 * 16 + 16 + 8L * 8 + 259L * 16;
        assertEquals(7 * 4 + floats * 4, Files.size(p));
        ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(p), 0, 28).order(ByteOrder.LITTLE_ENDIAN);
        int[] expected = {16, 24, 1, 2, 1, -259, 8};
        for (int v : expected) {
            assertEquals(v, header.getInt(), "header: negative vocab means a separate classifier");
        }
        // spot checks of the layout, computed independently of the reader
        ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        long wq = 7 * 4 + (259L * 16 + 16) * 4;
        assertEquals(w.wq[0][0], all.getFloat((int) wq));
        long rmsFinal = 7 * 4 + (floats - 259L * 16 - 8L * 8 - 16) * 4;
        assertEquals(w.rmsFinal[0], all.getFloat((int) rmsFinal));
        long freqReal = rmsFinal + 16 * 4;
        assertEquals(1.0f, all.getFloat((int) freqReal), "freq_cis_real[pos 0] = cos 0");
        long wcls = 7 * 4 + (floats - 259L * 16) * 4;
        assertEquals(w.classifier[0], all.getFloat((int) wcls));
        assertEquals(w.classifier[259 * 16 - 1], all.getFloat((int) (Files.size(p) - 4)));
    }

    @Test
    void truncatedFileIsRejected() throws IOException {
        Path p = write(new ModelConfig(16, 24, 1, 2, 2, 259, 8, true));
        long full = Files.size(p);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.truncate(full - 10);
        }
        IOException e = assertThrows(IOException.class, () -> CheckpointFormat.read(p));
        assertTrue(e.getMessage().contains("size " + (full - 10) + " bytes does not match the header's shape"),
                e.getMessage());
        assertTrue(e.getMessage().contains("expected " + full), e.getMessage());
    }

    @Test
    void trailingBytesAreRejected() throws IOException {
        Path p = write(new ModelConfig(16, 24, 1, 2, 2, 259, 8, true));
        Files.write(p, new byte[] {1, 2, 3, 4}, StandardOpenOption.APPEND);
        IOException e = assertThrows(IOException.class, () -> CheckpointFormat.read(p));
        assertTrue(e.getMessage().contains("does not match the header's shape"), e.getMessage());
    }

    @Test
    void sharedFlagWrongIsASizeMismatch() throws IOException {
        Path p = write(new ModelConfig(16, 24, 1, 2, 2, 259, 8, false));
        byte[] b = Files.readAllBytes(p);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(20, 259); // claims shared: file too long
        Files.write(p, b);
        IOException e = assertThrows(IOException.class, () -> CheckpointFormat.read(p));
        assertTrue(e.getMessage().contains("does not match"), e.getMessage());
    }

    @Test
    void badHeaderIsRejected() throws IOException {
        Path p = write(new ModelConfig(16, 24, 1, 2, 2, 259, 8, true));
        byte[] b = Files.readAllBytes(p);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(12, 3); // 16 is not a multiple of 3 heads
        Files.write(p, b);
        IOException e = assertThrows(IOException.class, () -> CheckpointFormat.read(p));
        assertTrue(e.getMessage().contains("bad llama2.c header") && e.getMessage().contains("multiple of heads"),
                e.getMessage());
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(0, -5).putInt(12, 2);
        Files.write(p, b);
        e = assertThrows(IOException.class, () -> CheckpointFormat.read(p));
        assertTrue(e.getMessage().contains("bad llama2.c header"), e.getMessage());
    }

    @Test
    void tooShortForAHeaderIsRejected() throws IOException {
        Path p = dir.resolve("short.bin");
        Files.write(p, new byte[] {1, 0, 0, 0, 2});
        IOException e = assertThrows(IOException.class, () -> CheckpointFormat.read(p));
        assertTrue(e.getMessage().contains("not a llama2.c checkpoint (only 5 bytes)"), e.getMessage());
        Files.write(p, "this is a text file, not weights at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        e = assertThrows(IOException.class, () -> CheckpointFormat.read(p));
        assertTrue(e.getMessage().contains("bad llama2.c header") || e.getMessage().contains("does not match"),
                e.getMessage());
    }

    @Test
    void aReadCheckpointGeneratesLikeTheOriginal() throws IOException {
        ModelWeights w = RandomWeights.generate(new ModelConfig(32, 64, 2, 4, 2, 280, 32, false), 9);
        ModelWeights back = roundTrip(w);
        int[] prompt = {1, 40, 41, 250};
        assertArrayEquals(new ReferenceLlama(w).generate(prompt, 8), new ReferenceLlama(back).generate(prompt, 8));
    }

    private Path write(ModelConfig c) throws IOException {
        Path p = dir.resolve("m-" + System.identityHashCode(c) + ".bin");
        CheckpointFormat.write(RandomWeights.generate(c, 4), p);
        return p;
    }

    private ModelWeights roundTrip(ModelWeights w) throws IOException {
        Path p = dir.resolve("rt.bin");
        CheckpointFormat.write(w, p);
        ModelWeights b = CheckpointFormat.read(p);
        assertEquals(w.config(), b.config());
        assertArrayEquals(w.tokenEmbedding, b.tokenEmbedding);
        assertArrayEquals(w.rmsFinal, b.rmsFinal);
        assertArrayEquals(w.classifier, b.classifier);
        for (int l = 0; l < w.config().layers(); l++) {
            assertArrayEquals(w.rmsAtt[l], b.rmsAtt[l]);
            assertArrayEquals(w.wq[l], b.wq[l]);
            assertArrayEquals(w.wk[l], b.wk[l]);
            assertArrayEquals(w.wv[l], b.wv[l]);
            assertArrayEquals(w.wo[l], b.wo[l]);
            assertArrayEquals(w.rmsFfn[l], b.rmsFfn[l]);
            assertArrayEquals(w.w1[l], b.w1[l]);
            assertArrayEquals(w.w2[l], b.w2[l]);
            assertArrayEquals(w.w3[l], b.w3[l]);
        }
        return b;
    }
}
