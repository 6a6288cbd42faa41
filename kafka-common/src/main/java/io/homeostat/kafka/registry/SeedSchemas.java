package io.homeostat.kafka.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParser;

/**
 * The project's contract: every {@code avro/*.avsc} resource of the schemas jar, parsed
 * together (files reference each other by name, in any order), sorted by full name so that
 * a freshly seeded registry hands out the same ids every time.
 */
public final class SeedSchemas {
    /** A resource every schemas jar holds; its folder is listed. */
    static final String ANCHOR = "avro/InferenceRequest.avsc";

    private SeedSchemas() {
    }

    /** All contract schemas (records only, referenced ones included), sorted by full name. */
    public static List<Schema> load() {
        URL anchor = SeedSchemas.class.getClassLoader().getResource(ANCHOR);
        if (anchor == null) {
            throw new IllegalStateException("schemas jar not on the classpath: resource " + ANCHOR + " missing");
        }
        try {
            List<String> texts = readFolder(anchor.toURI());
            SchemaParser parser = new SchemaParser();
            List<SchemaParser.ParseResult> results = new ArrayList<>();
            for (String text : texts) {
                results.add(parser.parse(text));
            }
            List<Schema> schemas = new ArrayList<>();
            for (SchemaParser.ParseResult result : results) {
                schemas.add(result.mainSchema());
            }
            schemas.sort(Comparator.comparing(Schema::getFullName));
            return Collections.unmodifiableList(schemas);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the avro/*.avsc resources", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> readFolder(URI anchor) throws IOException {
        if ("jar".equals(anchor.getScheme())) {
            FileSystem fs;
            boolean opened = false;
            try {
                fs = FileSystems.newFileSystem(anchor, Collections.emptyMap());
                opened = true;
            } catch (FileSystemAlreadyExistsException e) {
                fs = FileSystems.getFileSystem(anchor);
            }
            try {
                return readAvsc(fs.provider().getPath(anchor).getParent());
            } finally {
                if (opened) {
                    fs.close();
                }
            }
        }
        return readAvsc(Path.of(anchor).getParent());
    }

    private static List<String> readAvsc(Path folder) throws IOException {
        List<String> texts = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                if (file.getFileName().toString().endsWith(".avsc")) {
                    try (InputStream in = Files.newInputStream(file)) {
                        texts.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return texts;
    }
}
