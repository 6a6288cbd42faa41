package io.homeostat.sim.trace;

import java.io.BufferedReader;
import java.io.IOException;

/** Shared line handling: line numbers, blank lines, a byte-order mark, the record index. */
abstract class LineTraceReader implements TraceReader {
    private final BufferedReader in;
    final String source;
    private long lineNo;
    private long index;

    LineTraceReader(BufferedReader in, String source) {
        this.in = in;
        this.source = source;
    }

    @Override
    public final TraceRecord next() throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (lineNo == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                line = line.substring(1);
            }
            if (line.isBlank()) {
                continue;
            }
            if (lineNo == 1 && isHeader(line)) {
                continue;
            }
            long i = index++;
            return parse(line.strip(), lineNo, i);
        }
        return null;
    }

    /** Whether the first line is a header to skip (or throw if a header is required and wrong). */
    boolean isHeader(String firstLine) {
        return false;
    }

    abstract TraceRecord parse(String line, long lineNo, long index);

    TraceFormatException error(long line, String message) {
        return new TraceFormatException(source, line, message);
    }

    static void checkTokens(LineTraceReader r, long line, long prompt, long output) {
        if (prompt < 0 || output < 0 || prompt > Integer.MAX_VALUE || output > Integer.MAX_VALUE) {
            throw r.error(line, "token counts must be between 0 and " + Integer.MAX_VALUE + ", got prompt " + prompt
                + ", output " + output);
        }
        if (prompt + output == 0) {
            throw r.error(line, "a request needs at least one token (prompt and output are both 0)");
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
