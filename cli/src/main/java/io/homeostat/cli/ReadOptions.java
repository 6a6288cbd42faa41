package io.homeostat.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The reading options {@code consume} and {@code record} share: where to start, whether to wait, how many, how long. */
final class ReadOptions {
    @Option(names = "--from-beginning", description = "Start at the oldest record (default: at the end, i.e. from now).")
    boolean fromBeginning;

    @Option(names = "--follow",
        description = "Keep waiting for new records until --limit, Ctrl-C or SIGTERM (default: stop at the end of what is there).")
    boolean follow;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", description = "Stop after N records (waiting for them up to --timeout).")
    Long limit;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
        description = "With --limit and no --follow: give up waiting after this many idle seconds (default ${DEFAULT-VALUE}).")
    double timeoutS;

    Duration idleTimeout() {
        return Duration.ofMillis((long) (timeoutS * 1000));
    }

    /** Whether fewer than --limit records arrived although nobody asked to stop. */
    boolean incomplete(long read, StopSignal stop) {
        return limit != null && read < limit && !stop.requested();
    }
}
