package io.homeostat.sim.trace;

/** A trace line that cannot be read, with its file and line number and what is wrong. */
public final class TraceFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long line;
    private final boolean fatal;

    public TraceFormatException(String source, long line, String message) {
        this(source, line, message, false);
    }

    /** {@code fatal}: the whole file is unreadable (e.g. the wrong format), skipping lines cannot help. */
    public TraceFormatException(String source, long line, String message, boolean fatal) {
        super(source + ":" + line + ": " + message);
        this.line = line;
        this.fatal = fatal;
    }

    public boolean fatal() {
        return fatal;
    }

    public long line() {
        return line;
    }
}
