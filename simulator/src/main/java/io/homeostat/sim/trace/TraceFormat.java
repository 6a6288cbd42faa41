package io.homeostat.sim.trace;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The trace formats the readers understand (see docs/trace-formats.md). */
public enum TraceFormat {
    /** Azure LLM inference trace CSV: {@code TIMESTAMP,ContextTokens,GeneratedTokens}. */
    AZURE("azure"),
    /** Mooncake JSON lines: {@code timestamp} (ms from start), {@code input_length}, {@code output_length}, {@code hash_ids}. */
    MOONCAKE("mooncake"),
    /** The project's own JSON lines ({@code arrival_ns}, {@code prompt_tokens}, {@code max_new_tokens}, ...). */
    JSONL("jsonl");

    private final String cliName;

    TraceFormat(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** Parses a CLI name; the error lists the known ones. */
    public static TraceFormat parse(String name) {
        for (TraceFormat f : values()) {
            if (f.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown trace format '" + name + "'; known: "
            + Arrays.stream(values()).map(TraceFormat::cliName).collect(Collectors.joining(", ")));
    }
}
