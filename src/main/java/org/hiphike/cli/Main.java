package org.hiphike.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code hiphike} command. Subcommands are Callables; only {@link #main} calls System.exit. */
@Command(name = "hiphike",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {"Form feedback for the pelvic drop (hip hike) exercise from one IMU on the pelvis.",
                "With no command, or with the dashboard's options only (hiphike --http-port 7071 --no-browser), it serves "
                        + "the live dashboard (hiphike dashboard --help lists them)."})
public final class Main implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        // No arguments: the live dashboard, the way most people use hiphike.
        return spec.commandLine().getSubcommands().get("dashboard").execute();
    }

    /** The subcommands, in the order the help lists them. */
    static final java.util.List<String> COMMANDS = java.util.List.of("analyze", "convert", "simulate", "bench", "sessions", "report",
            "ports", "live", "record", "dashboard", "replay", "help");

    /** A new instance of the subcommand {@code name} (its class is loaded only now). */
    private static Object command(String name) {
        return switch (name) {
            case "analyze" -> new AnalyzeCommand();
            case "convert" -> new ConvertCommand();
            case "simulate" -> new SimulateCommand();
            case "bench" -> new BenchCommand();
            case "sessions" -> new SessionsCommand();
            case "report" -> new ReportCommand();
            case "ports" -> new PortsCommand();
            case "live" -> new LiveCommand();
            case "record" -> new RecordCommand();
            case "dashboard" -> new org.hiphike.web.DashboardCommand();
            case "replay" -> new org.hiphike.web.ReplayCommand();
            case "help" -> new CommandLine.HelpCommand();
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** A command line with hiphike's error handling: bad input is a message and exit code 2, never a stack trace. */
    public static CommandLine commandLine() {
        return commandLine(COMMANDS);
    }

    /**
     * The command line for {@code args}: with only the subcommand they run when they name one (building the model of
     * every command, their options and help, is about a third of the JVM's start-up), else with all of them (help,
     * a mistyped command, the dashboard's options alone).
     */
    static CommandLine commandLineFor(String[] args) {
        if (args.length == 0) return commandLine(java.util.List.of("dashboard"));
        if (args[0].equals("--version") || args[0].equals("-V")) return commandLine(java.util.List.of());
        if (COMMANDS.contains(args[0]) && !args[0].equals("help")) return commandLine(java.util.List.of(args[0]));
        return commandLine();
    }

    private static CommandLine commandLine(java.util.List<String> commands) {
        CommandLine cl = new CommandLine(new Main());
        for (String name : commands) cl.addSubcommand(name, command(name));
        joinBrokenLines(cl);
        // A failure inside a command is one line for the user, not a stack trace.
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("hiphike " + commandLine.getCommandName() + ": " + e.getMessage());
            commandLine.getErr().flush();
            // Bad input or a resource the user can fix (a port in use, a bad option value) is 2, as the helps say.
            return e instanceof IllegalArgumentException ? 2 : 1;
        });
        return cl;
    }

    /**
     * Descriptions are written as source lines; a line that does not end a sentence continues on the next, so
     * the help text is one paragraph per sentence group, wrapped to the terminal, not broken mid-sentence.
     */
    static void joinBrokenLines(CommandLine cl) {
        String[] lines = cl.getCommandSpec().usageMessage().description();
        java.util.List<String> joined = new java.util.ArrayList<>();
        for (String line : lines) {
            int last = joined.size() - 1;
            if (last >= 0 && !endsSentence(joined.get(last))) joined.set(last, joined.get(last).stripTrailing() + " " + line.strip());
            else joined.add(line);
        }
        cl.getCommandSpec().usageMessage().description(joined.toArray(String[]::new));
        for (CommandLine sub : cl.getSubcommands().values()) joinBrokenLines(sub);
    }

    private static boolean endsSentence(String line) {
        String l = line.stripTrailing();
        return l.isEmpty() || ".:!?".indexOf(l.charAt(l.length() - 1)) >= 0;
    }

    public static void main(String[] args) {
        String[] line = withDefaultCommand(args);
        System.exit(commandLineFor(line).execute(line));
    }

    /**
     * {@code hiphike} alone is the dashboard, so {@code hiphike --http-port 7071} and {@code hiphike --no-browser} are
     * the dashboard's options: arguments that start with an option other than help or version go to it.
     */
    static String[] withDefaultCommand(String[] args) {
        if (args.length == 0 || !args[0].startsWith("-")) return args;
        if (java.util.Set.of("-h", "--help", "-V", "--version").contains(args[0])) return args;
        String[] out = new String[args.length + 1];
        out[0] = "dashboard";
        System.arraycopy(args, 0, out, 1, args.length);
        return out;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"hiphike " + (v == null ? "development build" : v)};
        }
    }
}
