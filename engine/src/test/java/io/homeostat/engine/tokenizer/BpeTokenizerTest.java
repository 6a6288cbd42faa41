package io.homeostat.engine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** llama2.c's BPE tokenizer: the tokenizer.bin format, merges by score, byte fallback, round trips. */
class BpeTokenizerTest {
    @TempDir
    Path dir;

    /** llama2.c layout: 0 unk, 1 BOS, 2 EOS, 3..258 the byte pieces, then merged pieces with their scores. */
    static BpeTokenizer tokenizer(Object... piecesAndScores) {
        List<String> vocab = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
        List<Float> scores = new ArrayList<>(List.of(0f, 0f, 0f));
        for (int b = 0; b < 256; b++) {
            vocab.add(String.format("<0x%02X>", b));
            scores.add(0f);
        }
        for (int i = 0; i < piecesAndScores.length; i += 2) {
            vocab.add((String) piecesAndScores[i]);
            scores.add(((Number) piecesAndScores[i + 1]).floatValue());
        }
        float[] s = new float[scores.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = scores.get(i);
        }
        return new BpeTokenizer(vocab.toArray(new String[0]), s);
    }

    private static final int FIRST = 259;

    @Test
    void mergesTheBestScoringPairFirst() {
        // ids: " "=259 a=260 b=261 c=262 ab=263 bc=264 abc=265 " ab"=266
        BpeTokenizer bcFirst = tokenizer(" ", -9, "a", -9, "b", -9, "c", -9, "ab", 1, "bc", 2, "abc", 3, " ab", 4);
        // " a b c": best pair bc (2) -> " a bc": best abc (3) -> " abc": " abc" unknown -> stop
        assertArrayEquals(new int[] {1, FIRST, 265}, bcFirst.encode("abc", true));
        BpeTokenizer abFirst = tokenizer(" ", -9, "a", -9, "b", -9, "c", -9, "ab", 5, "bc", 2, "abc", 3, " ab", 4);
        // " a b c": ab (5) -> " ab c": " ab" (4) beats abc (3) -> " ab" c: " abc" unknown -> stop
        assertArrayEquals(new int[] {FIRST + 7, FIRST + 3}, abFirst.encode("abc", false));
        assertEquals("abc", abFirst.decode(abFirst.encode("abc", true)));
    }

    @Test
    void unknownCharactersFallBackToUtf8Bytes() {
        BpeTokenizer t = tokenizer(" ", 0, "h", 0, "i", 0, "hi", 1);
        // é = C3 A9, not in the vocabulary: byte tokens 0xC3 + 3, 0xA9 + 3
        assertArrayEquals(new int[] {1, FIRST, FIRST + 3, 0xC3 + 3, 0xA9 + 3}, t.encode("hié", true));
        assertEquals("hié", t.decode(t.encode("hié", true)));
        assertArrayEquals(new int[0], t.encode("", false));
    }

    @Test
    void decodeStripsTheDummySpaceAfterBosOnly() {
        BpeTokenizer t = tokenizer(" ", 0, "x", 0, " x", 1);
        int spaceX = FIRST + 2;
        assertEquals("x", t.decode(1, spaceX));
        assertEquals(" x", t.decode(FIRST + 1, spaceX));
        assertEquals("\u00e9", t.decode(5, 0xE9 + 3), "streaming decode: one raw byte per byte token");
    }

    @Test
    void writeThenReadKeepsEveryPieceAndScore() throws IOException {
        BpeTokenizer t = tokenizer(" ", -1, "a", -2, "ab", 1.5, "é", 0.25, "日本", 7, " ab", 2);
        Path p = dir.resolve("tokenizer.bin");
        t.write(p);
        byte[] bytes = Files.readAllBytes(p);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(6, b.getInt(), "max_token_length: the longest piece in bytes (<0xXX> and 日本)");
        BpeTokenizer back = BpeTokenizer.read(p, t.vocabSize());
        assertEquals(t.vocabSize(), back.vocabSize());
        for (String s : List.of("ab", "a é 日本", "abab ab", "zzz")) {
            assertArrayEquals(t.encode(s, true), back.encode(s, true), s);
            assertEquals(s, back.decode(back.encode(s, true)));
        }
        Path again = dir.resolve("again.bin");
        back.write(again);
        assertArrayEquals(bytes, Files.readAllBytes(again), "byte-identical rewrite");
    }

    @Test
    void truncatedOrCorruptFilesAreRejected() throws IOException {
        Path p = dir.resolve("tokenizer.bin");
        tokenizer("a", 0).write(p);
        byte[] bytes = Files.readAllBytes(p);
        Files.write(p, Arrays.copyOf(bytes, bytes.length - 2));
        IOException e = assertThrows(IOException.class, () -> BpeTokenizer.read(p, 260));
        assertTrue(e.getMessage().contains("truncated tokenizer file"), e.getMessage());
        Files.write(p, bytes);
        e = assertThrows(IOException.class, () -> BpeTokenizer.read(p, 300));
        assertTrue(e.getMessage().contains("truncated tokenizer file"), "vocab larger than the file: " + e.getMessage());
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(4 + 4, -7); // first token's length
        Files.write(p, bytes);
        e = assertThrows(IOException.class, () -> BpeTokenizer.read(p, 260));
        assertTrue(e.getMessage().contains("token 0 has an impossible length -7"), e.getMessage());
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.of("a", "b", "ab", " ", "é", "日", "本", "\uD83D\uDE00", "x", "\n").list().ofMaxSize(20)
                .map(parts -> String.join("", parts));
    }

    @Property(tries = 300)
    void encodeDecodeRoundTrips(@ForAll("texts") String text) {
        BpeTokenizer t = tokenizer(" ", 0, "a", 0, "b", 0, "ab", 3, " a", 1, "ba", 2, "日", 0, "日本", 5, "  ", 0.5);
        assertEquals(text, t.decode(t.encode(text, true)));
        assertEquals(text, t.decode(t.encode(text, false)));
        for (int id : t.encode(text, true)) {
            assertTrue(id >= 0 && id < t.vocabSize());
        }
    }
}
