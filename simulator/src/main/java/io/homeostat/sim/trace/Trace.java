package io.homeostat.sim.trace;

import java.util.List;

/**
 * A loaded trace: its records in file order, and the lines skipped as malformed.
 *
 * @param records      records in file order
 * @param skipped      malformed lines skipped (with {@link OnError#SKIP})
 * @param firstErrors  the messages of the first skipped lines (at most 10)
 * @param format       its format
 * @param source       where it came from
 */
public record Trace(List<TraceRecord> records, long skipped, List<String> firstErrors, TraceFormat format, String source) {

    /** Records stably sorted by arrival time: equal times keep file order. */
    public List<TraceRecord> sortedByArrival() {
        return Traces.sortedByArrival(records);
    }
}
