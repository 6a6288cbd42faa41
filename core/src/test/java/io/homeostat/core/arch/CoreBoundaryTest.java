package io.homeostat.core.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The core's boundary, enforced: no Kafka, CUDA or Avro imports, and no clock reads. */
class CoreBoundaryTest {
    private static final Pattern FORBIDDEN = Pattern.compile(
        "import\\s+(org\\.apache\\.kafka|jcuda|org\\.apache\\.avro|io\\.homeostat\\.avro)"
            + "|System\\.currentTimeMillis|System\\.nanoTime|Instant\\.now|LocalDateTime\\.now|new\\s+java\\.util\\.Date\\(\\)");

    @Test
    void coreSourcesImportNeitherKafkaNorCudaNorAvroAndReadNoClock() throws IOException {
        Path main = Path.of("src/main/java");
        assertTrue(Files.isDirectory(main), "run from the core module directory");
        List<String> offences = new ArrayList<>();
        int files;
        try (Stream<Path> all = Files.walk(main)) {
            List<Path> java = all.filter(p -> p.toString().endsWith(".java")).toList();
            files = java.size();
            for (Path p : java) {
                List<String> lines = Files.readAllLines(p);
                for (int i = 0; i < lines.size(); i++) {
                    if (FORBIDDEN.matcher(lines.get(i)).find()) {
                        offences.add(p + ":" + (i + 1) + ": " + lines.get(i).trim());
                    }
                }
            }
        }
        assertTrue(files > 30, "found the sources (" + files + ")");
        assertEquals(List.of(), offences);
    }
}
