package io.homeostat.engine.tokenizer;

import java.nio.charset.StandardCharsets;

/**
 * Byte-level tokenizer used with seeded random weights (no tokenizer file needed): ids 0 / 1 / 2 are
 * unk / BOS / EOS, ids 3..258 are the 256 byte values of the UTF-8 text.
 *
 * <p>A random-weight model emits ids from the whole vocabulary; ids beyond the byte range are folded onto
 * printable ASCII ({@code ' ' + (id - 3) % 95}) so that such output is at least readable. That folding is
 * a presentation choice only: the token ids in results are the model's own.
 */
public final class ByteTokenizer implements Tokenizer {
    private static final int OFFSET = 3;
    private final int vocabSize;

    public ByteTokenizer(int vocabSize) {
        if (vocabSize < OFFSET + 256) {
            throw new IllegalArgumentException("byte tokenizer needs a vocabulary of at least 259, got " + vocabSize);
        }
        this.vocabSize = vocabSize;
    }

    @Override
    public int[] encode(String text, boolean bos) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int start = bos ? 1 : 0;
        int[] ids = new int[bytes.length + start];
        if (bos) {
            ids[0] = BOS;
        }
        for (int i = 0; i < bytes.length; i++) {
            ids[start + i] = OFFSET + (bytes[i] & 0xff);
        }
        return ids;
    }

    @Override
    public String decode(int previous, int token) {
        if (token < OFFSET) {
            return "";
        }
        if (token < OFFSET + 256) {
            int b = token - OFFSET;
            return b < 0x80 ? String.valueOf((char) b) : new String(new byte[] {(byte) b}, StandardCharsets.ISO_8859_1);
        }
        return String.valueOf((char) (' ' + (token - OFFSET) % 95));
    }

    @Override
    public String decode(int[] tokens) {
        // decode byte runs as UTF-8 so multi-byte characters survive a round trip
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(tokens.length);
        for (int t : tokens) {
            if (t >= OFFSET && t < OFFSET + 256) {
                out.write(t - OFFSET);
            } else if (t >= OFFSET + 256) {
                out.write(' ' + (t - OFFSET) % 95);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }
}
