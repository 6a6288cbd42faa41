package io.homeostat.core.control;

import java.util.Arrays;

/**
 * Queueing-theory view of one pool: arrival rate, batched service capacity, utilisation and the
 * KV-block floor that keeps the queue stable (DESIGN.md section 3, seed formulas corrected).
 *
 * <pre>
 *   arrivals ──► lambda (decayed count)        E[blocks] (EWMA of ceil(tokens / block), x used/reserved)
 *   completions ──► S(B) = a + b B (RLS)  ──►  mu_max = B_max / S(B_max),  rho = lambda / mu_max
 *                   E[S] (EWMA)           ──►  minimum_stable_blocks = ceil(lambda E[S] E[blocks] margin)
 *                   pool: free, cached    ──►  lambda_critical = free / (E[S] E[blocks] margin)
 *   cut ──► budget = free + evictable - in-flight reservations - floor;  eviction target (throttled)
 * </pre>
 *
 * <h2>Cold start (before data)</h2>
 * lambda = 0 before the first arrival; S(B) is the configured prior {@code a + b B}; E[S] = S(1);
 * E[blocks] = 0 before the first arrival; the pool is unknown until the first completion that
 * carries its state, and then the block budget is unlimited, {@code lambda_critical} is +infinity
 * and free/cached read -1.
 *
 * <h2>Blocks in flight</h2>
 * A batch's blocks are reserved when it is cut and released when its completion arrives; the
 * worker runs a pool's batches in order, so a completion for batch k releases every reservation
 * up to k. The budget subtracts what is reserved, because the worker's last report predates
 * those batches.
 *
 * <h2>Eviction</h2>
 * When admitting a batch would leave {@code free < floor}, the advice asks the worker to evict
 * that many prefix-cache blocks (at most what is cached). Two requests are at least the throttle
 * interval apart; while throttled, cached blocks do not count toward the budget (the batch must
 * fit without eviction) and the advice says {@code evictionThrottled = true}: never silent.
 *
 * <p>Not thread-safe: one controller per pool, owned by one thread.
 */
public final class QueueingController {
    /** Current version of {@link State}. */
    public static final int STATE_VERSION = 1;
    private static final long NEVER = Long.MIN_VALUE;

    private final ControllerConfig config;
    private final int maxBatchRequests;
    private final DecayedRate lambda;
    private final ServiceTimeFit fit;
    private final long throttleNs;
    private double meanServiceMs;
    private double meanArrivalBlocks;
    private boolean sawArrival;
    private double blocksUsedRatio = 1.0;
    private int freeBlocks = -1;
    private int cachedBlocks = -1;
    private int totalBlocks = -1;
    private long lastEvictionNs = NEVER;
    private long[] reservedSeq = new long[8];
    private int[] reservedBlocks = new int[8];
    private int reservations;
    private long reservedTotal;
    private long evictionsThrottled;

    public QueueingController(ControllerConfig config, int maxBatchRequests) {
        if (maxBatchRequests < 1) {
            throw new IllegalArgumentException("max batch requests must be >= 1: " + maxBatchRequests);
        }
        this.config = config;
        this.maxBatchRequests = maxBatchRequests;
        this.lambda = new DecayedRate(config.lambdaTimeConstantMs() * 1e6, Math.round(config.lambdaMinObservationMs() * 1e6));
        this.fit = new ServiceTimeFit(config.priorInterceptMs(), config.priorSlopeMs(), config.rlsForgetting());
        this.meanServiceMs = fit.serviceMs(1);
        this.throttleNs = Math.round(config.evictionThrottleMs() * 1e6);
    }

    public ControllerConfig config() {
        return config;
    }

    /** An arrival that entered the queue, needing {@code blocks} KV blocks. */
    public void onArrival(long arrivalNs, int blocks) {
        lambda.record(arrivalNs);
        if (!sawArrival) {
            meanArrivalBlocks = blocks;
            sawArrival = true;
        } else {
            meanArrivalBlocks += config.blocksEwmaWeight() * (blocks - meanArrivalBlocks);
        }
    }

