package io.homeostat.sim.trace;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Opening and loading traces. */
public final class Traces {
    private static final int KEPT_ERRORS = 10;

    private Traces() {
    }

    /** A reader over {@code reader} in {@code format}; {@code source} names it in error messages. */
    public static TraceReader reader(Reader reader, TraceFormat format, String source) {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader, 1 << 16);
        switch (format) {
            case AZURE:
                return new AzureCsvReader(in, source);
            case MOONCAKE:
                return new MooncakeJsonlReader(in, source);
            case JSONL:
                return new HomeostatJsonlReader(in, source);
            default:
                throw new IllegalArgumentException("no reader for " + format);
        }
    }

    /** A reader over the file at {@code path}. */
    public static TraceReader open(Path path, TraceFormat format) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new IOException("trace file not found: " + path);
        }
        return reader(Files.newBufferedReader(path, StandardCharsets.UTF_8), format, path.toString());
    }

    /** Loads every record (stopping at the first malformed line). */
    public static Trace load(Path path, TraceFormat format) throws IOException {
        return load(path, format, OnError.STOP, Long.MAX_VALUE);
    }

    /** Loads up to {@code limit} records, handling malformed lines per {@code onError}. */
    public static Trace load(Path path, TraceFormat format, OnError onError, long limit) throws IOException {
        try (TraceReader r = open(path, format)) {
            return load(r, path.toString(), onError, limit);
        }
    }

    public static Trace load(TraceReader r, String source, OnError onError, long limit) throws IOException {
        List<TraceRecord> out = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        long skipped = 0;
        while (out.size() < limit) {
            TraceRecord rec;
            try {
                rec = r.next();
            } catch (TraceFormatException e) {
                if (onError == OnError.STOP || e.fatal()) {
                    throw e;
                }
                skipped++;
                if (errors.size() < KEPT_ERRORS) {
                    errors.add(e.getMessage());
                }
                continue;
            }
            if (rec == null) {
                break;
            }
            out.add(rec);
        }
        return new Trace(List.copyOf(out), skipped, List.copyOf(errors), r.format(), source);
    }

    /** A stable sort by arrival time: records with equal times keep their file order. */
    public static List<TraceRecord> sortedByArrival(List<TraceRecord> records) {
        List<TraceRecord> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparingLong(TraceRecord::arrivalNs)); // List.sort is a stable merge sort
        return sorted;
    }
}
