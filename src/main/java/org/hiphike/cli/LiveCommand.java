package org.hiphike.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.hiphike.live.TerminalView;
import org.hiphike.web.DashboardOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hiphike live}: the pipeline on a live sensor, with the drop angle, phase, hold timer and each rep in the terminal. */
@Command(name = "live", mixinStandardHelpOptions = true,
        description = {"Run the analysis on a live sensor (USB, serial, Bluetooth SPP, Bluetooth LE). Serves the live dashboard",
                "(http://127.0.0.1:7070, opened in a browser) and shows the drop angle, phase, hold timer and each counted",
                "rep with its faults in the terminal. Unplugging pauses the session; plugging back in continues the same set.",
                "A phone app can be the sensor: HyperIMU with --udp or --tcp, Sensor Logger with --sensor-logger.",
                "The session is saved (samples, reps, report) in the data folder unless --no-save.",
                "Ctrl-C stops and prints the summary (or the report JSON with --json).",
                "Exit codes: 0 stopped, 2 the sensor cannot be opened, or (with --no-dashboard) read; the message says why."})
public final class LiveCommand implements Callable<Integer> {
    @Mixin
    LiveOptions live;

    @Mixin
    PrescriptionOptions prescription;

    @Option(names = "--json", description = "When stopped, print exactly the report JSON (v1) on stdout; the live view goes to stderr.")
    boolean json;

    @Mixin
    DashboardOptions dashboard = new DashboardOptions();

    @Option(names = "--no-dashboard", description = "Do not serve the dashboard: the terminal view only.")
    boolean noDashboard;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter view = json ? err : out;
        return new LiveRunner("live", live, prescription, out, err).run(view, null, null, dashboard, !noDashboard,
                (session, source, report, recordingFailure) -> {
            if (json) {
                err.print(LiveRunner.summary(session, source, report));
                out.println(LiveRunner.json(report));
            } else {
                out.println();
                for (var rep : report.reps()) out.println(TerminalView.repLine(rep));
                out.print(LiveRunner.summary(session, source, report));
            }
        });
    }
}
