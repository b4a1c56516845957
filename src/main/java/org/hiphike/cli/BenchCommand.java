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
import java.util.stream.Stream;
import org.hiphike.bench.AccuracyBench;
import org.hiphike.bench.AccuracyScore;
import org.hiphike.bench.Stats;
import org.hiphike.core.ImuSample;
import org.hiphike.exercise.Analysis;
import org.hiphike.exercise.PelvicDropPipeline;
import org.hiphike.exercise.PipelineSettings;
import org.hiphike.exercise.Report;
import org.hiphike.recording.CsvRecordingReader;
import org.hiphike.recording.CsvRecordingWriter;
import org.hiphike.recording.Recording;
import org.hiphike.recording.RecordingFormatException;
import org.hiphike.sim.Scenario;
import org.hiphike.sim.SimulatedRecording;
import org.hiphike.sim.Simulator;
import org.hiphike.sim.Truth;
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
            description = "Pipeline throughput on one core: samples per second through PelvicDropPipeline.update, and bytes allocated per sample.")
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

        static int runOnce(List<ImuSample> samples) {
            PelvicDropPipeline p = new PelvicDropPipeline(PipelineSettings.DEFAULTS);
            for (ImuSample s : samples) p.update(s);
            p.finish();
            return p.reps().size();
        }
    }

    @Command(name = "analyze", mixinStandardHelpOptions = true,
            description = {"`hiphike analyze --json` as a whole process on an hour of 100 Hz data (simulated into target/bench/",
                    "on first use), against the JVM start alone (`hiphike --version`). Runs the jar this command runs from."})
    static final class AnalyzeProcess implements Callable<Integer> {
        @Option(names = "--runs", defaultValue = "5", description = "Runs of each (default ${DEFAULT-VALUE}).")
        int runs;

        @Option(names = "--file", description = "Recording to analyse instead of the simulated hour.")
        Path file;

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
            Path input = file != null ? file : hourLong();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Stats.Summary start = time(List.of(java, "-jar", jar.toString(), "--version"));
            Stats.Summary analyze = time(List.of(java, "-jar", jar.toString(), "analyze", "--json", input.toString()));
            out.printf(Locale.ROOT, "%s (%d runs each, wall time)%n", input, runs);
            out.printf(Locale.ROOT, "JVM start alone (hiphike --version): median %.0f ms%n", start.median());
            out.printf(Locale.ROOT, "hiphike analyze --json:              median %.0f ms (min %.0f, max %.0f)%n",
                    analyze.median(), analyze.min(), analyze.max());
            out.printf(Locale.ROOT, "analysis beyond JVM start:          %.0f ms%n", analyze.median() - start.median());
            out.flush();
            return 0;
        }

        /** Wall time of {@code runs} runs of {@code command}, milliseconds. */
        private Stats.Summary time(List<String> command) throws IOException, InterruptedException {
            double[] ms = new double[runs];
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IOException("timed out: " + String.join(" ", command));
                }
                if (p.exitValue() != 0) throw new IOException("exit code " + p.exitValue() + ": " + String.join(" ", command));
                ms[i] = Stats.millisSince(t0);
            }
            return Stats.Summary.of(ms);
        }

        private static Path hourLong() throws IOException {
            Path out = Path.of("target", "bench", "session_60min_100hz.csv");
            if (Files.exists(out)) return out;
            Files.createDirectories(out.getParent());
            Scenario scenario = Scenario.preset("long-session", 60,
                    new Scenario.Options(null, null, "bmi270", 100.0, null, 60.0));
            SimulatedRecording sim = Simulator.simulate(scenario);
            Path tmp = out.resolveSibling(out.getFileName() + ".part");
            try (CsvRecordingWriter w = new CsvRecordingWriter(Files.newBufferedWriter(tmp), sim.recording().metadata(), false)) {
                for (ImuSample s : sim.recording().samples()) w.write(s);
            }
            Files.move(tmp, out);
            return out;
        }
    }

}
