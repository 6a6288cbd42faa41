package io.homeostat.core.fairness;

/**
 * Jain's fairness index {@code J = (sum x)^2 / (n sum x^2)} (Jain, Chiu and Hawe, DEC-TR-301,
 * 1984): 1 when every x is equal, {@code 1/n} when one party gets everything.
 */
public final class JainFairness {
    private JainFairness() {
    }

    /**
     * The index of {@code x} (non-negative allocations). By convention 1.0 for no parties and for
     * all-zero allocations (everyone equally unserved is equal treatment).
     */
    public static double index(double[] x) {
        return index(x, x.length);
    }

    /** The index of the first {@code n} entries of {@code x}. */
    public static double index(double[] x, int n) {
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            if (!(x[i] >= 0) || Double.isInfinite(x[i])) {
                throw new IllegalArgumentException("allocation " + i + " must be finite and >= 0: " + x[i]);
            }
            sum += x[i];
            sumSq += x[i] * x[i];
        }
        if (n == 0 || sumSq == 0) {
            return 1.0;
        }
        return sum * sum / (n * sumSq);
    }
}
