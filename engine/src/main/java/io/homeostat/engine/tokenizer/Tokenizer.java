package io.homeostat.engine.tokenizer;

/** Text to token ids and back. Implementations are immutable and thread-safe. */
public interface Tokenizer {
    int BOS = 1;
    int EOS = 2;

    /** Encodes text, with BOS first when {@code bos} is set. */
    int[] encode(String text, boolean bos);

    /** Decodes a token that follows {@code previous} (some tokenizers strip a leading space after BOS). */
    String decode(int previous, int token);

    default String decode(int[] tokens) {
        StringBuilder sb = new StringBuilder();
        int prev = BOS;
        for (int t : tokens) {
            sb.append(decode(prev, t));
            prev = t;
        }
        return sb.toString();
    }

    int vocabSize();
}
