package io.homeostat.sim.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.homeostat.sim.SharedTraces;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The two public traces read completely, with the row counts their README states. */
class SharedTraceReadingTest {

    @Test
    void azureCodeTraceHasAllItsRows() throws IOException {
        Trace t = Traces.load(SharedTraces.require(SharedTraces.AZURE), TraceFormat.AZURE);
        assertEquals(8_819, t.records().size());
        assertEquals(0, t.skipped());
        TraceRecord first = t.records().get(0);
        // 2023-11-16 18:17:03.9799600 -> exact epoch ns
        assertEquals(1_700_158_623_979_960_000L, first.arrivalNs());
        assertEquals(4808, first.promptTokens());
    }

    @Test
    void mooncakeConversationTraceHasAllItsRows() throws IOException {
        Trace t = Traces.load(SharedTraces.require(SharedTraces.MOONCAKE), TraceFormat.MOONCAKE);
        assertEquals(12_031, t.records().size());
        assertEquals(3_536_999_000_000L, t.records().stream().mapToLong(TraceRecord::arrivalNs).max().orElseThrow());
    }
}
