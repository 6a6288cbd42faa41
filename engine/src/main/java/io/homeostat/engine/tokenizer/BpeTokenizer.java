package io.homeostat.engine.tokenizer;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The SentencePiece-style BPE tokenizer of llama2.c, read from its {@code tokenizer.bin}.
 *
 * <p>File format ({@code run.c, build_tokenizer}): int32 max_token_length, then for each of the vocabulary's
 * tokens: float32 score, int32 length, the token's bytes. All little-endian.
 *
 * <p>Encoding follows {@code run.c}'s {@code encode}: a leading "dummy prefix" space, one token per UTF-8
 * character (falling back to byte tokens {@code <0xXX>} = id byte + 3), then repeatedly merging the adjacent
 * pair whose merged string has the highest score. Decoding strips the space after BOS and turns
 * {@code <0xXX>} pieces back into bytes.
 */
public final class BpeTokenizer implements Tokenizer {
    private final String[] vocab;
    private final byte[][] pieces;
    private final float[] scores;
    private final Map<String, Integer> index;

    public BpeTokenizer(String[] vocab, float[] scores) {
        if (vocab.length != scores.length || vocab.length < 259) {
            throw new IllegalArgumentException("BPE vocabulary needs >= 259 tokens with one score each");
        }
        this.vocab = vocab.clone();
        this.scores = scores.clone();
        this.pieces = new byte[vocab.length][];
        this.index = new HashMap<>(vocab.length * 2);
        for (int i = 0; i < vocab.length; i++) {
            pieces[i] = vocab[i].getBytes(StandardCharsets.UTF_8);
            index.putIfAbsent(vocab[i], i);
        }
    }

    public static BpeTokenizer read(Path path, int vocabSize) throws IOException {
        try (InputStream in = Files.newInputStream(path);
             DataInputStream data = new DataInputStream(new java.io.BufferedInputStream(in))) {
            byte[] four = new byte[4];
            readFully(data, four, path);
            String[] vocab = new String[vocabSize];
            float[] scores = new float[vocabSize];
            for (int i = 0; i < vocabSize; i++) {
                readFully(data, four, path);
                scores[i] = ByteBuffer.wrap(four).order(ByteOrder.LITTLE_ENDIAN).getFloat();
                readFully(data, four, path);
                int len = ByteBuffer.wrap(four).order(ByteOrder.LITTLE_ENDIAN).getInt();
                if (len < 0 || len > 1024) {
                    throw new IOException(path + ": token " + i + " has an impossible length " + len);
                }
                byte[] b = new byte[len];
                readFully(data, b, path);
                vocab[i] = new String(b, StandardCharsets.UTF_8);
            }
            return new BpeTokenizer(vocab, scores);
        }
    }

    /** Writes the llama2.c tokenizer.bin format (used by tests and the GPU check to build fixtures). */
    public void write(Path path) throws IOException {
        int max = 0;
        for (byte[] p : pieces) {
            max = Math.max(max, p.length);
        }
        try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(path))) {
            out.write(le(max));
            for (int i = 0; i < vocab.length; i++) {
                out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(scores[i]).array());
                out.write(le(pieces[i].length));
                out.write(pieces[i]);
            }
        }
    }

    @Override
    public int[] encode(String text, boolean bos) {
        List<Integer> tokens = new ArrayList<>(text.length() + 2);
        if (bos) {
            tokens.add(BOS);
        }
        if (!text.isEmpty()) {
            Integer space = index.get(" ");
            if (space != null) {
                tokens.add(space);
            }
        }
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            String ch = new String(Character.toChars(cp));
            Integer id = index.get(ch);
            if (id != null) {
                tokens.add(id);
            } else {
                for (byte b : ch.getBytes(StandardCharsets.UTF_8)) {
                    tokens.add((b & 0xff) + 3);
                }
            }
            i += Character.charCount(cp);
        }
        int first = bos ? 1 : 0;
        while (true) {
            float best = Float.NEGATIVE_INFINITY;
            int bestId = -1;
            int bestIdx = -1;
            for (int k = first; k < tokens.size() - 1; k++) {
                Integer merged = index.get(vocab[tokens.get(k)] + vocab[tokens.get(k + 1)]);
                if (merged != null && scores[merged] > best) {
                    best = scores[merged];
                    bestId = merged;
                    bestIdx = k;
                }
            }
            if (bestIdx < 0) {
                break;
            }
            tokens.set(bestIdx, bestId);
            tokens.remove(bestIdx + 1);
        }
        int[] out = new int[tokens.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = tokens.get(k);
        }
        return out;
    }

    @Override
    public String decode(int previous, int token) {
        if (token < 0 || token >= vocab.length) {
            return "";
        }
        String piece = vocab[token];
        if (previous == BOS && piece.startsWith(" ")) {
            piece = piece.substring(1);
        }
        int b = byteValue(token);
        return b >= 0 ? new String(new byte[] {(byte) b}, StandardCharsets.ISO_8859_1) : piece;
    }

    /**
     * Decodes a whole sequence to text: control tokens (BOS, EOS) produce nothing, byte tokens are gathered
     * and the bytes decoded as UTF-8 once, so a character the vocabulary lacks (encoded as its UTF-8 bytes)
     * comes back whole. The dummy-prefix space is stripped from the piece after BOS, as in llama2.c.
     */
    @Override
    public String decode(int[] tokens) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(tokens.length * 4);
        int prev = BOS;
        for (int t : tokens) {
            if (t != BOS && t != EOS && t >= 0 && t < vocab.length) {
                int b = byteValue(t);
                if (b >= 0) {
                    out.write(b);
                } else {
                    byte[] piece = pieces[t];
                    int from = prev == BOS && piece.length > 0 && piece[0] == ' ' ? 1 : 0;
                    out.write(piece, from, piece.length - from);
                }
            }
            prev = t;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The byte a {@code <0xXX>} piece stands for, or -1. */
    private int byteValue(int token) {
        String piece = vocab[token];
        if (piece.length() == 6 && piece.startsWith("<0x") && piece.endsWith(">")) {
            try {
                return Integer.parseInt(piece.substring(3, 5), 16);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    @Override
    public int vocabSize() {
        return vocab.length;
    }

    private static byte[] le(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    private static void readFully(DataInputStream in, byte[] b, Path path) throws IOException {
        try {
            in.readFully(b);
        } catch (EOFException e) {
            throw new IOException(path + ": truncated tokenizer file", e);
        }
    }
}
