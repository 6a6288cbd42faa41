package io.homeostat.engine.kv;

/**
 * The blocks one running sequence holds: its block table (logical block i of the sequence lives in
 * physical block {@code table[i]}), how many leading prompt tokens came from the prefix cache, and the
 * namespace its full blocks are cached under when it finishes (null: not cached).
 */
public final class SequenceBlocks {
    final int[] table;
    final int cachedTokens;
    final String namespace;
    boolean released;

    SequenceBlocks(int[] table, int cachedTokens, String namespace) {
        this.table = table;
        this.cachedTokens = cachedTokens;
        this.namespace = namespace;
    }

    /** Physical block ids, in sequence order. */
    public int[] table() {
        return table.clone();
    }

    public int blockAt(int logical) {
        return table[logical];
    }

    public int blockCount() {
        return table.length;
    }

    /** Prompt tokens whose K/V came from the prefix cache (a multiple of the block size). */
    public int cachedTokens() {
        return cachedTokens;
    }
}
