package io.homeostat.kafka.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.kafka.embedded.ChildJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The serde works in a JVM started without -Dorg.apache.avro.SERIALIZABLE_PACKAGES (Surefire passes it to tests). */
class AvroTrustTest {

    private static String probe(String mode) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(ChildJvm.command(List.of("-Xmx256m"), TrustProbe.class.getName(), List.of(mode)));
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.redirectErrorStream(true);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "probe finished");
        String text = new String(output, StandardCharsets.UTF_8);
        String last = text.strip().lines().reduce((a, b) -> b).orElse("");
        return last;
    }

    @Test
    void serdeTrustsTheContractPackageByItself() throws Exception {
        assertEquals("OK", probe("serde"));
    }

    @Test
    void plainAvroRefusesItWithoutTheProperty() throws Exception {
        String answer = probe("raw");
        assertTrue(answer.startsWith("FORBIDDEN"), "shows why the serde must install trust: " + answer);
    }
}
