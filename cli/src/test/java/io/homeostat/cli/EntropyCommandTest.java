package io.homeostat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code entropy} against a naive model written here from the spec alone: timestamps parsed with
 * BigDecimal into integer ns, a stable sort, and for every full window the gaps binned and H summed
 * from scratch as -sum p log2 p.
 */
class EntropyCommandTest {
    private static final Pattern LINE = Pattern.compile("\\d+,\\d+\\.\\d{12}");

    @Test
    void azurePrefixMatchesANaiveRecomputation() throws IOException {
        Path trace = Cli.trace(Cli.AZURE);
        Cli.Result r = Cli.run("entropy", "--trace", trace.toString(), "--format", "azure", "--limit", "600");
        assertEquals(0, r.exit(), r::toString);
        List<String> lines = r.out().lines().toList();
        List<Long> times = new ArrayList<>();
        for (String line : Files.readAllLines(trace, StandardCharsets.UTF_8).subList(1, 601)) {
            times.add(naiveNs(line.split(",")[0]));
        }
        checkAgainstNaive(lines, times, 50, 1_000_000L);
    }

    @Test
    void windowAndBinOptionsAndAnUnsortedFile(@TempDir Path dir) throws IOException {
        // out of order, with ties: the stable sort decides the indices
        StringBuilder csv = new StringBuilder("TIMESTAMP,ContextTokens,GeneratedTokens\n");
        long[] offsetsUs = {0, 5_000, 1_200, 1_200, 30_000, 2_500, 9_999, 7_000, 7_000, 50_000, 12_345, 40_001};
        List<Long> times = new ArrayList<>();
        for (long us : offsetsUs) {
            long ns = 1_700_000_000_000_000_000L + us * 1_000L + 300; // 100 ns digits exercised
            times.add(ns);
            csv.append(format(ns)).append(",10,5\n");
        }
        Path file = dir.resolve("t.csv");
        Files.writeString(file, csv.toString());
        Cli.Result r = Cli.run("entropy", "--trace", file.toString(), "--window", "5", "--bin-ms", "2");
        assertEquals(0, r.exit(), r::toString);
        checkAgainstNaive(r.out().lines().toList(), times, 5, 2_000_000L);
    }

    @Test
    void malformedLinesStopOrAreSkipped(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03.9799600,10,1\n"
            + "2023-11-16 18:17:04.0319600,ten,1\n2023-11-16 18:17:04.1,10,1\n2023-11-16 18:17:04.2,10,1\n");
        Cli.Result stop = Cli.run("entropy", "--trace", file.toString(), "--window", "3");
        assertEquals(ExitCode.BAD_INPUT, stop.exit(), stop::toString);
        assertTrue(stop.err().contains("bad.csv:3:") && stop.err().contains("ContextTokens"), stop::toString);
        assertEquals(1, stop.err().lines().count(), "one line: " + stop.err());

        Cli.Result skip = Cli.run("entropy", "--trace", file.toString(), "--window", "3", "--on-error", "skip");
        assertEquals(0, skip.exit(), skip::toString);
        assertEquals(List.of("2"), skip.out().lines().map(l -> l.split(",")[0]).toList());
        assertTrue(skip.err().contains("skipped 1 malformed line"), skip::toString);
    }

    @Test
    void badArgumentsAreUsageErrors(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("t.csv");
        Files.writeString(file, "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03.9799600,10,1\n");
        Cli.Result format = Cli.run("entropy", "--trace", file.toString(), "--format", "parquet");
        assertEquals(ExitCode.USAGE, format.exit(), format::toString);
        assertTrue(format.err().contains("unknown trace format 'parquet'") && format.err().contains("azure"), format::toString);
        Cli.Result missing = Cli.run("entropy", "--trace", dir.resolve("nope.csv").toString(), "--format", "azure");
        assertEquals(ExitCode.BAD_INPUT, missing.exit(), missing::toString);
        Cli.Result window = Cli.run("entropy", "--trace", file.toString(), "--window", "2");
        assertEquals(ExitCode.USAGE, window.exit(), window::toString);
        Cli.Result option = Cli.run("entropy", "--trace", file.toString(), "--bogus");
        assertEquals(ExitCode.USAGE, option.exit(), option::toString);
        assertTrue(option.err().contains("--help"), option::toString);
    }

    private static void checkAgainstNaive(List<String> lines, List<Long> times, int n, long binNs) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < times.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> Long.compare(times.get(a), times.get(b))); // List.sort is stable
        long[] sorted = order.stream().mapToLong(times::get).toArray();
        assertEquals(Math.max(0, sorted.length - n + 1), lines.size(), "one line per full window");
        for (int k = 0; k < lines.size(); k++) {
            String line = lines.get(k);
            assertTrue(LINE.matcher(line).matches(), "format index,H with 12 decimals: " + line);
            int last = k + n - 1;
            assertEquals(last, Integer.parseInt(line.split(",")[0]));
            Map<Long, Integer> bins = new HashMap<>();
            for (int i = last - n + 2; i <= last; i++) {
                bins.merge((sorted[i] - sorted[i - 1]) / binNs, 1, Integer::sum);
            }
            double h = 0;
            for (int c : bins.values()) {
                double p = c / (double) (n - 1);
                h -= p * Math.log(p) / Math.log(2);
            }
            assertEquals(h, Double.parseDouble(line.split(",")[1]), 1e-9, "H at index " + last);
        }
    }

    /** {@code 2023-11-16 18:17:03.9799600} as epoch ns, via BigDecimal (independent of the project's reader). */
    private static long naiveNs(String s) {
        LocalDateTime whole = LocalDateTime.parse(s.substring(0, 19).replace(' ', 'T'));
        BigDecimal frac = s.length() > 19 ? new BigDecimal("0" + s.substring(19)) : BigDecimal.ZERO;
        return whole.toEpochSecond(ZoneOffset.UTC) * 1_000_000_000L + frac.movePointRight(9).longValueExact();
    }

    private static String format(long ns) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L), 0, ZoneOffset.UTC);
        long frac = Math.floorMod(ns, 1_000_000_000L);
        return t.format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")) + "."
            + String.format("%09d", frac).substring(0, 7);
    }
}
