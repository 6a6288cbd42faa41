package io.homeostat.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The PTX in resources must come from the current {@code decoder.cu}: the recorded SHA-256 of the source
 * must match it (always checked), and where {@code nvcc} exists, compiling the source must give the
 * committed PTX. Fix a failure with {@code engine-cuda/build-ptx.sh}.
 */
class PtxFreshnessTest {
    private static final Path MODULE = Path.of(System.getProperty("basedir", "."));
    private static final Path SOURCE = MODULE.resolve("src/main/cuda/decoder.cu");
    private static final Path RESOURCES = MODULE.resolve("src/main/resources/io/homeostat/engine/cuda");

    @Test
    void recordedSourceHashMatchesTheSource() throws Exception {
        String recorded = Files.readString(RESOURCES.resolve("decoder.cu.sha256")).trim();
        assertEquals(sha256(Files.readAllBytes(SOURCE)), recorded,
                "decoder.cu changed but its PTX was not regenerated: run engine-cuda/build-ptx.sh");
    }

    @Test
    void nvccReproducesTheCommittedPtx() throws Exception {
        if (!nvccAvailable()) {
            System.out.println("nvcc not found: PTX reproduction not checked (the source hash still is)");
            return;
        }
        Path out = Files.createTempFile("decoder", ".ptx");
        try {
            Process p = new ProcessBuilder("nvcc", "-ptx", "-arch=compute_80", "-O3", "-o", out.toString(), SOURCE.toString())
                    .redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(120, TimeUnit.SECONDS);
            assertEquals(0, p.exitValue(), "nvcc failed: " + log);
            assertEquals(body(Files.readString(RESOURCES.resolve("decoder.ptx"))), body(Files.readString(out)),
                    "committed decoder.ptx differs from nvcc's output: run engine-cuda/build-ptx.sh");
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** PTX without nvcc's comment header (it names the compiler build). */
    private static String body(String ptx) {
        StringBuilder sb = new StringBuilder();
        for (String line : ptx.split("\n")) {
            if (!line.startsWith("//")) {
                sb.append(line).append('\n');
            }
        }
        return sb.toString();
    }

    private static boolean nvccAvailable() {
        try {
            Process p = new ProcessBuilder("nvcc", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String sha256(byte[] data) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
