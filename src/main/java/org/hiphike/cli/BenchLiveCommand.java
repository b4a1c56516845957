package org.hiphike.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.hiphike.live.LiveLatencyBench;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hiphike bench live}: latency from a sample's bytes on a serial path to the pipeline having processed it. */
@Command(name = "live", mixinStandardHelpOptions = true,
        description = {"Latency of the live path through a pseudo-terminal: from writing a sample's frame to the pty to the",
                "pipeline having processed it, split into the transport (pty, jSerialComm, thread wake-up) and what hiphike",
                "adds (decoding, pipeline, view callback). Linux and macOS."})
public final class BenchLiveCommand implements Callable<Integer> {
    @Option(names = "--samples", defaultValue = "2000", description = "Measured samples (default ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--warmup", defaultValue = "500", description = "Samples before measuring (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--rate-hz", defaultValue = "200", description = "Samples per second (default ${DEFAULT-VALUE}).")
    double rateHz;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        LiveLatencyBench.Result r = LiveLatencyBench.run(samples, warmup, rateHz);
        out.printf(Locale.ROOT, "live latency, %d samples at %.0f Hz (after %d warm-up), one hiphike frame per sample through a pty%n",
                r.samples(), r.rateHz(), warmup);
        out.println(r.transport().line("transport (write -> read returns):"));
        out.println(r.hiphike().line("hiphike (read -> pipeline done):"));
        out.println(r.total().line("total (write -> pipeline done):"));
        out.println(r.hiphikeCpu().line("hiphike, reader thread CPU time:"));
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
