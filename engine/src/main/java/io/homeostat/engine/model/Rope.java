package io.homeostat.engine.model;

/**
 * Rotary position embedding tables, computed once in double precision and shared by every executor so
 * that CPU and GPU rotate by bit-identical angles.
 *
 * <p>Convention of llama2.c ({@code run.c}): within each head, adjacent pairs {@code (2i, 2i+1)} rotate by
 * {@code pos * theta^(-2i / headSize)}.
 */
public final class Rope {
    private final int half;
    /** [seqLen * headSize/2] */
    public final float[] cos;
    /** [seqLen * headSize/2] */
    public final float[] sin;

    public Rope(ModelConfig c) {
        this.half = c.headSize() / 2;
        this.cos = new float[c.seqLen() * half];
        this.sin = new float[c.seqLen() * half];
        for (int pos = 0; pos < c.seqLen(); pos++) {
            for (int i = 0; i < half; i++) {
                double freq = Math.pow(ModelConfig.ROPE_THETA, -(2.0 * i) / c.headSize());
                double angle = pos * freq;
                cos[pos * half + i] = (float) Math.cos(angle);
                sin[pos * half + i] = (float) Math.sin(angle);
            }
        }
    }

    /** Rotates {@code heads} heads of {@code headSize} floats at {@code off} in place, for position {@code pos}. */
    public void rotate(float[] v, int off, int heads, int headSize, int pos) {
        int base = pos * half;
        for (int h = 0; h < heads; h++) {
            int o = off + h * headSize;
            for (int i = 0; i < half; i++) {
                float c = cos[base + i];
                float s = sin[base + i];
                float v0 = v[o + 2 * i];
                float v1 = v[o + 2 * i + 1];
                v[o + 2 * i] = v0 * c - v1 * s;
                v[o + 2 * i + 1] = v0 * s + v1 * c;
            }
        }
    }
}
