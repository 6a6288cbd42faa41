package io.homeostat.sim.trace;

import java.io.Closeable;
import java.io.IOException;

/**
 * Reads trace records one at a time, in file order. A malformed line throws a
 * {@link TraceFormatException} naming the line; the reader can continue with the next line after
 * that (the caller decides whether to skip or stop).
 */
public interface TraceReader extends Closeable {

    /** The next record, or null at the end. */
    TraceRecord next() throws IOException;

    /** The format this reader reads. */
    TraceFormat format();
}
