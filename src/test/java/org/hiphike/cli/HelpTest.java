package org.hiphike.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's {@code --help}: exit code 0, and its description wrapped as sentences, not broken mid-line. */
class HelpTest {
    static void collect(CommandLine cl, List<List<String>> out, List<String> path) {
        out.add(path);
        cl.getSubcommands().forEach((name, sub) -> {
            if (name.equals("help")) return;
            List<String> p = new ArrayList<>(path);
            p.add(name);
            if (out.stream().noneMatch(q -> q.equals(p))) collect(sub, out, p);
        });
    }

    @Test
    void everyCommandsHelpReadsAsSentences() {
        List<List<String>> commands = new ArrayList<>();
        collect(Main.commandLine(), commands, List.of());
        assertTrue(commands.size() > 15, "subcommands found: " + commands);
        for (List<String> command : commands) {
            List<String> args = new ArrayList<>(command);
            args.add("--help");
            CommandLine cl = Main.commandLine();
            StringWriter out = new StringWriter();
            cl.setOut(new PrintWriter(out));
            cl.setErr(new PrintWriter(new StringWriter()));
            assertEquals(0, cl.execute(args.toArray(String[]::new)), String.join(" ", args));
            String help = out.toString();
            assertTrue(help.startsWith("Usage: hiphike"), help);
            // A description line ending without a sentence mark is a paragraph broken where the source line was.
            String[] description = commandLineFor(command).getCommandSpec().usageMessage().description();
            for (String line : description) {
                String l = line.stripTrailing();
                assertTrue(l.isEmpty() || ".:!?".indexOf(l.charAt(l.length() - 1)) >= 0,
                        String.join(" ", command) + ": a description line ends mid-sentence: " + l);
            }
        }
    }

    static String help(String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.add("--help");
        CommandLine cl = Main.commandLine();
        cl.setUsageHelpWidth(200);
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute(args.toArray(String[]::new)));
        return out.toString();
    }

    /** Options whose default depends on something else say what it is; the config folder names every place it looks. */
    @Test
    void defaultsAreNamed() {
        assertTrue(help("simulate").contains("(default: clean-set)"));
        for (String option : List.of("--sensor", "--rate-hz", "--side", "--reps", "--mount-deg", "--duration-min", "--scenario", "--seed")) {
            String text = String.join(" ", commandLineFor(List.of("simulate")).getCommandSpec().findOption(option).description())
                    .replace("${DEFAULT-VALUE}", "x");
            assertTrue(text.contains("(default: "), "simulate " + option + " names its default: " + text);
        }
        assertTrue(help("dashboard").contains("$HIPHIKE_CONFIG_DIR, else $XDG_CONFIG_HOME/hiphike, else ~/.config/hiphike"));
        String replay = help("replay");
        assertTrue(replay.contains("Times real time, from 0.1 to 100, or max"), replay);
    }

    private static CommandLine commandLineFor(List<String> command) {
        CommandLine cl = Main.commandLine();
        for (String name : command) cl = cl.getSubcommands().get(name);
        return cl;
    }
}
