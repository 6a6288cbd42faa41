package io.homeostat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The README's "Command line" section documents every subcommand, with an example, and every exit code. */
class ReadmeCommandLineTest {
    @Test
    void everySubcommandHasASectionWithAnExample() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("## Command line");
        int end = readme.indexOf("\n## ", start + 1);
        assertTrue(start >= 0 && end > start, "README has a '## Command line' section");
        String section = readme.substring(start, end);
        CommandLine cl = Homeostat.newCommandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        for (String name : cl.getSubcommands().keySet()) {
            if (name.equals("help")) {
                continue;
            }
            assertTrue(section.matches("(?s).*### [^\\n]*`" + name + "[` ].*"), "a ### heading for " + name);
            assertTrue(section.contains("./homeostat " + name + " "), "an example of " + name);
            StringWriter help = new StringWriter();
            cl.getSubcommands().get(name).usage(new PrintWriter(help));
            assertTrue(help.toString().contains("--help"), name + " --help");
        }
        for (int code : new int[] {ExitCode.OK, ExitCode.FAILED, ExitCode.USAGE, ExitCode.BAD_INPUT, ExitCode.UNREACHABLE,
            ExitCode.TOPIC, ExitCode.INCOMPLETE}) {
            assertTrue(section.contains("| " + code + " |"), "exit code " + code + " documented");
        }
    }

    /** A lone '%' in a help text makes picocli warn on stderr and print the text unformatted. */
    @Test
    void everyHelpTextFormatsWithoutAWarning() {
        PrintStream stderr = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        System.setErr(new PrintStream(warnings, true));
        try {
            CommandLine cl = Homeostat.newCommandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
            cl.usage(new PrintWriter(new StringWriter()));
            for (CommandLine sub : cl.getSubcommands().values()) {
                sub.usage(new PrintWriter(new StringWriter()));
            }
        } finally {
            System.setErr(stderr);
        }
        assertEquals("", warnings.toString());
    }
}
