package io.homeostat.sim.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzing of the three trace readers: whatever the bytes, a reader returns records or throws the one
 * documented {@link TraceFormatException} (with a positive line number); nothing else escapes
 * (no NumberFormatException, no Jackson exception, no IndexOutOfBounds, no hang). Inputs are random
 * lines and seeded mutations of well-formed lines (the mutations reach far deeper into the parsers than
 * random text does: valid structure with one wrong character).
 */
class TraceReaderFuzzTest {
    private static final String AZURE_HEADER = "TIMESTAMP,ContextTokens,GeneratedTokens";
    private static final String[] AZURE_LINES = {
        "2023-11-16 18:17:03.9799600,4808,10", "2023-11-16 18:17:04,5,6", "2023-11-16 18:17:03.979960123,1,0"};
    private static final String[] MOONCAKE_LINES = {
        "{\"timestamp\": 0, \"input_length\": 6955, \"output_length\": 52, \"hash_ids\": [0, 1, 2, 3]}",
        "{\"timestamp\": 3052.5, \"input_length\": 12, \"output_length\": 1, \"hash_ids\": []}"};
    private static final String[] JSONL_LINES = {
        "{\"arrival_ns\":1700158623979960000,\"prompt_tokens\":12,\"max_new_tokens\":4,\"request_id\":\"r-1\","
            + "\"tenant\":\"t\",\"pool\":\"p\",\"priority_bid\":1.5,\"agent_id\":\"a\",\"prefix_hashes\":[1,2],"
            + "\"deadline_ns\":1700158624979960000,\"prompt_text\":\"hi\",\"attributes\":{\"k\":\"v\"}}",
        "{\"arrival_ns\":5,\"prompt_tokens\":1,\"max_new_tokens\":1}"};

    @Property(tries = 1_500)
    void randomLinesOnlyRaiseTheDocumentedException(@ForAll("formats") TraceFormat format,
                                                    @ForAll("noise") List<String> lines) {
        String header = format == TraceFormat.AZURE ? AZURE_HEADER + "\n" : "";
        readAll(format, header + String.join("\n", lines));
    }

    @Property(tries = 3_000)
    void mutatedWellFormedLinesOnlyRaiseTheDocumentedException(@ForAll("formats") TraceFormat format,
                                                               @ForAll @IntRange(min = 1, max = 6) int mutations,
                                                               @ForAll long seed) {
        Random random = new Random(seed);
        String[] pool = switch (format) {
            case AZURE -> AZURE_LINES;
            case MOONCAKE -> MOONCAKE_LINES;
            case JSONL -> JSONL_LINES;
        };
        StringBuilder text = new StringBuilder(format == TraceFormat.AZURE ? AZURE_HEADER + "\n" : "");
        for (int i = 0; i < 4; i++) {
            text.append(mutate(pool[random.nextInt(pool.length)], mutations, random)).append('\n');
        }
        readAll(format, text.toString());
    }

    @Property(tries = 300)
    void wellFormedLinesAllComeBack(@ForAll("formats") TraceFormat format, @ForAll @IntRange(min = 1, max = 40) int n) {
        String[] pool = format == TraceFormat.AZURE ? AZURE_LINES : format == TraceFormat.MOONCAKE ? MOONCAKE_LINES : JSONL_LINES;
        StringBuilder text = new StringBuilder(format == TraceFormat.AZURE ? AZURE_HEADER + "\n" : "");
        for (int i = 0; i < n; i++) {
            text.append(pool[i % pool.length]).append('\n');
        }
        assertEquals(n, readAll(format, text.toString()).records().size());
    }

    /** Regressions the fuzzer found: an exponent overflow escaped as NumberFormatException; a huge exponent hung. */
    @Test
    @Timeout(10)
    void absurdNumbersAreRefusedWithTheLine() {
        for (String n : List.of("17001586e3979960000", "1e999999999", "1e-999999999", "-1e999999999")) {
            for (TraceFormat f : List.of(TraceFormat.MOONCAKE, TraceFormat.JSONL)) {
                String field = f == TraceFormat.MOONCAKE ? "timestamp" : "arrival_ns";
                String text = "{\"" + field + "\": " + n + ", \"input_length\": 1, \"output_length\": 1, "
                    + "\"prompt_tokens\": 1, \"max_new_tokens\": 1, \"hash_ids\": []}\n";
                Trace t = readAll(f, text);
                assertEquals(0, t.records().size(), n);
                assertEquals(1, t.skipped(), n + " " + f + " " + t.firstErrors());
                assertTrue(t.firstErrors().get(0).startsWith("fuzz:1: "), t.firstErrors().toString());
            }
        }
    }

    /** Reads everything with SKIP; the only exception allowed is a fatal TraceFormatException. */
    private static Trace readAll(TraceFormat format, String text) {
        try {
            return Traces.load(Traces.reader(new StringReader(text), format, "fuzz"), "fuzz", OnError.SKIP, 1_000);
        } catch (TraceFormatException e) {
            assertTrue(e.fatal(), "a non-fatal error escaped SKIP: " + e.getMessage());
            assertTrue(e.line() >= 0 && e.getMessage().startsWith("fuzz:"), e.getMessage());
            return new Trace(List.of(), 0, List.of(e.getMessage()), format, "fuzz");
        } catch (IOException e) {
            fail("a StringReader cannot fail with I/O: " + e);
            return null;
        } catch (RuntimeException e) {
            throw new AssertionError("undocumented " + e.getClass().getName() + " on input:\n" + text, e);
        }
    }

    private static String mutate(String line, int mutations, Random random) {
        StringBuilder s = new StringBuilder(line);
        String alphabet = "0123456789-.,:{}[]\"e+E \t\\nul-9223372036854775808";
        for (int m = 0; m < mutations && s.length() > 0; m++) {
            int at = random.nextInt(s.length());
            switch (random.nextInt(5)) {
                case 0 -> s.deleteCharAt(at);
                case 1 -> s.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                case 2 -> s.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                case 3 -> s.insert(at, "99999999999999999999");
                default -> s.insert(at, random.nextBoolean() ? "e999999999" : "e-999999999");
            }
        }
        return s.toString();
    }

    @Provide
    Arbitrary<TraceFormat> formats() {
        return Arbitraries.of(TraceFormat.values());
    }

    @Provide
    Arbitrary<List<String>> noise() {
        Arbitrary<String> line = Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(60),
            Arbitraries.strings().withChars("0123456789,.:- {}[]\"tamp").ofMaxLength(60));
        return line.list().ofMaxSize(8).map(ArrayList::new);
    }
}
