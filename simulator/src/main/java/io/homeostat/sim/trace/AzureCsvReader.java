package io.homeostat.sim.trace;

import java.io.BufferedReader;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Azure LLM inference trace CSV ({@code Azure/AzurePublicDataset}): a header
 * {@code TIMESTAMP,ContextTokens,GeneratedTokens}, then one request per line with
 * {@code YYYY-MM-DD HH:MM:SS.fffffff} (100 ns resolution, no zone; read as UTC), prompt tokens and
 * output tokens. The timestamp becomes exact integer epoch nanoseconds (up to 9 fraction digits).
 */
final class AzureCsvReader extends LineTraceReader {
    static final String HEADER = "TIMESTAMP,ContextTokens,GeneratedTokens";

    AzureCsvReader(BufferedReader in, String source) {
        super(in, source);
    }

    @Override
    public TraceFormat format() {
        return TraceFormat.AZURE;
    }

    @Override
    boolean isHeader(String firstLine) {
        if (firstLine.strip().equalsIgnoreCase(HEADER)) {
            return true;
        }
        if (!firstLine.isEmpty() && Character.isDigit(firstLine.charAt(0))) {
            return false; // a file without its header: data from line 1
        }
        throw new TraceFormatException(source, 1, "expected the header '" + HEADER + "', got '" + firstLine
            + "': is this an Azure trace CSV?", true);
    }

    @Override
    TraceRecord parse(String line, long lineNo, long index) {
        String[] f = line.split(",", -1);
        if (f.length != 3) {
            throw error(lineNo, "expected 3 comma-separated fields (TIMESTAMP,ContextTokens,GeneratedTokens), got "
                + f.length + ": '" + line + "'");
        }
        long t = parseTimestamp(f[0].strip(), lineNo);
        long prompt = parseCount(f[1].strip(), "ContextTokens", lineNo);
        long output = parseCount(f[2].strip(), "GeneratedTokens", lineNo);
        checkTokens(this, lineNo, prompt, output);
        return TraceRecord.basic(index, lineNo, t, (int) prompt, (int) output);
    }

    private long parseCount(String s, String field, long lineNo) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw error(lineNo, field + " is not an integer: '" + s + "'");
        }
    }

    /** {@code YYYY-MM-DD[ T]HH:MM:SS[.f{1,9}]} as UTC epoch nanoseconds, exactly. */
    long parseTimestamp(String s, long lineNo) {
        int sep = s.indexOf(' ') > 0 ? s.indexOf(' ') : s.indexOf('T');
        if (sep != 10 || s.length() < 19 || s.charAt(13) != ':' || s.charAt(16) != ':') {
            throw error(lineNo, "TIMESTAMP must look like 2023-11-16 18:17:03.9799600, got '" + s + "'");
        }
        try {
            LocalDate date = LocalDate.parse(s.substring(0, 10));
            int h = Integer.parseInt(s.substring(11, 13));
            int m = Integer.parseInt(s.substring(14, 16));
            int sec = Integer.parseInt(s.substring(17, 19));
            long nanos = 0;
            if (s.length() > 19) {
                if (s.charAt(19) != '.' || s.length() == 20 || s.length() > 29) {
                    throw error(lineNo, "TIMESTAMP fraction must be 1 to 9 digits after '.', got '" + s + "'");
                }
                String frac = s.substring(20);
                for (int i = 0; i < frac.length(); i++) {
                    if (!Character.isDigit(frac.charAt(i))) {
                        throw error(lineNo, "TIMESTAMP fraction is not a number: '" + s + "'");
                    }
                }
                nanos = Long.parseLong((frac + "000000000").substring(0, 9));
            }
            if (h > 23 || m > 59 || sec > 59) {
                throw error(lineNo, "TIMESTAMP time of day out of range: '" + s + "'");
            }
            long epochSecond = date.atTime(h, m, sec).toEpochSecond(ZoneOffset.UTC);
            return Math.addExact(Math.multiplyExact(epochSecond, 1_000_000_000L), nanos);
        } catch (NumberFormatException | DateTimeException | ArithmeticException e) {
            throw error(lineNo, "TIMESTAMP is not a valid date and time: '" + s + "' (" + e.getMessage() + ")");
        }
    }
}
