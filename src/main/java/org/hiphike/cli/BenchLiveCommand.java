package org.hiphike.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.hiphike.bench.Stats;
import org.hiphike.live.LiveLatencyBench;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hiphike bench live}: latency from a sample's bytes on a serial path to the pipeline having processed it. */
@Command(name = "live", mixinStandardHelpOptions = true,
        description = {"Latency of the live path through a pseudo-terminal: from writing a sample's frame to the pty to the",
                "pipeline having processed it, split into the transport (pty, jSerialComm, thread wake-up) and what hiphike",
                "adds (decoding, pipeline, view callback). Then the reader thread's whole CPU time and allocation per sample",
                "(the reads included) for a plain read of the pty, the serial source with its decoder, and the source feeding a",
                "live session, in turn: reading + decoding is the source's cost beyond the plain read. Linux and macOS."})
public final class BenchLiveCommand implements Callable<Integer> {
    @Option(names = "--samples", defaultValue = "2000", description = "Measured samples (default ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--warmup", defaultValue = "500", description = "Samples before measuring (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--rate-hz", defaultValue = "200", description = "Samples per second (default ${DEFAULT-VALUE}).")
    double rateHz;

    @Option(names = "--cost-samples", defaultValue = "1000",
            description = "Samples of each CPU-cost run, after the warm-up (default ${DEFAULT-VALUE}).")
    int costSamples;

    @Option(names = "--cost-rounds", defaultValue = "3",
            description = "Rounds of the CPU-cost runs: a plain read, the source, the source and a live session in turn (default ${DEFAULT-VALUE}).")
    int costRounds;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (samples < 1 || samples > 1_000_000 || warmup < 0 || warmup > 1_000_000 || costSamples < 1 || costSamples > 1_000_000
                || costRounds < 1 || costRounds > 100) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--samples and --cost-samples must be 1-1000000, --warmup 0-1000000, --cost-rounds 1-100");
        }
        if (!(rateHz >= 1 && rateHz <= 5000)) throw new CommandLine.ParameterException(spec.commandLine(), "--rate-hz must be 1-5000");
        PrintWriter out = spec.commandLine().getOut();
        LiveLatencyBench.Result r = LiveLatencyBench.run(samples, warmup, rateHz, LiveLatencyBench.Reader.SESSION);
        out.printf(Locale.ROOT, "live latency, %d samples at %.0f Hz (after %d warm-up), one hiphike frame per sample through a pty%n",
                r.samples(), r.rateHz(), warmup);
        out.println(r.transport().line("transport (write -> read returns):"));
        out.println(r.hiphike().line("hiphike (read -> pipeline done):"));
        out.println(r.total().line("total (write -> pipeline done):"));
        out.println(r.hiphikeCpu().line("hiphike, reader thread CPU time:"));
        // the three readers in turn, round after round, so that the machine's load changes touch them alike
        double[][] cpuUs = new double[3][costRounds], bytes = new double[3][costRounds];
        LiveLatencyBench.Reader[] readers = {LiveLatencyBench.Reader.PLAIN, LiveLatencyBench.Reader.SOURCE, LiveLatencyBench.Reader.SESSION};
        for (int round = 0; round < costRounds; round++) {
            for (int k = 0; k < 3; k++) {
                double[] c = LiveLatencyBench.cost(costSamples, warmup, rateHz, readers[k]);
                cpuUs[k][round] = c[0];
                bytes[k][round] = c[1];
            }
        }
        String[] what = {"plain read of the pty (the kernel's floor)", "serial source + decoder (reading + decoding)",
                "source + live session (+ pipeline, listeners)"};
        out.printf(Locale.ROOT, "reader thread, whole CPU time per sample: %d samples at %.0f Hz after %d, no per-sample clocks,"
                + " median of %d rounds taken in turn%n", costSamples, rateHz, warmup, costRounds);
        double[] median = new double[3];
        for (int k = 0; k < 3; k++) {
            Stats.Summary c = Stats.Summary.of(cpuUs[k]);
            median[k] = c.median();
            out.printf(Locale.ROOT, "  %-48s %6.1f µs (min %5.1f, max %5.1f)  %4.0f bytes allocated%n", what[k], c.median(), c.min(),
                    c.max(), Stats.Summary.of(bytes[k]).median());
        }
        double added = median[1] - median[0];
        out.printf(Locale.ROOT, "reading + decoding beyond the plain read: %.1f µs per sample; %.2fx the plain read (target <= 5 µs: %s)%n",
                added, median[1] / median[0], added <= 5 ? "met" : "NOT met");
        out.printf(Locale.ROOT, "load average %.2f on %d cores (other programs' load shows in the wall-clock p99s)%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        out.printf(Locale.ROOT, "target: p99 added by hiphike <= 2000 µs: %s%n", r.hiphike().p99Us() <= 2000 ? "met" : "NOT met");
        out.flush();
        return 0;
    }

    /** Runs the benchmark on its own (until it is registered under {@code hiphike bench}). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchLiveCommand()).execute(args));
    }
}
