package io.homeostat.engine.exec;

import java.util.Arrays;

/**
 * One forward pass over several sequences: prefill chunks and single decode tokens alike, flattened.
 *
 * <pre>
 *   tokens     t0 t1 t2 t3 | t4 | t5 t6          (3 sequences, 7 tokens)
 *   positions   0  1  2  3 | 17 |  5  6          (position of each token in its sequence)
 *   seqStart   0, 4, 5, 7                        (token range of sequence s: [seqStart[s], seqStart[s+1]))
 *   blockTable [s * maxBlocks + i] = physical KV block of logical block i of sequence s
 * </pre>
 *
 * Each token attends to positions {@code 0..its own} of its sequence through the block table; K/V of
 * earlier positions must already be in the cache (written by earlier steps or the prefix cache). The
 * backend returns logits for the last token of every sequence.
 */
public final class StepBatch {
    private int seqCount;
    private int tokenCount;
    private int[] tokens = new int[64];
    private int[] positions = new int[64];
    private int[] tokenSeq = new int[64];
    private int[] seqStart = new int[9];
    private int maxBlocks;
    private int[] blockTables = new int[0];

    /** Clears the step for sequences of up to {@code maxBlocksPerSequence} blocks. */
    public StepBatch reset(int maxBlocksPerSequence) {
        this.seqCount = 0;
        this.tokenCount = 0;
        this.maxBlocks = maxBlocksPerSequence;
        seqStart[0] = 0;
        return this;
    }

    /** Adds a sequence: {@code count} tokens from {@code src[from..]} at positions {@code startPos..}. */
    public StepBatch add(int[] src, int from, int count, int startPos, int[] blockTable) {
        if (count < 1) {
            throw new IllegalArgumentException("a sequence contributes at least one token");
        }
        if (blockTable.length > maxBlocks) {
            throw new IllegalArgumentException("block table of " + blockTable.length + " > max " + maxBlocks);
        }
        ensureTokens(tokenCount + count);
        ensureSeqs(seqCount + 1);
        for (int i = 0; i < count; i++) {
            tokens[tokenCount + i] = src[from + i];
            positions[tokenCount + i] = startPos + i;
            tokenSeq[tokenCount + i] = seqCount;
        }
        int row = seqCount * maxBlocks;
        System.arraycopy(blockTable, 0, blockTables, row, blockTable.length);
        Arrays.fill(blockTables, row + blockTable.length, row + maxBlocks, -1);
        tokenCount += count;
        seqCount++;
        seqStart[seqCount] = tokenCount;
        return this;
    }

    public int seqCount() {
        return seqCount;
    }

    public int tokenCount() {
        return tokenCount;
    }

    public int maxBlocksPerSequence() {
        return maxBlocks;
    }

    /** Backing arrays, valid up to the counts; backends read them directly (no copies on the hot path). */
    public int[] tokens() {
        return tokens;
    }

    public int[] positions() {
        return positions;
    }

    public int[] tokenSequence() {
        return tokenSeq;
    }

    public int[] sequenceStart() {
        return seqStart;
    }

    public int[] blockTables() {
        return blockTables;
    }

    /** Index of the last token of sequence {@code s}. */
    public int lastToken(int s) {
        return seqStart[s + 1] - 1;
    }

    private void ensureTokens(int n) {
        if (n > tokens.length) {
            int cap = Math.max(n, tokens.length * 2);
            tokens = Arrays.copyOf(tokens, cap);
            positions = Arrays.copyOf(positions, cap);
            tokenSeq = Arrays.copyOf(tokenSeq, cap);
        }
    }

    private void ensureSeqs(int n) {
        if (n + 1 > seqStart.length) {
            seqStart = Arrays.copyOf(seqStart, Math.max(n + 1, seqStart.length * 2));
        }
        if ((long) n * maxBlocks > blockTables.length) {
            blockTables = Arrays.copyOf(blockTables, Math.max(n * maxBlocks, blockTables.length * 2));
        }
    }
}
