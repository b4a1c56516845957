package org.hiphike.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.hiphike.bench.AccuracyBench;
import org.hiphike.bench.AccuracyScore;
import org.hiphike.bench.LongRecording;
import org.hiphike.bench.Stats;
import org.hiphike.core.AxisRemap;
import org.hiphike.core.ImuSample;
import org.hiphike.exercise.ExerciseSession;
import org.hiphike.exercise.PipelineSettings;
import org.hiphike.recording.CsvRecordingReader;
import org.hiphike.recording.Recording;
import org.hiphike.recording.RecordingFormatException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hiphike bench ...}: accuracy against simulated truth, and speed. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks: accuracy against simulated truth, pipeline throughput, analyze as a whole process, decoders, live serial latency, dashboard latency and scale.",
        subcommands = {BenchCommand.Accuracy.class, BenchCommand.Pipeline.class, BenchCommand.AnalyzeProcess.class,
                BenchDecodersCommand.class, BenchLiveCommand.class, org.hiphike.web.BenchDashboardCommand.class})
public final class BenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    @Command(name = "accuracy", mixinStandardHelpOptions = true,
            description = "Score the pipeline against known truth, side by side: the suite of generated sessions (fixed"
                    + " seeds), the held-out suite (other seeds, never used to judge a change while it is made), the"
                    + " independent field recordings (samples/field-recordings, from a simulator that is not hiphike's)"
                    + " and the bundled samples (every samples/*.csv with a .truth.json beside it).")
    static final class Accuracy implements Callable<Integer> {
        @Option(names = "--sets", defaultValue = "100", description = "Suite: random sessions until at least this many sets (default ${DEFAULT-VALUE}).")
        int sets;

        @Option(names = "--held-out-sets", defaultValue = "200", description = "Held-out suite: sets (default ${DEFAULT-VALUE}; 0 leaves it out).")
        int heldOutSets;

        @Option(names = "--non-exercise", defaultValue = "100", description = "Sessions of non-exercise motion only, in each suite (default ${DEFAULT-VALUE}).")
        int nonExercise;

        @Option(names = "--samples", defaultValue = "samples", description = "Folder of bundled samples to score too (default ${DEFAULT-VALUE}).")
        Path samples;

        @Option(names = "--field", defaultValue = "samples/field-recordings",
                description = "Folder of independent recordings with truth (default ${DEFAULT-VALUE}).")
        Path field;

        @Option(names = "--seed", description = "First seed of the suite (default ${DEFAULT-VALUE}, the suite the README reports).",
                defaultValue = "20261120")
        long seed;

        @Option(names = "--held-out-seed", description = "First seed of the held-out suite (default ${DEFAULT-VALUE}).",
                defaultValue = "31000000")
        long heldOutSeed;

        @Option(names = "--misses", description = "List every missed, extra or miscounted rep, and every rep whose knee_bend differs from the truth (of every column but the held-out suite).")
        boolean misses;

        @Option(names = "--held-out-misses", description = "List the held-out suite's misses too (looking at them makes it no longer held out).")
        boolean heldOutMisses;

        @Option(names = "--by-sensor", description = "Instead, the suite's figures per sensor model, one column each.")
        boolean bySensor;

        @Option(names = "--phone-grade", description = "Every generated session (suite, held-out) as a phone's browser gives it: "
                + "the phone model at 60 Hz, rounded to 0.1 m/s² and 0.1 °/s, with its timestamp jitter.")
        boolean phoneGrade;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            long t0 = System.nanoTime();
            if (bySensor) {
                java.util.Map<String, AccuracyScore> by = AccuracyBench.runBySensor(seed, sets, nonExercise, PipelineSettings.DEFAULTS);
                out.printf(Locale.ROOT, "suite: seeds %d+ (%d sets, %d non-exercise sessions), per sensor model%n%n", seed, sets, nonExercise);
                out.print(AccuracyScore.sideBySide(new ArrayList<>(by.keySet()), new ArrayList<>(by.values())));
                if (misses) by.forEach((n, sc) -> { out.printf(Locale.ROOT, "%nMisses, %s:%n", n); sc.misses().forEach(m -> out.println("  " + m)); });
                out.printf(Locale.ROOT, "%n(%.1f s)%n", (System.nanoTime() - t0) / 1e9);
                out.flush();
                return 0;
            }
            List<String> names = new ArrayList<>();
            List<AccuracyScore> scores = new ArrayList<>();
            List<String> refused = new ArrayList<>();
            names.add("suite");
            java.util.function.UnaryOperator<org.hiphike.sim.Scenario> grade = phoneGrade ? AccuracyBench::phoneGrade
                    : java.util.function.UnaryOperator.identity();
            if (phoneGrade) names.set(0, "suite, phone");
            scores.add(AccuracyBench.run(seed, sets, nonExercise, PipelineSettings.DEFAULTS, null, grade));
            if (heldOutSets > 0) {
                names.add(phoneGrade ? "held-out, phone" : "held-out");
                scores.add(AccuracyBench.run(heldOutSeed, heldOutSets, nonExercise, PipelineSettings.DEFAULTS, null, grade));
            }
            if (Files.isDirectory(field)) {
                names.add("field");
                scores.add(AccuracyBench.runFolder(field, PipelineSettings.DEFAULTS, refused::add));
            }
            if (Files.isDirectory(samples)) {
                names.add("samples");
                scores.add(AccuracyBench.runFolder(samples, PipelineSettings.DEFAULTS, refused::add));
            }
            out.printf(Locale.ROOT, "suite: seeds %d+ (%d sets); held-out: seeds %d+ (%d sets); each with %d non-exercise sessions%n",
                    seed, sets, heldOutSeed, heldOutSets, nonExercise);
            out.printf(Locale.ROOT, "field: %s; samples: %s%n%n", field, samples);
            out.print(AccuracyScore.sideBySide(names, scores));
            refused.forEach(r -> out.println("  " + r));
            if (misses || heldOutMisses) {
                for (int i = 0; i < names.size(); i++) {
                    if (names.get(i).equals("held-out") && !heldOutMisses) continue;
                    if (names.get(i).equals("held-out") || misses) {
                        out.printf(Locale.ROOT, "%nMisses, %s:%n", names.get(i));
                        scores.get(i).misses().forEach(m -> out.println("  " + m));
                    }
                }
            }
            out.printf(Locale.ROOT, "%n(%.1f s)%n", (System.nanoTime() - t0) / 1e9);
            out.flush();
            return 0;
        }
    }

    @Command(name = "pipeline", mixinStandardHelpOptions = true,
            description = "Pipeline throughput on one core: samples per second through ExerciseSession.update (the pipeline with its sets and sample statistics, as every command runs it), and bytes allocated per sample.")
    static final class Pipeline implements Callable<Integer> {
        @Parameters(index = "0", defaultValue = "samples/session_long_24min_100hz.csv", paramLabel = "FILE",
                description = "Recording to push through (default ${DEFAULT-VALUE}).")
        Path file;

        @Option(names = "--rounds", defaultValue = "10", description = "Measured rounds after 5 warm-up rounds (default ${DEFAULT-VALUE}).")
        int rounds;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            List<ImuSample> samples = new CsvRecordingReader().read(file).samples();
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long id = Thread.currentThread().getId();
            for (int i = 0; i < 5; i++) runOnce(samples);
            double[] rates = new double[rounds];
            long allocated = 0;
            for (int i = 0; i < rounds; i++) {
                long a0 = threads.getThreadAllocatedBytes(id);
                long cpu0 = threads.getCurrentThreadCpuTime();
                runOnce(samples);
                long cpu = threads.getCurrentThreadCpuTime() - cpu0;
                allocated += threads.getThreadAllocatedBytes(id) - a0;
                rates[i] = samples.size() / (cpu / 1e9);
            }
            Stats.Summary rate = Stats.Summary.of(rates);
            double median = rate.median();
            out.printf(Locale.ROOT, "%s: %d samples, %d rounds (thread CPU time, one core)%n", file, samples.size(), rounds);
            out.printf(Locale.ROOT, "pipeline throughput: median %.2f M samples/s (min %.2f, max %.2f), %.0f ns per sample%n",
                    median / 1e6, rate.min() / 1e6, rate.max() / 1e6, 1e9 / median);
            out.printf(Locale.ROOT, "target 3 M samples/s: %.1fx the target%n", median / 3e6);
            out.printf(Locale.ROOT, "allocated: %.0f bytes per sample%n", (double) allocated / rounds / samples.size());
            out.printf(Locale.ROOT, "one hour at 100 Hz (360000 samples) would take %.0f ms of pipeline time%n", 360000 / median * 1e3);
            out.flush();
            return 0;
        }

        /** One pass of the exercise session every command runs (the pipeline, sets and sample statistics). */
        static int runOnce(List<ImuSample> samples) {
            ExerciseSession session = new ExerciseSession(PipelineSettings.DEFAULTS, AxisRemap.IDENTITY);
            for (ImuSample s : samples) session.update(s);
            session.finish();
            return session.reps().size();
        }
    }

    @Command(name = "analyze", mixinStandardHelpOptions = true,
            description = {"`hiphike analyze --json` as a whole process on an hour of 100 Hz data (simulated into target/bench/",
                    "on first use), against the JVM start alone (`hiphike --version`), in one run: wall time, and the CPU time",
                    "of each process (user + system, all its threads) with their ratio. Then the CSV reader's parse cost per",
                    "sample in this JVM (thread CPU time and bytes allocated). --hours N analyses N hours instead (the hour",
                    "repeated end to end) and --heap gives the child JVMs a heap limit: --hours 12 --heap 64m shows that",
                    "analyze's memory does not grow with the recording. Runs the jar this command runs from."})
    static final class AnalyzeProcess implements Callable<Integer> {
        @Option(names = "--runs", defaultValue = "5", description = "Runs of each (default ${DEFAULT-VALUE}).")
        int runs;

        @Option(names = "--file", description = "Recording to analyse instead of the simulated hour.")
        Path file;

        @Option(names = "--hours", defaultValue = "1",
                description = "Hours of recording to analyse: the simulated hour repeated (default ${DEFAULT-VALUE}; 1-48).")
        int hours;

        @Option(names = "--heap", description = "Heap limit of the child JVMs (java -Xmx), e.g. 64m (default: the JVM's own).")
        String heap;

        @Option(names = "--parse-rounds", defaultValue = "5",
                description = "Measured rounds of the parse cost, after 3 warm-up rounds (default ${DEFAULT-VALUE}; 0 leaves it out).")
        int parseRounds;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(jar)) {
                spec.commandLine().getErr().println("hiphike bench analyze: run it from the jar (./hiphike bench analyze)");
                return 2;
            }
            if (hours < 1 || hours > 48) throw new CommandLine.ParameterException(spec.commandLine(), "--hours must be 1-48");
            if (heap != null && !heap.matches("[1-9][0-9]{0,6}[kKmMgG]?")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--heap: a size such as 64m");
            }
            Path input = file != null ? file : hourLong();
            if (hours > 1) input = repeated(input, hours);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> jvm = new ArrayList<>(List.of(java));
            if (heap != null) jvm.add("-Xmx" + heap);
            jvm.addAll(List.of("-jar", jar.toString()));
            List<String> version = new ArrayList<>(jvm);
            version.add("--version");
            List<String> analyze = new ArrayList<>(jvm);
            analyze.addAll(List.of("analyze", "--json", input.toString()));
            Timing start = time(version);
            Timing run = time(analyze);
            out.printf(Locale.ROOT, "%s (%d runs each%s)%n", input, runs, heap == null ? "" : ", java -Xmx" + heap);
            out.printf(Locale.ROOT, "%-36s %12s %12s%n", "median of the runs", "wall ms", "CPU ms");
            out.printf(Locale.ROOT, "%-36s %12.0f %12s%n", "JVM start alone (hiphike --version)", start.wall().median(), cpu(start));
            out.printf(Locale.ROOT, "%-36s %12.0f %12s%n", "hiphike analyze --json", run.wall().median(), cpu(run));
            out.printf(Locale.ROOT, "analysis beyond JVM start: %.0f ms wall", run.wall().median() - start.wall().median());
            if (start.cpu() != null && run.cpu() != null) {
                out.printf(Locale.ROOT, ", %.0f ms CPU; CPU time of analyze / --version: %.2f",
                        run.cpu().median() - start.cpu().median(), run.cpu().median() / start.cpu().median());
            }
            out.println();
            if (parseRounds > 0) parseCost(out, input);
            out.flush();
            return 0;
        }

        private static String cpu(Timing t) {
            return t.cpu() == null ? "n/a" : String.format(Locale.ROOT, "%.0f", t.cpu().median());
        }

        /** The CSV reader alone, streaming the file to a sink that keeps nothing: thread CPU time and bytes allocated per sample. */
        private void parseCost(PrintWriter out, Path input) throws IOException, RecordingFormatException {
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long id = Thread.currentThread().getId();
            CsvRecordingReader reader = new CsvRecordingReader();
            long[] seen = new long[1];
            for (int i = 0; i < 3; i++) reader.stream(input, s -> seen[0]++);
            double[] ns = new double[parseRounds], bytes = new double[parseRounds];
            for (int i = 0; i < parseRounds; i++) {
                seen[0] = 0;
                long a0 = threads.getThreadAllocatedBytes(id), c0 = threads.getCurrentThreadCpuTime();
                reader.stream(input, s -> seen[0]++);
                ns[i] = (double) (threads.getCurrentThreadCpuTime() - c0) / seen[0];
                bytes[i] = (double) (threads.getThreadAllocatedBytes(id) - a0) / seen[0];
            }
            Stats.Summary n = Stats.Summary.of(ns), b = Stats.Summary.of(bytes);
            out.printf(Locale.ROOT, "parse (CsvRecordingReader.stream, %d samples, checks of units included; %d rounds after 3 warm-up):%n",
                    seen[0], parseRounds);
            out.printf(Locale.ROOT, "  %.0f ns per sample (min %.0f, max %.0f), %.0f bytes allocated per sample%n",
                    n.median(), n.min(), n.max(), b.median());
        }

        record Timing(Stats.Summary wall, Stats.Summary cpu) {}

        /**
         * Wall time and CPU time of {@code runs} runs of {@code command}, milliseconds. The CPU time is the child's
         * user + system time as Linux adds it to this process once the child was waited for (/proc/self/stat
         * cutime + cstime); null where there is no /proc.
         */
        private Timing time(List<String> command) throws IOException, InterruptedException {
            double[] ms = new double[runs], cpu = new double[runs];
            boolean haveCpu = true;
            for (int i = 0; i < runs; i++) {
                long c0 = childrenCpuTicks();
                long t0 = System.nanoTime();
                Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                if (!p.waitFor(600, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IOException("timed out: " + String.join(" ", command));
                }
                ms[i] = Stats.millisSince(t0);
                if (p.exitValue() != 0) throw new IOException("exit code " + p.exitValue() + ": " + String.join(" ", command));
                long c1 = childrenCpuTicks();
                haveCpu &= c0 >= 0 && c1 >= 0;
                cpu[i] = (c1 - c0) * 1000.0 / CLOCK_TICKS;
            }
            return new Timing(Stats.Summary.of(ms), haveCpu ? Stats.Summary.of(cpu) : null);
        }

        /** Clock ticks per second of /proc's times (USER_HZ, 100 on Linux). */
        private static final double CLOCK_TICKS = 100;

        /** cutime + cstime of this process: the CPU time of its children that were waited for, in ticks; -1 without /proc. */
        static long childrenCpuTicks() {
            try {
                String stat = Files.readString(Path.of("/proc/self/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[13]) + Long.parseLong(f[14]); // fields 16 and 17 of proc(5)
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }

        /** {@code hour} repeated {@code hours} times beside it (made on first use). */
        private static Path repeated(Path hour, int hours) throws IOException, RecordingFormatException {
            String name = hour.getFileName().toString().replaceFirst("\\.csv$", "");
            Path out = Path.of("target", "bench", name + "_x" + hours + ".csv");
            if (Files.exists(out)) return out;
            Files.createDirectories(out.getParent());
            LongRecording.repeat(hour, hours, out);
            return out;
        }

        private static Path hourLong() throws IOException {
            Path out = Path.of("target", "bench", "session_60min_100hz.csv");
            if (Files.exists(out)) return out;
            Files.createDirectories(out.getParent());
            LongRecording.simulate(out, 60);
            return out;
        }
    }

}
