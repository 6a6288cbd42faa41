package io.homeostat.cli;

/**
 * What {@code ./homeostat}'s exit status means (README, "Command line"). Scripts can tell a bad
 * command line from bad data from an unreachable cluster without parsing messages.
 *
 * <pre>
 *   0   OK
 *   1   failed (an unexpected error; the message says what happened)
 *   2   usage: unknown option or subcommand, bad option value, unknown or invalid configuration key
 *   3   bad input: a malformed trace or JSON line (with --on-error stop), a missing input file
 *   4   Kafka or the schema registry is unreachable
 *   5   a topic is missing or contradicts topics/topics.yaml
 *   6   incomplete: the run ended before every request was answered (demo, replay --await-results)
 *   130 / 143  stopped by Ctrl-C / SIGTERM (the JVM reports the signal; the command still stops cleanly)
 * </pre>
 */
public final class ExitCode {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int BAD_INPUT = 3;
    public static final int UNREACHABLE = 4;
    public static final int TOPIC = 5;
    public static final int INCOMPLETE = 6;

    private ExitCode() {
    }
}
