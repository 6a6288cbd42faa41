package io.homeostat.core.control;

/**
 * Online fit of a batched server's service time {@code S(B) = a + b B} by recursive least squares
 * with exponential forgetting (Ljung, "System Identification", ch. 11).
 *
 * <p>Why a line and not a mean: a batched server's capacity is {@code mu(B) = B / S(B)}, not
 * {@code 1 / E[S]}; the fixed cost {@code a} is what batching amortises (DESIGN.md section 3).
 * The fit starts from the configured prior with a moderate covariance, so with little data (or
 * every batch the same size, which cannot separate a from b) it stays near the prior in the
 * unexcited direction. The covariance trace is capped to stop wind-up under forgetting.
 * Units: milliseconds.
 */
public final class ServiceTimeFit {
    private static final double PRIOR_VAR_A = 1e4;   // (100 ms)^2
    private static final double PRIOR_VAR_B = 1e2;   // (10 ms per request)^2
    private static final double MAX_TRACE = 1e6;
    private final double forgetting;
    private double a;
    private double b;
    private double p00 = PRIOR_VAR_A;
    private double p01;
    private double p11 = PRIOR_VAR_B;
    private long samples;

    public ServiceTimeFit(double priorA, double priorB, double forgetting) {
        this.a = priorA;
        this.b = priorB;
        this.forgetting = forgetting;
    }

    /** Adds one completed batch of {@code batchSize} requests that took {@code serviceMs}. */
    public void add(double batchSize, double serviceMs) {
        if (!(batchSize > 0) || !(serviceMs >= 0) || !Double.isFinite(serviceMs)) {
            return;
        }
        double x = batchSize;
        double pf0 = p00 + p01 * x;       // P * phi, phi = (1, x)
        double pf1 = p01 + p11 * x;
        double denom = forgetting + pf0 + pf1 * x;
        double k0 = pf0 / denom;
        double k1 = pf1 / denom;
        double err = serviceMs - (a + b * x);
        a += k0 * err;
        b += k1 * err;
        p00 = (p00 - k0 * pf0) / forgetting;
        p01 = (p01 - k0 * pf1) / forgetting;
        p11 = (p11 - k1 * pf1) / forgetting;
        double trace = p00 + p11;
        if (trace > MAX_TRACE) {
            double s = MAX_TRACE / trace;
            p00 *= s;
            p01 *= s;
            p11 *= s;
        }
        samples++;
    }

    /** Fitted intercept a, ms. */
    public double interceptMs() {
        return a;
    }

    /** Fitted slope b, ms per request. */
    public double slopeMs() {
        return b;
    }

    public long samples() {
        return samples;
    }

    /** {@code S(B) = a + b B} in ms, never below 1 microsecond (a fit can stray negative). */
    public double serviceMs(double batchSize) {
        return Math.max(1e-3, a + b * batchSize);
    }

    State exportState() {
        return new State(a, b, p00, p01, p11, samples);
    }

    void restore(State s) {
        a = s.a();
        b = s.b();
        p00 = s.p00();
        p01 = s.p01();
        p11 = s.p11();
        samples = s.samples();
    }

    /** Persisted form: estimate, covariance and sample count. */
    public record State(double a, double b, double p00, double p01, double p11, long samples) {
    }
}
