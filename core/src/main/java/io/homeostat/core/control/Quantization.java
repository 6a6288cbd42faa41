package io.homeostat.core.control;

/** The seed's quantization advice from utilisation: {@code <0.70 -> 16, <0.85 -> 8, <0.95 -> 4, else 2} bits. */
public final class Quantization {
    private Quantization() {
    }

    public static int adviseBits(double rho) {
        if (rho < 0.70) {
            return 16;
        }
        if (rho < 0.85) {
            return 8;
        }
        return rho < 0.95 ? 4 : 2;
    }
}