    /** What the next batch may take at {@code nowNs}. */
    public BlockBudget budget(long nowNs) {
        if (!poolKnown()) {
            return new BlockBudget(Integer.MAX_VALUE, Integer.MAX_VALUE, minimumStableBlocks(nowNs), reservations, false);
        }
        int floor = minimumStableBlocks(nowNs);
        boolean open = evictionOpen(nowNs);
        long available = (long) freeBlocks + (open ? cachedBlocks : 0) - reservedTotal - floor;
        boolean throttled = !open && cachedBlocks > 0;
        return new BlockBudget(clampInt(Math.max(0, available)), totalBlocks, floor, reservations, throttled);
    }

    /**
     * Records that batch {@code batchSeq} with {@code blocks} KV blocks was cut, reserves them and
     * returns the advice to send with it (eviction target, throttle flag, current estimates).
     */
    public ControllerAdvice onBatchCut(long batchSeq, int requests, int blocks, long nowNs) {
        BlockBudget before = budget(nowNs);
        reserve(batchSeq, blocks);
        int floor = before.minimumStableBlocks();
        int target = 0;
        boolean throttled = false;
        if (poolKnown()) {
            long deficit = floor + reservedTotal - freeBlocks;
            if (deficit > 0 && cachedBlocks > 0) {
                if (evictionOpen(nowNs)) {
                    target = (int) Math.min(deficit, cachedBlocks);
                    lastEvictionNs = nowNs;
                    freeBlocks += target;   // optimistic until the next completion reports the truth
                    cachedBlocks -= target;
                } else {
                    throttled = true;
                    evictionsThrottled++;
                }
            }
        }
        double rho = rho(nowNs);
        return new ControllerAdvice(floor, target, before.blocks(), lambdaPerSecond(nowNs), muMaxPerSecond(), rho,
            Quantization.adviseBits(rho), throttled);
    }

    /** Folds one completion into the estimates and the pool state. */
    public void onCompletion(CompletionReport c) {
        int reserved = release(c.batchSeq());
        if (c.batchSize() > 0 && c.serviceNs() >= 0) {
            double ms = c.serviceNs() / 1e6;
            fit.add(c.batchSize(), ms);
            meanServiceMs += config.serviceEwmaWeight() * (ms - meanServiceMs);
        }
        if (reserved > 0 && c.blocksUsed() >= 0) {
            double ratio = Math.min(4.0, c.blocksUsed() / (double) reserved);
            blocksUsedRatio += config.blocksEwmaWeight() * (ratio - blocksUsedRatio);
        }
        if (c.hasPoolState()) {
            freeBlocks = c.freeBlocks();
            cachedBlocks = c.cachedBlocks();
            totalBlocks = c.totalBlocks();
        }
    }

    // ---- estimates -------------------------------------------------------------------------

    public double lambdaPerSecond(long nowNs) {
        return lambda.perSecond(nowNs);
    }

    /** {@code S(B)} from the fit, ms. */
    public double serviceMs(int batchSize) {
        return fit.serviceMs(batchSize);
    }

    /** {@code S(B)} from the fit, whole ns. */
    public long serviceNs(int batchSize) {
        return Math.round(fit.serviceMs(batchSize) * 1e6);
    }

    public double serviceInterceptMs() {
        return fit.interceptMs();
    }

    public double serviceSlopeMs() {
        return fit.slopeMs();
    }

    /** E[S], the mean batch service time, ms. */
    public double meanServiceMs() {
        return meanServiceMs;
    }

    /** {@code mu_max = B_max / S(B_max)}, requests per second. */
    public double muMaxPerSecond() {
        return maxBatchRequests / (fit.serviceMs(maxBatchRequests) / 1e3);
    }

    public double rho(long nowNs) {
        return lambdaPerSecond(nowNs) / muMaxPerSecond();
    }

