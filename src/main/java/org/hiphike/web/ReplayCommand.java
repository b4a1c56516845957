package org.hiphike.web;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hiphike.cli.PrescriptionOptions;
import org.hiphike.recording.CsvRecordingReader;
import org.hiphike.recording.Recording;
import org.hiphike.recording.RecordingFormatException;
import org.hiphike.source.Pace;
import org.hiphike.source.PacedSource;
import org.hiphike.source.RecordingSource;
import org.hiphike.source.SensorPorts;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hiphike replay FILE}: the dashboard, replaying a recording as if live. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replay a recording (CSV v1) through the live dashboard, in real time or faster or slower (--speed).",
                "Exit codes: 0 stopped, 2 the file cannot be read (the message says where and why)."})
public final class ReplayCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "A recording in CSV v1.")
    Path file;

    @Option(names = "--speed", defaultValue = "1", paramLabel = "TIMES",
            description = "Times real time, from 0.1 to 100, or max: as fast as it is analysed (default ${DEFAULT-VALUE}). "
                    + "The page's buttons change it to 1, 2, 4 or max.")
    String speed;

    @Mixin
    DashboardOptions dashboard = new DashboardOptions();

    @Mixin
    PrescriptionOptions prescription = new PrescriptionOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        double pace;
        Recording recording;
        try {
            pace = Pace.parseSpeed(speed);
            recording = new CsvRecordingReader().read(file);
        } catch (RecordingFormatException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("hiphike replay: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 2;
        }
        String name = file.getFileName().toString();
        var running = DashboardLauncher.start(dashboard, prescription, SensorPorts.NONE,
                catalog -> new DashboardLauncher.SourceStart(
                        new PacedSource(new RecordingSource(recording, name), new Pace(pace)), "file", name),
                spec.commandLine().getOut());
        return DashboardLauncher.serveUntilStopped(running);
    }
}
