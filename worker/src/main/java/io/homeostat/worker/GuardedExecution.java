package io.homeostat.worker;

import io.homeostat.engine.exec.BatchExecutor;
import io.homeostat.engine.exec.BatchOutcome;
import io.homeostat.engine.exec.ExecutionBatch;
import io.homeostat.engine.exec.ExecutorException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a batch on the executor with a deadline and bounded retries, the shape of the LMAX Disruptor's
 * {@code BatchRewindStrategy}: an attempt that throws, runs past the batch timeout, or dies of an
 * {@link Error} such as {@link OutOfMemoryError} is retried with exponential backoff; after
 * {@code maxAttempts} (or at once when the failure says retrying cannot help) the caller answers the
 * batch FAILED with the last reason. The worker itself never stops for a bad batch.
 *
 * <p>Attempts run on one dedicated thread so a timeout can interrupt them. An executor that does not
 * stop within a grace period after the interrupt, or reports that its device is unusable, is closed and
 * rebuilt from the factory before the next attempt.
 */
final class GuardedExecution implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GuardedExecution.class);
    private static final long GRACE_MS = 5_000;

    /** How a batch ended. Exactly one of outcome / failure is set. */
    record Attempted(BatchOutcome outcome, String failure, int attempts) {
        boolean ok() {
            return outcome != null;
        }
    }

    private final Supplier<BatchExecutor> factory;
    private final int maxAttempts;
    private final long backoffMs;
    private final long timeoutMs;
    private ExecutorService thread;
    private BatchExecutor executor;
    private long retries;

    GuardedExecution(Supplier<BatchExecutor> factory, int maxAttempts, long backoffMs, long timeoutMs) {
        this.factory = factory;
        this.maxAttempts = maxAttempts;
        this.backoffMs = backoffMs;
        this.timeoutMs = timeoutMs;
        this.executor = factory.get();
        this.thread = newThread();
    }

    BatchExecutor executor() {
        return executor;
    }

    /** Retries since start. */
    long retries() {
        return retries;
    }

    Attempted run(ExecutionBatch batch, int queueDepth) throws InterruptedException {
        String failure = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (attempt > 1) {
                retries++;
                Thread.sleep(backoffMs << Math.min(attempt - 2, 20));
            }
            BatchExecutor e = executor;
            Future<BatchOutcome> f = thread.submit(() -> {
                e.onBatchStart(batch.sequences().size(), queueDepth);
                return e.execute(batch);
            });
            try {
                return new Attempted(f.get(timeoutMs, TimeUnit.MILLISECONDS), null, attempt);
            } catch (TimeoutException te) {
                failure = "attempt " + attempt + " exceeded the batch timeout of " + timeoutMs + " ms";
                f.cancel(true);
                awaitOrRebuild(f);
            } catch (ExecutionException ee) {
                Throwable cause = ee.getCause();
                failure = "attempt " + attempt + ": " + describe(cause);
                if (cause instanceof ExecutorException x && !x.retryable()) {
                    LOG.warn("batch {}: {}; not retryable, rebuilding the executor", batch.batchId(), failure);
                    rebuild();
                    return new Attempted(null, failure, attempt);
                }
                if (cause instanceof Error) {
                    rebuild(); // an OutOfMemoryError may leave the executor's buffers half-built
                }
            } catch (CancellationException ce) {
                failure = "attempt " + attempt + " was cancelled";
            }
            LOG.warn("batch {}: {}", batch.batchId(), failure);
        }
        return new Attempted(null, failure + " (gave up after " + maxAttempts + " attempts)", maxAttempts);
    }

    private static String describe(Throwable t) {
        if (t instanceof OutOfMemoryError) {
            return "out of memory: " + t.getMessage();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }

    private void awaitOrRebuild(Future<?> f) {
        thread.shutdown();
        try {
            if (thread.awaitTermination(GRACE_MS, TimeUnit.MILLISECONDS)) {
                thread = newThread();
                return;
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
        LOG.error("executor did not stop within {} ms of its interrupt; abandoning its thread and rebuilding it", GRACE_MS);
        thread.shutdownNow();
        thread = newThread();
        executor = factory.get(); // the stuck one keeps its thread; it is not closed under its feet
    }

    private void rebuild() {
        try {
            executor.close();
        } catch (RuntimeException e) {
            LOG.warn("closing a failed executor: {}", e.toString());
        }
        executor = factory.get();
    }

    private static ExecutorService newThread() {
        return java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "homeostat-executor");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void close() {
        thread.shutdownNow();
        executor.close();
    }
}
