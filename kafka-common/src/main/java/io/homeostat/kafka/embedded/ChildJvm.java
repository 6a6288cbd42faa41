package io.homeostat.kafka.embedded;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A {@code java} command for a child JVM on this JVM's own classpath (a fat jar, or Surefire's manifest jar). */
public final class ChildJvm {
    private ChildJvm() {
    }

    /** {@code <java.home>/bin/java [jvmArgs] -cp <java.class.path> mainClass [args]}. */
    public static List<String> command(List<String> jvmArgs, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        return command;
    }
}
