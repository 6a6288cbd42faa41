package io.homeostat.reliability;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Keeps one child process of a role (scheduler, worker): start, SIGKILL and restart, stop. */
final class Supervisor implements AutoCloseable {
    interface Launcher {
        Process launch() throws IOException;
    }

    private final String role;
    private final Launcher launcher;
    private Process process;
    private int starts;
    private int kills;

    Supervisor(String role, Launcher launcher) {
        this.role = role;
        this.launcher = launcher;
    }

    synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(role + " is already running");
        }
        process = launcher.launch();
        starts++;
    }

    /** SIGKILL: no shutdown hook runs, no transaction is ended, no group is left. */
    synchronized void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(role + " survived SIGKILL for 30 s");
        }
        kills++;
    }

    synchronized void killAndRestart() throws IOException, InterruptedException {
        kill();
        start();
    }

    /** Whether the current incarnation is alive; a child that exited by itself is a failure of the test. */
    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    synchronized int exitCode() {
        return process.isAlive() ? Integer.MIN_VALUE : process.exitValue();
    }

    synchronized int kills() {
        return kills;
    }

    synchronized int starts() {
        return starts;
    }

    String role() {
        return role;
    }

    @Override
    public synchronized void close() {
        if (process != null && process.isAlive()) {
            process.destroy(); // SIGTERM: the clean shutdown path
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
