package org.hiphike.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hiphike.web.DashboardOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hiphike record}: a live session written to CSV v1 as it goes (and optionally the raw bytes). */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = {"Record a live sensor to CSV v1 while showing the live view. The file is flushed at least once a",
                "second, so a crash or power cut loses at most the last second. A full disk or unwritable file is reported",
                "and the live view goes on. Ctrl-C stops and closes the file.",
                "Exit codes: 0 stopped, 2 the sensor cannot be opened or read."})
public final class RecordCommand implements Callable<Integer> {
    @Mixin
    LiveOptions live;

    @Mixin
    PrescriptionOptions prescription;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE.csv", description = "The recording (CSV v1).")
    Path output;

    @Option(names = "--raw", paramLabel = "FILE.bin",
            description = "Also keep the bytes exactly as the sensor sent them (a capture that `analyze` and `convert` read).")
    Path raw;

    @Mixin
    DashboardOptions dashboard = new DashboardOptions();

    @Option(names = "--dashboard", description = "Also serve the live dashboard (http://127.0.0.1:7070 unless --http-port says otherwise).")
    boolean serve;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return new LiveRunner("record", live, prescription, out, err).run(out, output, raw, dashboard, serve,
                (session, source, report, recordingFailure) -> {
            out.println();
            out.print(LiveRunner.summary(session, source, report));
            if (recordingFailure != null) {
                err.println("hiphike record: " + recordingFailure);
            } else {
                out.println("recorded " + report.recording().samples() + " samples to " + output
                        + (raw != null ? " (raw bytes in " + raw + ")" : ""));
            }
        });
    }
}
