package io.homeostat.cli;

import io.homeostat.kafka.embedded.KafkaUnreachableException;
import io.homeostat.kafka.registry.SchemaRegistryUnavailableException;
import io.homeostat.kafka.topics.TopicCatalogException;
import io.homeostat.kafka.topics.TopicContradictionException;
import io.homeostat.sim.trace.TraceFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Turns any failure into one line and an {@link ExitCode}: a person sees what went wrong and what
 * to do, never a stack-trace wall ({@code HOMEOSTAT_DEBUG=1} prints the trace as well).
 */
public final class Failures {
    private Failures() {
    }

    /** The exit code for {@code e}. */
    public static int exitCode(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CliException c) {
                return c.exitCode();
            }
            if (t instanceof KafkaUnreachableException || t instanceof SchemaRegistryUnavailableException
                || t instanceof TimeoutException) {
                return ExitCode.UNREACHABLE;
            }
            if (t instanceof TopicContradictionException || t instanceof TopicCatalogException) {
                return ExitCode.TOPIC;
            }
            if (t instanceof TraceFormatException || t instanceof IOException) {
                return ExitCode.BAD_INPUT;
            }
            if (t instanceof org.apache.kafka.common.config.ConfigException
                || t instanceof io.homeostat.core.config.ConfigException) {
                return ExitCode.USAGE;
            }
        }
        return ExitCode.FAILED;
    }

    /** One line: the most telling message in the cause chain, with a hint where one helps. */
    public static String message(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CliException || t instanceof KafkaUnreachableException
                || t instanceof TopicContradictionException || t instanceof TraceFormatException
                || t instanceof SchemaRegistryUnavailableException) {
                return oneLine(t.getMessage());
            }
            if (t instanceof org.apache.kafka.common.config.ConfigException
                || t instanceof io.homeostat.core.config.ConfigException) {
                return oneLine(t.getMessage()) + " (see ./homeostat <command> --help and the README's configuration tables)";
            }
            if (t instanceof UncheckedIOException u && u.getCause() != null) {
                return oneLine(u.getCause().getMessage());
            }
            if (t instanceof TimeoutException) {
                return "Kafka did not answer in time: " + oneLine(t.getMessage())
                    + " (is the broker at bootstrap.servers running?)";
            }
        }
        String msg = e.getMessage();
        return oneLine(e.getClass().getSimpleName() + (msg == null ? "" : ": " + msg));
    }

    static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        String flat = s.replace('\r', ' ').replace('\n', ' ').replaceAll("\\s{2,}", " ").trim();
        return flat.length() > 600 ? flat.substring(0, 597) + "..." : flat;
    }
}
