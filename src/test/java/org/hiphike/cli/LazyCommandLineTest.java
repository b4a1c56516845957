package org.hiphike.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line builds only the command that runs, and all of them when the user needs to see them. */
class LazyCommandLineTest {

    @Test
    void aNamedCommandIsTheOnlyOneBuilt() {
        assertEquals(Set.of("analyze"), Main.commandLineFor(new String[] {"analyze", "x.csv"}).getSubcommands().keySet());
        assertEquals(Set.of("dashboard"), Main.commandLineFor(new String[0]).getSubcommands().keySet());
        assertEquals(Set.of(), Main.commandLineFor(new String[] {"--version"}).getSubcommands().keySet());
    }

    @Test
    void helpAndMistakesSeeEveryCommand() {
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"help", "analyze"}, new String[] {"analyse", "x.csv"})) {
            assertEquals(Set.copyOf(Main.COMMANDS), Main.commandLineFor(args).getSubcommands().keySet(), String.join(" ", args));
        }
    }

    @Test
    void theLazyLineRunsAsTheFullOne() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = Main.commandLineFor(new String[] {"analyze", "no-such-file.csv"});
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("analyze", "no-such-file.csv");
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains("no-such-file.csv"), err.toString());
        StringWriter v = new StringWriter();
        CommandLine version = Main.commandLineFor(new String[] {"--version"});
        version.setOut(new PrintWriter(v));
        assertEquals(0, version.execute("--version"));
        assertTrue(v.toString().startsWith("hiphike "), v.toString());
    }
}
