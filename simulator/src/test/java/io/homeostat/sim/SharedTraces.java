package io.homeostat.sim;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates {@code ../shared/traces} through the {@code homeostat.shared.dir} system property. */
public final class SharedTraces {
    public static final String AZURE = "AzureLLMInferenceTrace_code.csv";
    public static final String MOONCAKE = "mooncake_conversation_trace.jsonl";

    private SharedTraces() {
    }

    /** The trace file, or the test is skipped with a message saying what is missing and where. */
    public static Path require(String name) {
        String dir = System.getProperty("homeostat.shared.dir");
        assumeTrue(dir != null, "system property homeostat.shared.dir is not set (Surefire sets it to <repo>/../shared)");
        Path p = Path.of(dir, "traces", name);
        assumeTrue(Files.isRegularFile(p), "shared trace " + p + " is absent: skipping the test that replays it");
        return p;
    }
}
