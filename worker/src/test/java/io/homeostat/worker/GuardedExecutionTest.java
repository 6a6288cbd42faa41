package io.homeostat.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.engine.exec.BatchExecutor;
import io.homeostat.engine.exec.BatchOutcome;
import io.homeostat.engine.exec.ExecutionBatch;
import io.homeostat.engine.exec.ExecutionStats;
import io.homeostat.engine.exec.ExecutorException;
import io.homeostat.engine.kv.PoolStats;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GuardedExecutionTest {
    private static final ExecutionBatch BATCH = ExecutionBatch.of("b", List.of());

    /** What an attempt does. */
    interface Behaviour {
        BatchOutcome run(int attempt) throws Exception;
    }

    /** An executor whose attempts follow a script; counts attempts and instances. */
    static final class Scripted implements BatchExecutor {
        static final AtomicInteger INSTANCES = new AtomicInteger();
        final Behaviour behaviour;
        final AtomicInteger attempts;
        boolean closed;

        Scripted(Behaviour behaviour, AtomicInteger attempts) {
            this.behaviour = behaviour;
            this.attempts = attempts;
            INSTANCES.incrementAndGet();
        }

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public String device() {
            return "test";
        }

        @Override
        public BatchOutcome execute(ExecutionBatch batch) throws ExecutorException {
            try {
                return behaviour.run(attempts.incrementAndGet());
            } catch (ExecutorException | RuntimeException | Error e) {
                throw e;
            } catch (InterruptedException e) {
                throw new ExecutorException("interrupted", e, true);
            } catch (Exception e) {
                throw new ExecutorException(e.toString(), e, true);
            }
        }

        @Override
        public PoolStats poolStats() {
            return new PoolStats(1, 1, 0, 0, 0, 0, 16);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    static BatchOutcome ok() {
        return new BatchOutcome(List.of(), new ExecutionStats(0, 0, 0, 0, 0, 0, 0), new PoolStats(1, 1, 0, 0, 0, 0, 16));
    }

    private static GuardedExecution guarded(Behaviour b, AtomicInteger attempts, long timeoutMs) {
        return new GuardedExecution(() -> new Scripted(b, attempts), 3, 1, timeoutMs);
    }

    @Test
    void retriesTransientFailuresThenSucceeds() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        try (GuardedExecution g = guarded(a -> {
            if (a < 3) {
                throw new ExecutorException("transient " + a, true);
            }
            return ok();
        }, attempts, 5_000)) {
            GuardedExecution.Attempted r = g.run(BATCH, 0);
            assertTrue(r.ok());
            assertEquals(3, r.attempts());
            assertEquals(2, g.retries());
        }
    }

    @Test
    void givesUpAfterTheLastAttemptWithTheReason() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        try (GuardedExecution g = guarded(a -> {
            throw new ExecutorException("device error " + a, true);
        }, attempts, 5_000)) {
            GuardedExecution.Attempted r = g.run(BATCH, 0);
            assertFalse(r.ok());
            assertEquals(3, attempts.get());
            assertTrue(r.failure().contains("device error 3") && r.failure().contains("gave up after 3 attempts"), r.failure());
        }
    }

    @Test
    void doesNotRetryWhatCannotSucceedAndRebuildsTheExecutor() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        int before = Scripted.INSTANCES.get();
        try (GuardedExecution g = guarded(a -> {
            throw new ExecutorException("context lost", false);
        }, attempts, 5_000)) {
            GuardedExecution.Attempted r = g.run(BATCH, 0);
            assertFalse(r.ok());
            assertEquals(1, attempts.get());
            assertEquals(before + 2, Scripted.INSTANCES.get(), "a fresh executor replaces the broken one");
        }
    }

    @Test
    void outOfMemoryIsRetriedOnARebuiltExecutor() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        int before = Scripted.INSTANCES.get();
        try (GuardedExecution g = guarded(a -> {
            if (a == 1) {
                throw new OutOfMemoryError("simulated: KV pool allocation");
            }
            return ok();
        }, attempts, 5_000)) {
            GuardedExecution.Attempted r = g.run(BATCH, 0);
            assertTrue(r.ok());
            assertEquals(2, r.attempts());
            assertEquals(before + 2, Scripted.INSTANCES.get());
        }
    }

    @Test
    void aHangBeyondTheTimeoutIsInterruptedAndRetried() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        try (GuardedExecution g = guarded(a -> {
            if (a == 1) {
                Thread.sleep(60_000); // interruptible hang
            }
            return ok();
        }, attempts, 200)) {
            GuardedExecution.Attempted r = g.run(BATCH, 0);
            assertTrue(r.ok());
            assertEquals(2, r.attempts());
        }
    }

    @Test
    void everyAttemptHangingEndsFailedWithTheTimeoutReason() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        try (GuardedExecution g = guarded(a -> {
            Thread.sleep(60_000);
            return ok();
        }, attempts, 100)) {
            GuardedExecution.Attempted r = g.run(BATCH, 0);
            assertFalse(r.ok());
            assertNotNull(r.failure());
            assertTrue(r.failure().contains("exceeded the batch timeout of 100 ms"), r.failure());
        }
    }
}
