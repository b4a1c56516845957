package org.hiphike.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.hiphike.exercise.Analysis;
import org.hiphike.exercise.ExerciseSet;
import org.hiphike.exercise.Fault;
import org.hiphike.exercise.Rep;
import org.hiphike.exercise.Report;
import org.hiphike.exercise.ReportJson;
import org.hiphike.recording.RecordingStream;
import org.hiphike.recording.RecordingFormatException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hiphike analyze FILE}: a per-rep table and summary, or the report JSON. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"Analyse a recording (CSV v1, or a raw capture in any supported sensor protocol) and print each rep and a summary.",
                "CSV v1 is analysed as it is read, in memory that does not grow with the recording (12 hours at 100 Hz fit in java -Xmx64m).",
                "Exit codes: 0 analysed, 2 the file cannot be analysed (the message says where and why)."})
public final class AnalyzeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "A recording in CSV v1, or a raw byte capture (hiphike frames, WitMotion, x-IMU3, CSV lines).")
    Path file;

    @Option(names = "--json", description = "Print exactly the report JSON (v1) on stdout and nothing else there.")
    boolean json;

    @Option(names = "--ignore-truncated-tail",
            description = "Drop a truncated last line (a recording cut off while being written) instead of refusing the file.")
    boolean ignoreTruncatedTail;

    @Option(names = "--join-restarts",
            description = "A recording whose time jumps back (the sensor's clock restarted): place each stretch after a "
                    + "restart 1 s after the one before and analyse them as one session, instead of refusing the file. "
                    + "The report counts the restarts (recording.clock_restarts).")
    boolean joinRestarts;

    @Option(names = "--explain",
            description = "Also print what the pipeline decided along the way (where each stance and set level was taken, "
                    + "why an excursion was not counted), once the whole file was read and found good; on stderr with --json.")
    boolean explain;

    @Mixin
    PrescriptionOptions prescription;

    @Mixin
    CaptureFormatOptions capture;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Report report;
        try (DeferredText decisions = new DeferredText()) {
            // The file is read as it is analysed; what the pipeline decided is held back until the whole file was
            // read and found good, so a bad file prints its message alone.
            RecordingStream recording = RecordingLoader.open(file, ignoreTruncatedTail, joinRestarts, capture);
            report = Analysis.analyze(recording, prescription.settings(), prescription.remap(), !explain ? null
                    : new org.hiphike.exercise.PipelineListener() {
                        @Override
                        public void decision(double timeS, String what) {
                            decisions.append(String.format(Locale.ROOT, "%9.2f s  %s%n", timeS, what));
                        }
                    });
            if (explain) {
                PrintWriter to = json ? err : out;
                decisions.writeTo(to);
                to.flush();
                if (!json) out.println();
            }
        } catch (RecordingFormatException | IllegalArgumentException e) {
            err.println("hiphike analyze: " + e.getMessage());
            err.flush();
            return 2;
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            err.println("hiphike analyze: cannot read " + file + ": " + e.getMessage());
            err.flush();
            return 2;
        }
        if (json) {
            out.println(ReportJson.toJson(report));
        } else {
            out.print(table(report));
        }
        out.flush();
        return 0;
    }

    /** The human-readable table and summary of a report. */
    static String table(Report r) {
        StringBuilder sb = new StringBuilder();
        Report.RecordingInfo info = r.recording();
        sb.append(String.format(Locale.ROOT, "%s: %.1f s, %d samples at %.0f Hz, %d dropped%s%n", info.source(),
                info.durationS(), info.samples(), info.rateHz(), info.droppedSamples(),
                (info.timeRepairs() == null ? "" : ", " + info.timeRepairs() + " timestamps a little out of order repaired")
                + (info.clockRestarts() == null ? "" : ", " + info.clockRestarts() + " clock restart"
                        + (info.clockRestarts() == 1 ? "" : "s") + " joined 1 s apart")));
        if (r.reps().isEmpty()) {
            sb.append("No reps found.\n");
            return sb.toString();
        }
        sb.append(String.format(Locale.ROOT, "%n%4s %3s %-5s %8s %8s %8s %6s %6s %6s %6s %7s  %s%n", "rep", "set", "side",
                "start s", "bottom s", "end s", "peak°", "hold s", "lower", "raise", "knee cm", "faults"));
        for (Rep rep : r.reps()) {
            String faults = rep.faults().isEmpty() ? "-"
                    : rep.faults().stream().map(Fault::jsonName).collect(Collectors.joining(","));
            sb.append(String.format(Locale.ROOT, "%4d %3d %-5s %8.2f %8.2f %8.2f %6.1f %6.2f %6.2f %6.2f %7.1f  %s%n",
                    rep.index(), rep.set(), rep.side().jsonName(), rep.startS(), rep.bottomS(), rep.endS(),
                    rep.peakDropDeg(), rep.holdS(), rep.lowerS(), rep.raiseS(), rep.kneeDropCm(), faults));
        }
        sb.append('\n');
        for (ExerciseSet set : r.sets()) {
            sb.append(String.format(Locale.ROOT, "Set %d: %s, %d reps, %.1f-%.1f s%n", set.index(), set.side().jsonName(),
                    set.repCount(), set.startS(), set.endS()));
        }
        Report.Summary s = r.summary();
        String faults = s.faultCounts().entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        sb.append(String.format(Locale.ROOT, "Summary: %s in %s; mean peak drop %.1f°, mean hold %.2f s; faults: %s%n",
                count(s.repCount(), "rep"), count(s.setCount(), "set"), s.meanPeakDropDeg(), s.meanHoldS(),
                faults.isEmpty() ? "none" : faults));
        var t = r.thresholds();
        sb.append(String.format(Locale.ROOT,
                "Thresholds: level %.1f°, peak >= %.1f°, hold band %.1f°, knee drop > %.1f cm, short hold < %.1f s, too fast < %.1f s%n",
                t.levelDeg(), t.minPeakDeg(), t.holdBandDeg(), t.kneeDropCm(), t.shortHoldS(), t.tooFastLowerS()));
        return sb.toString();
    }

    static Map<String, Integer> faultCounts(Report r) { return r.summary().faultCounts(); }

    /** "1 set", "3 sets": a count with its noun. */
    static String count(long n, String noun) { return n + " " + noun + (n == 1 ? "" : "s"); }
}
