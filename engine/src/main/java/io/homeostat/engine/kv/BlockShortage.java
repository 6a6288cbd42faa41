package io.homeostat.engine.kv;

/** Thrown when admitting a sequence would push free KV blocks below the floor; the message says by how much. */
public final class BlockShortage extends Exception {
    private static final long serialVersionUID = 1L;

    public BlockShortage(String message) {
        super(message);
    }
}
