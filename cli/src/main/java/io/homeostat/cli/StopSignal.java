package io.homeostat.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C and SIGTERM for long-running commands. The JVM runs shutdown hooks on both signals; the
 * hook here only raises the flag and then waits (up to {@link #DEFAULT_GRACE}, 30 s) for the command to say it has
 * finished cleaning up, so a replay can print how far it got and a scheduler can close its
 * stores before the JVM goes.
 *
 * <pre>
 *   try (StopSignal stop = StopSignal.install()) {
 *       while (!stop.requested()) { ... }      // or stop.await(timeout)
 *       ... print the summary ...
 *   }                                           // close(): the hook may let the JVM exit now
 * </pre>
 */
public final class StopSignal implements AutoCloseable {
    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;
    /** How long the JVM waits, after a signal, for the command to finish, unless {@link #grace} says otherwise. */
    static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);

    private StopSignal() {
        hook = new Thread(() -> {
            requested.countDown();
            try {
                finished.await(DEFAULT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "homeostat-stop");
    }

    public static StopSignal install() {
        StopSignal s = new StopSignal();
        Runtime.getRuntime().addShutdownHook(s.hook);
        return s;
    }

    /** A flag no signal raises (not installed): for work that must finish even while stopping, e.g. a last report. */
    public static StopSignal none() {
        return new StopSignal();
    }

    /** Raises the flag from inside the process (tests, or a command that decides to stop). */
    public void request() {
        requested.countDown();
    }

    public boolean requested() {
        return requested.getCount() == 0;
    }

    /** Waits for a stop request up to {@code timeout}; true when one came. */
    public boolean await(Duration timeout) throws InterruptedException {
        return requested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sleeps up to {@code timeout}, waking early on a stop request; true when stopped. */
    public boolean sleep(Duration timeout) {
        try {
            return await(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running and has just been released
        }
    }
}