    /** E[blocks] per request: arrivals' blocks scaled by what completions actually used. */
    public double meanBlocksPerRequest() {
        return meanArrivalBlocks * blocksUsedRatio;
    }

    /** {@code ceil(lambda E[S] E[blocks] margin)}. */
    public int minimumStableBlocks(long nowNs) {
        double v = lambdaPerSecond(nowNs) * (meanServiceMs / 1e3) * meanBlocksPerRequest() * config.littleMargin();
        return clampInt((long) Math.ceil(v - 1e-9));
    }

    /** {@code free / (E[S] E[blocks] margin)}: the arrival rate the free blocks sustain; +inf if unknown. */
    public double lambdaCriticalPerSecond() {
        double per = (meanServiceMs / 1e3) * meanBlocksPerRequest() * config.littleMargin();
        if (!poolKnown() || per <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        return freeBlocks / per;
    }

    /** {@code rho < 1} and, once the pool is known, {@code free >= floor}. */
    public boolean isStable(long nowNs) {
        return rho(nowNs) < 1 && (!poolKnown() || freeBlocks >= minimumStableBlocks(nowNs));
    }

    public int quantizationBits(long nowNs) {
        return Quantization.adviseBits(rho(nowNs));
    }

    public boolean poolKnown() {
        return totalBlocks > 0;
    }

    /** Last reported (or optimistically updated) free blocks, -1 before the first report. */
    public int freeBlocks() {
        return freeBlocks;
    }

    public int cachedBlocks() {
        return cachedBlocks;
    }

    public int totalBlocks() {
        return totalBlocks;
    }

    public int inFlightBatches() {
        return reservations;
    }

    public long reservedBlocks() {
        return reservedTotal;
    }

    /** Evictions held back by the throttle since creation. */
    public long evictionsThrottled() {
        return evictionsThrottled;
    }

    /** Completions folded in since creation. */
    public long completions() {
        return fit.samples();
    }

    // ---- reservations ---------------------------------------------------------------------

    private void reserve(long seq, int blocks) {
        if (reservations == reservedSeq.length) {
            reservedSeq = Arrays.copyOf(reservedSeq, reservations * 2);
            reservedBlocks = Arrays.copyOf(reservedBlocks, reservations * 2);
        }
        reservedSeq[reservations] = seq;
        reservedBlocks[reservations] = blocks;
        reservations++;
        reservedTotal += blocks;
    }

    /** Releases reservations up to {@code seq}; returns the blocks reserved for {@code seq} itself (0 if unknown). */
    private int release(long seq) {
        int n = 0;
        int own = 0;
        while (n < reservations && reservedSeq[n] <= seq) {
            if (reservedSeq[n] == seq) {
                own = reservedBlocks[n];
            }
            reservedTotal -= reservedBlocks[n];
            n++;
        }
        if (n > 0) {
            System.arraycopy(reservedSeq, n, reservedSeq, 0, reservations - n);
            System.arraycopy(reservedBlocks, n, reservedBlocks, 0, reservations - n);
            reservations -= n;
        }
        return own;
    }

    /** Forgets every reservation (e.g. the worker restarted and will report afresh). */
    public void clearReservations() {
        reservations = 0;
        reservedTotal = 0;
    }

    private boolean evictionOpen(long nowNs) {
        return lastEvictionNs == NEVER || nowNs - lastEvictionNs >= throttleNs;
    }

    private static int clampInt(long v) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(Integer.MIN_VALUE, v));
    }

    // ---- state ----------------------------------------------------------------------------

    public State exportState() {
        return new State(STATE_VERSION, lambda.exportState(), fit.exportState(), meanServiceMs, meanArrivalBlocks,
            sawArrival, blocksUsedRatio, freeBlocks, cachedBlocks, totalBlocks, lastEvictionNs,
            Arrays.copyOf(reservedSeq, reservations), Arrays.copyOf(reservedBlocks, reservations), evictionsThrottled);
    }

    public void restore(State s) {
        if (s.version() != STATE_VERSION) {
            throw new IllegalArgumentException("controller state version " + s.version()
                + " is not readable by this build (reads " + STATE_VERSION + ")");
        }
        if (s.reservedSeq().length != s.reservedBlocks().length) {
            throw new IllegalArgumentException("controller state: reservation arrays differ in length");
        }
        lambda.restore(s.lambda());
        fit.restore(s.fit());
        meanServiceMs = s.meanServiceMs();
        meanArrivalBlocks = s.meanArrivalBlocks();
        sawArrival = s.sawArrival();
        blocksUsedRatio = s.blocksUsedRatio();
        freeBlocks = s.freeBlocks();
        cachedBlocks = s.cachedBlocks();
        totalBlocks = s.totalBlocks();
        lastEvictionNs = s.lastEvictionNs();
        evictionsThrottled = s.evictionsThrottled();
        clearReservations();
        long[] seqs = s.reservedSeq();
        int[] blocks = s.reservedBlocks();
        for (int i = 0; i < seqs.length; i++) {
            reserve(seqs[i], blocks[i]);
        }
    }

    /**
     * Everything the controller needs to resume after a restart.
     *
     * @param version        {@link #STATE_VERSION}
     * @param lambda         the decayed arrival count
     * @param fit            the service-time fit
     * @param meanServiceMs  E[S]
     * @param meanArrivalBlocks EWMA of arrivals' blocks
     * @param sawArrival     whether any arrival was seen
     * @param blocksUsedRatio EWMA of blocks used / reserved
     * @param freeBlocks     last known free blocks (-1 unknown)
     * @param cachedBlocks   last known cached blocks (-1 unknown)
     * @param totalBlocks    pool size (-1 unknown)
     * @param lastEvictionNs last eviction request ({@link Long#MIN_VALUE}: never)
     * @param reservedSeq    sequence numbers of batches in flight, ascending
     * @param reservedBlocks their blocks
     * @param evictionsThrottled counter
     */
    public record State(int version, DecayedRate.State lambda, ServiceTimeFit.State fit, double meanServiceMs,
                        double meanArrivalBlocks, boolean sawArrival, double blocksUsedRatio, int freeBlocks,
                        int cachedBlocks, int totalBlocks, long lastEvictionNs, long[] reservedSeq,
                        int[] reservedBlocks, long evictionsThrottled) {
        public State {
            reservedSeq = reservedSeq.clone();
            reservedBlocks = reservedBlocks.clone();
        }

        @Override
        public long[] reservedSeq() {
            return reservedSeq.clone();
        }

        @Override
        public int[] reservedBlocks() {
            return reservedBlocks.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof State s && s.version == version && s.lambda.equals(lambda) && s.fit.equals(fit)
                && Double.compare(s.meanServiceMs, meanServiceMs) == 0
                && Double.compare(s.meanArrivalBlocks, meanArrivalBlocks) == 0 && s.sawArrival == sawArrival
                && Double.compare(s.blocksUsedRatio, blocksUsedRatio) == 0 && s.freeBlocks == freeBlocks
                && s.cachedBlocks == cachedBlocks && s.totalBlocks == totalBlocks && s.lastEvictionNs == lastEvictionNs
                && Arrays.equals(s.reservedSeq, reservedSeq) && Arrays.equals(s.reservedBlocks, reservedBlocks)
                && s.evictionsThrottled == evictionsThrottled;
        }

        @Override
        public int hashCode() {
            return lambda.hashCode() * 31 + fit.hashCode() + Arrays.hashCode(reservedSeq);
        }

        @Override
        public String toString() {
            return "QueueingController.State[v" + version + ", " + lambda + ", " + fit + ", free=" + freeBlocks
                + ", cached=" + cachedBlocks + ", total=" + totalBlocks + ", inFlight=" + reservedSeq.length + "]";
        }
    }
}
